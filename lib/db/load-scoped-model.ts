import type { DatasetStatus, SourceKind } from "../model";
import type { SourceModel } from "../analysis/source-model";
import { AppError } from "../errors";
import type { Db } from "./client";
import { iso, toAccessControl, toAssignment, toMembership, toNamedLocation, toPermissionSet, toPrincipal } from "./load-snapshot";

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
 * (proved for every principal of the sample and a generated organisation in load-scoped-model.db.test.ts).
 * Group → member expansions (`membersOf`) are NOT complete on a scoped model: it is for evaluating the principals asked for.
 */

/** IN-lists are chunked to stay far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 1000;

async function chunked<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) for (const r of await read(ids.slice(i, i + CHUNK))) out.push(r);
  return out;
}

const byRowId = <T extends { id: number }>(rows: T[]): T[] => {
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).sort((a, b) => a.id - b.id);
};

/** What every scoped model of one snapshot shares: metadata, datasets, access controls, named locations. */
export interface SnapshotFrame {
  model: SourceModel;
  /** Whether the snapshot records direct memberships (then transitive rows are ignored, as indexSource does). */
  directMemberships: boolean;
}

export async function loadSnapshotFrame(db: Db, snapshotId: string): Promise<SnapshotFrame> {
  const snap = await db.snapshot.findUnique({
    where: { id: snapshotId },
    select: { id: true, finishedAt: true, datasets: true, source: { select: { id: true, name: true, kind: true } } },
  });
  if (!snap) throw new AppError("NOT_FOUND", `No snapshot ${snapshotId}`);
  const accessControls = await db.accessControl.findMany({ where: { snapshotId }, orderBy: { id: "asc" }, omit: { raw: true } });
  const namedLocations = await db.namedLocation.findMany({ where: { snapshotId }, orderBy: { id: "asc" }, omit: { raw: true } });
  const direct = await db.membership.findFirst({ where: { snapshotId, direct: true }, select: { id: true } });
  return {
    directMemberships: direct !== null,
    model: {
      sourceId: snap.source.id,
      sourceName: snap.source.name,
      kind: snap.source.kind as SourceKind,
      snapshotId,
      finishedAt: iso(snap.finishedAt),
      datasets: (snap.datasets ?? {}) as Record<string, DatasetStatus>,
      principals: [],
      memberships: [],
      permissionSets: [],
      assignments: [],
      accessControls: accessControls.map(toAccessControl),
      namedLocations: namedLocations.map(toNamedLocation),
    },
  };
}

/**
 * The scoped model of `providerIds` in a snapshot (ids not in the snapshot are simply absent). Pass a frame from
 * loadSnapshotFrame to reuse it across calls (a table page after its header).
 */
export async function loadScopedModel(db: Db, snapshotId: string, providerIds: string[], frame?: SnapshotFrame): Promise<SourceModel> {
  const f = frame ?? (await loadSnapshotFrame(db, snapshotId));
  if (f.model.snapshotId !== snapshotId) throw new AppError("INTERNAL", `Frame of snapshot ${f.model.snapshotId} used for ${snapshotId}`);

  // Groups reached from the principals, level by level (nested groups; cycles stop at already-seen groups).
  const reached = new Set(providerIds);
  const memberships: { id: number; groupProviderId: string; memberProviderId: string; direct: boolean }[] = [];
  for (let frontier = [...reached]; frontier.length; ) {
    const rows = await chunked(frontier, (ids) =>
      db.membership.findMany({
        where: { snapshotId, memberProviderId: { in: ids }, ...(f.directMemberships ? { direct: true } : {}) },
        select: { id: true, groupProviderId: true, memberProviderId: true, direct: true },
      }),
    );
    frontier = [];
    for (const m of rows) {
      memberships.push(m);
      if (!reached.has(m.groupProviderId)) {
        reached.add(m.groupProviderId);
        frontier.push(m.groupProviderId);
      }
    }
  }
  const ids = [...reached];
  const principals = byRowId(
    await chunked(ids, (chunk) => db.principal.findMany({ where: { snapshotId, providerId: { in: chunk } }, omit: { raw: true, search: true, derived: true } })),
  );
  const assignments = byRowId(await chunked(ids, (chunk) => db.assignment.findMany({ where: { snapshotId, principalProviderId: { in: chunk } } })));

  const setIds = new Set(assignments.map((a) => a.permissionSetProviderId));
  const owners = new Set(ids);
  for (const p of principals) {
    if (p.arn) owners.add(p.arn);
    const boundary = (p.attributes as { permissionsBoundaryArn?: unknown } | null)?.permissionsBoundaryArn;
    if (typeof boundary === "string" && boundary) setIds.add(boundary);
  }
  const omitSet = { search: true, document: true } as const;
  const named = await chunked([...setIds], (chunk) => db.permissionSet.findMany({ where: { snapshotId, providerId: { in: chunk } }, omit: omitSet }));
  // Inline policies are found by owner too, for data whose connector did not also record them as assignments. No index
  // covers ownerProviderId: the (snapshotId, kind) prefix narrows the read to the snapshot's inline policies. Only the
  // AWS evaluator reads inline policies.
  const inline =
    f.model.kind !== "aws"
      ? []
      : await chunked([...owners], (chunk) =>
          db.permissionSet.findMany({ where: { snapshotId, kind: "inlinePolicy", ownerProviderId: { in: chunk } }, omit: omitSet }),
        );
  const permissionSets = byRowId([...named, ...inline]);

  return {
    ...f.model,
    principals: principals.map(toPrincipal),
    memberships: byRowId(memberships).map(toMembership),
    permissionSets: permissionSets.map(toPermissionSet),
    assignments: assignments.map(toAssignment),
  };
}
