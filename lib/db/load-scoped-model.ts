import { arnMatch, iamMatch } from "../aws-actions/action-pattern";
import type { SourceModel } from "../model";
import { AppError } from "../errors";
import { sqliteBulk } from "./bulk-insert";
import { dbProvider, dbUrl, type Db } from "./client";
import {
  emptySnapshotModel,
  toAccessControl,
  toAssignment,
  toMembership,
  toNamedLocation,
  toPermissionSet,
  toPrincipal,
} from "./load-snapshot";

/**
 * A SourceModel holding only what evaluating some principals needs — their tier, MFA, conditional-access coverage and
 * AWS effective permissions (lib/analysis tiers.ts, mfa.ts, ca-coverage.ts, effective-permissions.ts) — read through
 * the (snapshotId, providerId / memberProviderId / principalProviderId) indexes instead of the whole snapshot:
 *
 * - the principals and every group they reach through nested memberships (names for "via group" reasons),
 * - the memberships among them (member → group edges; the same direct/transitive choice indexSource makes),
 * - their and their groups' assignments (direct, PIM-eligible, boundary) and the permission sets those name, their
 *   inline policies (by owner id or ARN) and permission boundaries (attributes.permissionsBoundaryArn),
 * - every access control and named location (a tenant has few), and the snapshot's datasets, so "not collected"
 *   stays distinct from zero.
 *
 * Rows keep the snapshot's row order, so every evaluation on the scoped model equals the one on the whole snapshot
 * (proved for every principal of the sample and a generated organisation in
 * lib/services/scoped-model-evaluation.db.test.ts). Group → member expansions (`membersOf`) are NOT complete on a
 * scoped model: it is for evaluating the principals asked for.
 */

/** IN-lists are chunked to stay far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 1000;

/** The columns the converters read (no raw / search / derived / document: most of the bytes, never evaluated). */
const COLUMNS = {
  principal: [
    "kind",
    "providerId",
    "name",
    "displayName",
    "arn",
    "email",
    "upn",
    "enabled",
    "guest",
    "createdAt",
    "lastActivityAt",
    "mfaRegistered",
    "attributes",
    "tags",
  ],
  membership: ["groupProviderId", "memberProviderId", "direct"],
  assignment: ["principalProviderId", "permissionSetProviderId", "scope", "kind", "attributes"],
  permissionSet: [
    "kind",
    "providerId",
    "name",
    "description",
    "builtIn",
    "ownerProviderId",
    "statements",
    "attributes",
  ],
} as const;
type Table = keyof typeof COLUMNS;
const TABLE_NAME: Record<Table, string> = {
  principal: "Principal",
  membership: "Membership",
  assignment: "Assignment",
  permissionSet: "PermissionSet",
};
const BOOL = new Set(["enabled", "guest", "mfaRegistered", "direct", "builtIn"]);
const JSON_COLUMN = new Set(["attributes", "tags", "statements"]);
const DATE = new Set(["createdAt", "lastActivityAt"]);

type Row = Record<string, unknown> & { id: number };

/**
 * Rows of one snapshot whose `column` is one of `ids` (an indexed lookup), with `equals` as further conditions.
 * SQLite reads through the better-sqlite3 handle: Prisma's engine "js" costs ~10× the CPU on these IN-lists (≈40 ms
 * vs 3 ms for a page of 40 users), which is most of a page's time. Rows come decoded as Prisma gives them (booleans,
 * Dates, parsed JSON), so the same converters serve both paths.
 */
async function rowsIn(
  db: Db,
  table: Table,
  snapshotId: string,
  column: string,
  ids: string[],
  equals: Record<string, string | boolean> = {},
): Promise<Row[]> {
  const names: readonly string[] = COLUMNS[table];
  const out: Row[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    // Prisma on PostgreSQL, and for a client this module cannot open a handle beside (an extended one: no known URL).
    if (dbProvider(db) === "postgres" || dbUrl(db) === undefined) {
      const delegate = db[table] as unknown as { findMany(args: unknown): Promise<Row[]> };
      const select = Object.fromEntries(["id", ...names].map((n) => [n, true]));
      out.push(...(await delegate.findMany({ where: { snapshotId, [column]: { in: chunk }, ...equals }, select })));
      continue;
    }
    const extra = Object.keys(equals);
    const sql =
      `SELECT "id", ${names.map((n) => `"${n}"`).join(", ")} FROM "${TABLE_NAME[table]}" WHERE "snapshotId" = ? AND "${column}" IN (${chunk.map(() => "?").join(", ")})` +
      extra.map((k) => ` AND "${k}" = ?`).join("");
    const params = [
      snapshotId,
      ...chunk,
      ...extra.map((k) => (typeof equals[k] === "boolean" ? Number(equals[k]) : equals[k])),
    ];
    for (const r of sqliteBulk(db)
      .handle.prepare(sql)
      .all(...params) as Row[]) {
      for (const n of names) {
        const v = r[n];
        if (v === null || v === undefined) continue;
        if (BOOL.has(n)) r[n] = v !== 0;
        else if (JSON_COLUMN.has(n)) r[n] = JSON.parse(v as string);
        else if (DATE.has(n)) r[n] = new Date(v as string);
      }
      out.push(r);
    }
  }
  return out;
}

const byRowId = (rows: Row[]): Row[] => {
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).sort((a, b) => a.id - b.id);
};

type PassRoleStatement = { effect?: string; actions?: string[]; notActions?: string[]; resources?: string[] };

/**
 * The resource patterns of the loaded Allow statements that could reach iam:PassRole (an Allow with NotAction may);
 * `null` when none could. Conditions and NotResource are ignored: this only picks what to load, a superset is safe.
 */
function passRoleResources(statements: unknown): string[] | null {
  if (!Array.isArray(statements)) return null;
  const out: string[] = [];
  for (const st of statements as PassRoleStatement[]) {
    if (st.effect !== "Allow") continue;
    const reaches = (st.notActions ?? []).length > 0 || (st.actions ?? []).some((a) => iamMatch(a, "iam:PassRole"));
    if (reaches) out.push(...(st.resources?.length ? st.resources : ["*"]));
  }
  return out.length ? out : null;
}

/** What every scoped model of one snapshot shares: metadata, datasets, access controls, named locations. */
export interface SnapshotFrame {
  model: SourceModel;
  /** Whether the snapshot records direct memberships (then transitive rows are ignored, as indexSource does). */
  directMemberships: boolean;
}

export async function loadSnapshotFrame(db: Db, snapshotId: string): Promise<SnapshotFrame> {
  const model = await emptySnapshotModel(db, snapshotId);
  const accessControls = await db.accessControl.findMany({
    where: { snapshotId },
    orderBy: { id: "asc" },
    omit: { raw: true },
  });
  const namedLocations = await db.namedLocation.findMany({
    where: { snapshotId },
    orderBy: { id: "asc" },
    omit: { raw: true },
  });
  const direct = await db.membership.findFirst({ where: { snapshotId, direct: true }, select: { id: true } });
  model.accessControls = accessControls.map(toAccessControl);
  model.namedLocations = namedLocations.map(toNamedLocation);
  return { directMemberships: direct !== null, model };
}

/**
 * The scoped model of `providerIds` in a snapshot (ids not in the snapshot are simply absent). Pass a frame from
 * loadSnapshotFrame to reuse it across calls (a table page after its header).
 */
export async function loadScopedModel(
  db: Db,
  snapshotId: string,
  providerIds: string[],
  frame?: SnapshotFrame,
  withRoles = false,
): Promise<SourceModel> {
  const f = frame ?? (await loadSnapshotFrame(db, snapshotId));
  if (f.model.snapshotId !== snapshotId)
    throw new AppError("INTERNAL", `Frame of snapshot ${f.model.snapshotId} used for ${snapshotId}`);

  // Groups reached from the principals, level by level (nested groups; cycles stop at already-seen groups).
  const reached = new Set(providerIds);
  const memberships: Row[] = [];
  for (let frontier = [...reached]; frontier.length; ) {
    const rows = await rowsIn(
      db,
      "membership",
      snapshotId,
      "memberProviderId",
      frontier,
      f.directMemberships ? { direct: true } : {},
    );
    frontier = [];
    for (const m of rows) {
      memberships.push(m);
      const g = m.groupProviderId as string;
      if (!reached.has(g)) {
        reached.add(g);
        frontier.push(g);
      }
    }
  }
  const ids = [...reached];
  const principals = byRowId(await rowsIn(db, "principal", snapshotId, "providerId", ids));
  const assignments = byRowId(await rowsIn(db, "assignment", snapshotId, "principalProviderId", ids));

  const setIds = new Set(assignments.map((a) => a.permissionSetProviderId as string));
  const owners = new Set(ids);
  for (const p of principals) {
    if (p.arn) owners.add(p.arn as string);
    const boundary = (p.attributes as { permissionsBoundaryArn?: unknown } | null)?.permissionsBoundaryArn;
    if (typeof boundary === "string" && boundary) setIds.add(boundary);
  }
  const named = await rowsIn(db, "permissionSet", snapshotId, "providerId", [...setIds]);
  // Inline policies are found by owner too, for data whose connector did not also record them as assignments. No index
  // covers ownerProviderId: the (snapshotId, kind) prefix narrows the read to the snapshot's inline policies. Only the
  // AWS evaluator reads inline policies.
  const inline =
    f.model.kind !== "aws"
      ? []
      : await rowsIn(db, "permissionSet", snapshotId, "ownerProviderId", [...owners], { kind: "inlinePolicy" });
  const permissionSets = byRowId([...named, ...inline]);

  // A principal that may pass roles is judged by the roles it can pass (lib/analysis/tiers.ts passableRoles): those
  // roles, with their trust and policies, must be in the model too, or a scoped page would show a lower tier or a
  // shorter reason than the whole snapshot does. Loaded: the roles a service can assume whose ARN a loaded Allow
  // that could reach iam:PassRole names.
  const passable =
    f.model.kind === "aws" && !withRoles ? permissionSets.flatMap((r) => passRoleResources(r.statements) ?? []) : [];
  if (passable.length) {
    const roles = await rowsIn(db, "principal", snapshotId, "kind", ["role"]);
    const more = roles
      .filter((r) => {
        const trust = (r.attributes as { trust?: { type?: string }[] } | null)?.trust ?? [];
        const arn = r.arn as string | null;
        return !!arn && trust.some((t) => t.type === "service") && passable.some((pattern) => arnMatch(pattern, arn));
      })
      .map((r) => r.providerId as string)
      .filter((id) => !reached.has(id));
    if (more.length) return loadScopedModel(db, snapshotId, [...providerIds, ...more], f, true);
  }

  // Rows carry the columns the converters read (COLUMNS), decoded as Prisma would give them.
  return {
    ...f.model,
    principals: principals.map((r) => toPrincipal(r as never)),
    memberships: byRowId(memberships).map((r) => toMembership(r as never)),
    permissionSets: permissionSets.map((r) => toPermissionSet(r as never)),
    assignments: assignments.map((r) => toAssignment(r as never)),
  };
}
