import { type GeneratedTenantOptions, generatedTenant, guid, OBJECT_ID_PREFIX } from "../entra/generated-tenant";
import type { PrincipalDirectory, PrincipalKind } from "./estate";

const PREFIX: Record<PrincipalKind, string> = {
  user: OBJECT_ID_PREFIX.user,
  group: OBJECT_ID_PREFIX.group,
  servicePrincipal: OBJECT_ID_PREFIX.servicePrincipal,
  deletedUser: OBJECT_ID_PREFIX.user,
  deletedGroup: OBJECT_ID_PREFIX.group,
  deletedSp: OBJECT_ID_PREFIX.servicePrincipal,
};

/**
 * The principals of an Azure estate are the objects of a generated Entra tenant (lib/fakes/entra/generated-tenant.ts)
 * of the same sizes: user i, group g and service principal s have the ids that tenant serves, so a fake Entra tenant
 * started with `generatedTenant(options)` resolves every assignment's principal, its guests and its managed identities.
 * Deleted principals (orphaned assignments) use the same id scheme past the end of each list: ids the tenant does not
 * hold.
 */
export function generatedTenantDirectory(
  options: GeneratedTenantOptions,
  tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47",
): PrincipalDirectory {
  const tenant = generatedTenant(options);
  const counts = { user: options.users, group: options.groups, servicePrincipal: options.servicePrincipals };
  const base = (kind: PrincipalKind) =>
    kind === "user" || kind === "deletedUser" ? "user" : kind === "group" || kind === "deletedGroup" ? "group" : "sp";
  return {
    tenantId,
    users: options.users,
    groups: options.groups,
    servicePrincipals: options.servicePrincipals,
    id(kind, index) {
      const b = base(kind);
      const count = b === "user" ? counts.user : b === "group" ? counts.group : counts.servicePrincipal;
      return guid(PREFIX[kind], kind.startsWith("deleted") ? count + index : index);
    },
    lookup(id) {
      const m = /^([0-9a-f]{8})-0000-4000-8000-([0-9a-f]{12})$/.exec(id.toLowerCase());
      if (!m) return null;
      const i = parseInt(m[2]!, 16);
      const kinds: [string, PrincipalKind, PrincipalKind, number][] = [
        [OBJECT_ID_PREFIX.user, "user", "deletedUser", counts.user],
        [OBJECT_ID_PREFIX.group, "group", "deletedGroup", counts.group],
        [OBJECT_ID_PREFIX.servicePrincipal, "servicePrincipal", "deletedSp", counts.servicePrincipal],
      ];
      const k = kinds.find((x) => x[0] === m[1]);
      if (!k) return null;
      return i < k[3] ? { kind: k[1], index: i } : { kind: k[2], index: i - k[3] };
    },
    isGuest: (i) => tenant.user(i).userType === "Guest",
    isManagedIdentity: (s) => tenant.servicePrincipal(s).servicePrincipalType === "ManagedIdentity",
    displayName(kind, index) {
      if (kind === "user") return String(tenant.user(index).displayName);
      if (kind === "group") return String(tenant.group(index).displayName);
      if (kind === "servicePrincipal") return String(tenant.servicePrincipal(index).displayName);
      return "";
    },
    email: (i) => (tenant.user(i).mail as string | null) ?? null,
  };
}

/** Entra tenant sizes for an estate with this many role assignments (enough principals that most hold a few). */
export function tenantOptionsFor(roleAssignments: number): GeneratedTenantOptions {
  const users = Math.max(60, Math.ceil(roleAssignments / 10));
  const groups = Math.max(12, Math.ceil(roleAssignments / 100));
  return {
    users,
    groups,
    memberships: Math.min(users * 3, groups * 200),
    servicePrincipals: Math.max(20, Math.ceil(roleAssignments / 200)),
    caPolicies: 6,
  };
}
