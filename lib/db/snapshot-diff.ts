import type { Assignment, Membership } from "../model";
import { ZAssignmentKindSchema } from "../model";
import { dbProvider, placeholder, type Db } from "./client";

/**
 * Rows that differ between two snapshots of a source, found in SQL (EXCEPT over the compared columns): what a drift
 * needs to load instead of two whole snapshots. A row present identically in both snapshots is never read.
 */

const q = (c: string) => `"${c}"`;
const cols = (names: string[]) => names.map(q).join(", ");

/** Rows of `table` in snapshot A whose `columns` differ from every row of snapshot B (set difference). */
async function except(
  db: Db,
  table: string,
  columns: string[],
  a: string,
  b: string,
  filterA = "",
  filterB = "",
): Promise<Record<string, unknown>[]> {
  const p1 = placeholder(db, 1);
  const p2 = placeholder(db, 2);
  const sql = `SELECT ${cols(columns)} FROM ${q(table)} WHERE ${q("snapshotId")} = ${p1}${filterA} EXCEPT SELECT ${cols(columns)} FROM ${q(table)} WHERE ${q("snapshotId")} = ${p2}${filterB}`;
  return db.$queryRawUnsafe<Record<string, unknown>[]>(sql, a, b);
}

/** The columns a drift compares, per table with a provider id. */
export const DRIFT_COMPARED = {
  Principal: ["name", "enabled", "guest", "mfaRegistered", "email", "upn"],
  PermissionSet: ["name", "statements"],
  AccessControl: ["name", "state", "who", "targets", "conditions", "controls"],
} as const;

/** Provider ids whose compared columns (plus `extra`) differ between the snapshots, either way. */
export async function differingProviderIds(
  db: Db,
  table: keyof typeof DRIFT_COMPARED,
  from: string,
  to: string,
  extra: string[] = [],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const [a, b] of [
    [from, to],
    [to, from],
  ] as const)
    for (const r of await except(db, table, ["providerId", ...DRIFT_COMPARED[table], ...extra], a, b))
      out.add(String(r.providerId));
  return out;
}

/**
 * Memberships (group, member) of snapshot A that B does not have. `direct` per snapshot: compare only its direct rows
 * (when it records any, as analysis does).
 */
export async function membershipsOnlyIn(
  db: Db,
  a: string,
  b: string,
  direct: Record<string, boolean>,
): Promise<Membership[]> {
  const onlyDirect = (s: string) =>
    direct[s] ? ` AND ${q("direct")} = ${dbProvider(db) === "postgres" ? "true" : "1"}` : "";
  return (
    await except(db, "Membership", ["groupProviderId", "memberProviderId"], a, b, onlyDirect(a), onlyDirect(b))
  ).map((r) => ({
    groupProviderId: String(r.groupProviderId),
    memberProviderId: String(r.memberProviderId),
    direct: direct[a] === true,
  }));
}

/** Assignments (principal, permission set, scope, kind) of snapshot A that B does not have; attributes not read. */
export async function assignmentsOnlyIn(db: Db, a: string, b: string): Promise<Assignment[]> {
  return (
    await except(db, "Assignment", ["principalProviderId", "permissionSetProviderId", "scope", "kind"], a, b)
  ).map((r) => ({
    principalProviderId: String(r.principalProviderId),
    permissionSetProviderId: String(r.permissionSetProviderId),
    scope: String(r.scope),
    kind: ZAssignmentKindSchema.parse(r.kind),
    attributes: {},
  }));
}
