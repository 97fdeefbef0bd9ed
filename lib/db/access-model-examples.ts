import type { Db } from "./client";

/**
 * Live examples for the access-models page (workshops): one real object per concept and cloud, chosen to show the
 * concept well (a person linked in both clouds, an IAM group and the Entra group closest by name, a role with its
 * trust policy, a PIM-eligible role assignment, an MFA condition next to a CA policy requiring MFA). Small, bounded
 * reads only: at most a few hundred rows per query whatever the tenant's size.
 */

export interface ExampleRef {
  name: string;
  detail: string;
  href: string | null;
}

const SCAN = 300;

export async function linkedPersonExample(db: Db) {
  return db.person.findFirst({
    where: { hasAws: true, hasEntra: true, ambiguous: false, breakGlass: false },
    orderBy: [{ tierRank: "desc" }, { displayName: "asc" }],
    select: {
      id: true,
      displayName: true,
      method: true,
      confidence: true,
      identities: { select: { cloud: true, name: true } },
    },
  });
}

export async function groupsOf(db: Db, snapshotId: string) {
  return db.principal.findMany({
    where: { snapshotId, kind: "group" },
    orderBy: { name: "asc" },
    take: SCAN,
    select: { id: true, providerId: true, name: true, displayName: true, attributes: true },
  });
}

export async function memberCountOf(db: Db, snapshotId: string, groupProviderId: string): Promise<number> {
  return db.membership.count({ where: { snapshotId, groupProviderId, direct: true } });
}

export async function rolesOf(db: Db, snapshotId: string) {
  return db.principal.findMany({
    where: { snapshotId, kind: "role" },
    orderBy: { name: "asc" },
    take: SCAN,
    select: { id: true, name: true, tier: true, attributes: true },
  });
}

export async function eligibleAssignment(db: Db, snapshotId: string) {
  const a = await db.assignment.findFirst({
    where: { snapshotId, kind: "eligible" },
    select: { principalProviderId: true, permissionSetProviderId: true, scope: true },
  });
  if (!a) return null;
  const [p, ps] = await Promise.all([
    db.principal.findUnique({
      where: { snapshotId_providerId: { snapshotId, providerId: a.principalProviderId } },
      select: { id: true, name: true, upn: true },
    }),
    db.permissionSet.findUnique({
      where: { snapshotId_providerId: { snapshotId, providerId: a.permissionSetProviderId } },
      select: { id: true, name: true },
    }),
  ]);
  return { principal: p, role: ps, scope: a.scope };
}

export async function permissionSetsOf(db: Db, snapshotId: string, kinds: string[]) {
  return db.permissionSet.findMany({
    where: { snapshotId, kind: { in: kinds } },
    orderBy: [{ builtIn: "asc" }, { name: "asc" }],
    take: SCAN,
    select: { id: true, name: true, kind: true, builtIn: true, statements: true, attributes: true },
  });
}

export async function accessControlsOf(db: Db, snapshotId: string) {
  return db.accessControl.findMany({
    where: { snapshotId },
    orderBy: { name: "asc" },
    take: SCAN,
    select: { id: true, name: true, state: true, controls: true, who: true },
  });
}

export async function countAssignmentsOfKind(db: Db, snapshotId: string, kind: string): Promise<number> {
  return db.assignment.count({ where: { snapshotId, kind } });
}

export async function guestExample(db: Db, snapshotId: string) {
  return db.principal.findFirst({
    where: { snapshotId, kind: "user", guest: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, upn: true, tier: true },
  });
}

export async function servicePrincipalExample(db: Db, snapshotId: string) {
  return db.principal.findFirst({
    where: { snapshotId, kind: { in: ["managedIdentity", "servicePrincipal"] }, tier: { not: "none" } },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    select: { id: true, name: true, kind: true, tier: true },
  });
}
