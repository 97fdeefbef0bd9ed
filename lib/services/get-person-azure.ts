import {
  type AzureRoleAssignmentRow,
  azureRoleAssignmentsOfPrincipals,
  groupsOfMembers,
} from "../db/azure-role-assignments";
import type { Db } from "../db/client";
import { readAzureEstates } from "./refresh-azure-views";

/** One Azure role a person holds at a scope: directly, or through a group they are a (nested) member of. */
export interface PersonAzureGrant {
  row: AzureRoleAssignmentRow & { id: number };
  estate: string;
  /** The group the assignment names; null when it names the person's own identity. */
  via: { id: string; name: string } | null;
}

export interface PersonAzure {
  /** Azure estates loaded (none: the section says so instead of "no access"). */
  estates: { sourceId: string; sourceName: string; hasDirectory: boolean }[];
  /** Role assignments, PIM schedules, classic administrator and deny rows naming them or their groups. */
  direct: PersonAzureGrant[];
  /** Highest tier held now (eligible apart), with the grant. */
  highest: PersonAzureGrant | null;
  highestEligible: PersonAzureGrant | null;
}

/**
 * A person's Azure RBAC access: every row of the role-assignment list that names one of their Entra identities (or,
 * for a classic administrator, their e-mail) or a group they belong to in that tenant, highest tier first. The scope
 * is where the role was granted: it applies there and to every scope below it.
 */
export async function getPersonAzure(db: Db, entraUserIds: string[], emails: string[] = []): Promise<PersonAzure> {
  const estates = await readAzureEstates(db);
  const out: PersonAzureGrant[] = [];
  const ids = entraUserIds.map((i) => i.toLowerCase());
  for (const e of estates) {
    const groups = e.entraSnapshotId ? await groupsOfMembers(db, e.entraSnapshotId, entraUserIds) : [];
    const groupOf = new Map(groups.map((g) => [g.id, g]));
    const rows = await azureRoleAssignmentsOfPrincipals(
      db,
      [e.snapshotId],
      [...ids, ...emails.map((m) => m.toLowerCase()), ...groupOf.keys()],
    );
    for (const row of rows) out.push({ row, estate: e.sourceName, via: groupOf.get(row.principalId) ?? null });
  }
  out.sort(
    (a, b) =>
      b.row.tierRank - a.row.tierRank ||
      a.estate.localeCompare(b.estate) ||
      a.row.node - b.row.node ||
      a.row.scope.localeCompare(b.row.scope) ||
      a.row.roleName.localeCompare(b.row.roleName),
  );
  const best = (eligible: boolean) =>
    out.find((g) => g.row.tier && g.row.kind !== "deny" && (g.row.kind === "eligible") === eligible) ?? null;
  return {
    estates: estates.map((e) => ({
      sourceId: e.sourceId,
      sourceName: e.sourceName,
      hasDirectory: !!e.entraSnapshotId,
    })),
    direct: out,
    highest: best(false),
    highestEligible: best(true),
  };
}
