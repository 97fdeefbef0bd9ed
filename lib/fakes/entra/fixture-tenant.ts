import fs from "node:fs";
import path from "node:path";
import type { Json, MemberRef, TenantSource } from "./tenant";

/**
 * A tenant seeded from a folder of Graph responses, one file per collection (the layout of
 * lib/providers/entra/testdata/tenant): users.json, groups.json, groups/<id>/members.json, roleDefinitions.json,
 * roleAssignments.json, roleEligibilitySchedules.json, servicePrincipals.json,
 * servicePrincipals/<id>/appRoleAssignments.json (and appRoleAssignedTo.json, synchronization/jobs.json for the AWS
 * apps), oauth2PermissionGrants.json, userRegistrationDetails.json,
 * namedLocations.json, conditionalAccessPolicies.json. Missing files are empty collections.
 */
export function fixtureTenant(dir: string): TenantSource {
  const read = (rel: string): Json[] => {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) return [];
    const v = JSON.parse(fs.readFileSync(file, "utf8")) as { value?: Json[] } | Json[];
    return Array.isArray(v) ? v : (v.value ?? []);
  };
  const users = read("users.json");
  const groups = read("groups.json");
  const sps = read("servicePrincipals.json");
  const regs = new Map(read("userRegistrationDetails.json").map((r) => [r.id, r]));
  const index = (list: Json[]) => {
    const m = new Map(list.map((o, i) => [o.id, i]));
    return (id: string) => m.get(id) ?? -1;
  };
  return {
    userCount: users.length,
    user: (i) => users[i]!,
    userIndex: index(users),
    registration: (i) => regs.get(users[i]!.id) ?? { id: users[i]!.id, isMfaRegistered: false, methodsRegistered: [] },
    groupCount: groups.length,
    group: (i) => groups[i]!,
    groupIndex: index(groups),
    members: (g) => read(`groups/${groups[g]!.id}/members.json`) as unknown as MemberRef[],
    spCount: sps.length,
    servicePrincipal: (i) => sps[i]!,
    spIndex: index(sps),
    appRoleAssignments: (s) => read(`servicePrincipals/${sps[s]!.id}/appRoleAssignments.json`),
    appRoleAssignedTo: (s) => read(`servicePrincipals/${sps[s]!.id}/appRoleAssignedTo.json`),
    synchronizationJobs: (s) => read(`servicePrincipals/${sps[s]!.id}/synchronization/jobs.json`),
    oauth2PermissionGrants: read("oauth2PermissionGrants.json"),
    roleDefinitions: read("roleDefinitions.json"),
    roleAssignments: read("roleAssignments.json"),
    roleEligibilitySchedules: read("roleEligibilitySchedules.json"),
    namedLocations: read("namedLocations.json"),
    conditionalAccessPolicies: read("conditionalAccessPolicies.json"),
  };
}
