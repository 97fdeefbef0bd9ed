import { organizationHit } from "../access-path-facts";
import type { Rule, RuleHit } from "../rule";

/**
 * Identity Center group members that the linked Entra group no longer (or never) had: AWS still grants what the
 * group is assigned until provisioning catches up — or forever when someone added them by hand.
 */
export const rule: Rule = {
  id: "provisioning-drift",
  title: "Identity Center group member missing from its Entra group",
  severity: "medium",
  dataSource: "AWS Identity Center: group memberships (ExternalIds); Entra: group memberships (transitive)",
  datasets: { entra: ["memberships"], awsOrganization: ["identityStoreGroups"] },
  clouds: ["entra", "awsOrganization"],
  acrossSources: true,
  fix: "Check the provisioning job (Entra → the AWS IAM Identity Center app → Provisioning: state, quarantine, last cycle); remove members added by hand in Identity Center; restart provisioning if it is stuck.",
  run(a) {
    const ap = a.accessPaths;
    if (!ap?.organization) return [];
    const hits: RuleHit[] = [];
    const seen = new Set<string>();
    for (const p of ap.paths) {
      if (!p.attributes.drift) continue;
      const u = p.hops.find((h) => h.kind === "identityCenterUser");
      const g = p.hops.find((h) => h.kind === "identityCenterGroup");
      if (!u || !g || seen.has(`${u.id}|${g.id}`)) continue;
      seen.add(`${u.id}|${g.id}`);
      const grants = ap.paths.filter((x) => x.attributes.drift && x.hops.includes(u) && x.hops.includes(g));
      hits.push(
        organizationHit(
          a,
          { kind: "user", providerId: u.id, name: u.name },
          `${p.attributes.drift}. Through it: ${[...new Set(grants.map((x) => `${x.grant} in ${x.targetName}`))].slice(0, 5).join(", ")}.`,
          {
            group: g.name,
            grants: grants.slice(0, 10).map((x) => ({ account: x.targetId, grant: x.grant, tier: x.tier })),
          },
          { severity: grants.some((x) => x.tier === "admin" || x.tier === "privileged") ? "high" : "medium" },
        ),
      );
    }
    return hits;
  },
};
