import type { AccessPath } from "../../../model";
import { organizationHit } from "../access-path-facts";
import type { Rule, RuleHit } from "../rule";

/** People per group from which an admin permission set assigned to the group is worth a finding. */
const LARGE_GROUP = 25;

/**
 * An Identity Center group that gives admin in an account to many people (25 or more, or half of all Identity
 * Center users): admin should go to a few named people, ideally through just-in-time elevation.
 */
export const rule: Rule = {
  id: "group-assigned-admin",
  title: "Admin permission set assigned to a large group",
  severity: "high",
  dataSource:
    "AWS Identity Center: group memberships, account assignments, permission sets; the role's policies and SCPs",
  datasets: { awsOrganization: ["identityStoreGroups", "permissionSets", "accountAssignments"] },
  clouds: ["awsOrganization"],
  fix: "Assign the admin permission set to a small, named group (or to users through a just-in-time request flow), and give the large group a read-only or job-function permission set instead.",
  run(a) {
    const ap = a.accessPaths;
    const org = ap?.organization;
    if (!ap || !org) return [];
    const members = new Map<string, number>();
    for (const m of org.model.memberships) members.set(m.groupProviderId, (members.get(m.groupProviderId) ?? 0) + 1);
    const users = org.model.principals.filter((p) => p.kind === "user").length;
    const byGroup = new Map<string, AccessPath[]>();
    for (const p of ap.paths) {
      if (p.via !== "identityCenter" || p.tier !== "admin") continue;
      const g = p.hops.find((h) => h.kind === "identityCenterGroup");
      if (!g) continue;
      byGroup.set(g.id, [...(byGroup.get(g.id) ?? []), p]);
    }
    const hits: RuleHit[] = [];
    for (const [groupId, paths] of byGroup) {
      const n = members.get(groupId) ?? 0;
      const half = users > 0 && n * 2 >= users;
      if (n < LARGE_GROUP && !half) continue;
      const group = ap.identityStore.get(groupId);
      const pairs = [...new Set(paths.map((p) => `${p.grant} in ${p.targetName}`))];
      hits.push(
        organizationHit(
          a,
          { kind: "group", providerId: groupId, name: group?.name ?? groupId },
          `${group?.name ?? groupId} (${n} members${half ? `, ${Math.round((100 * n) / users)}% of Identity Center users` : ""}) gives admin through ${pairs.slice(0, 5).join(", ")}${pairs.length > 5 ? ", …" : ""}.`,
          { members: n, identityCenterUsers: users, grants: pairs.slice(0, 20) },
          { severity: half ? "critical" : "high" },
        ),
      );
    }
    return hits;
  },
};
