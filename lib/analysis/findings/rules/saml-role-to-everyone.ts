import type { Principal } from "../../../model";
import { entraUserHit } from "../access-path-facts";
import type { Rule, RuleHit } from "../rule";

/** Share of the tenant's enabled members from which an assignment counts as "everyone". */
const EVERYONE = 0.9;

/**
 * An AWS SAML app role (an IAM role) assigned to a group that holds (nearly) every enabled member of the tenant, or to
 * a dynamic group whose rule takes in every user: everyone in the company can assume that role.
 */
export const rule: Rule = {
  id: "saml-role-to-everyone",
  title: "AWS SAML role assigned to everyone in the tenant",
  severity: "high",
  dataSource: "Entra: app role assignments of the AWS SAML apps, group memberships, users; AWS: the role's policies",
  datasets: { entra: ["appRoleAssignedTo", "memberships"] },
  clouds: ["entra"],
  fix: "Assign the role to the group of people who need it, not to an all-users group; keep the all-users assignment for a read-only role at most.",
  run(a) {
    const ap = a.accessPaths;
    if (!ap) return [];
    const index = ap.entra.index;
    const enabled = ap.entra.model.principals.filter(
      (p) => p.kind === "user" && p.enabled !== false && p.guest !== true,
    ).length;
    const everyoneRule = (g: Principal) =>
      typeof g.attributes.dynamicRule === "string" &&
      /^\s*\(?\s*user\.objectId\s+-ne\s+null\s*\)?\s*$/i.test(g.attributes.dynamicRule);
    const seen = new Set<string>();
    const hits: RuleHit[] = [];
    for (const p of ap.paths) {
      if (p.via !== "saml") continue;
      const gHop = p.hops.find((h) => h.kind === "entraGroup");
      if (!gHop || seen.has(`${gHop.id}|${p.grant}`)) continue;
      seen.add(`${gHop.id}|${p.grant}`);
      const g = index.principal.get(gHop.id);
      if (!g) continue;
      const users = [...index.membersOf(g.providerId)].filter((m) => index.principal.get(m)?.kind === "user").length;
      if (!everyoneRule(g) && !(enabled >= 10 && users >= EVERYONE * enabled)) continue;
      const sameRole = ap.paths.filter(
        (x) => x.via === "saml" && x.grant === p.grant && x.hops.some((h) => h.id === g.providerId),
      );
      hits.push({
        ...entraUserHit(
          a,
          p.entraPrincipalId,
          `The group ${g.displayName} (${everyoneRule(g) ? "a dynamic group of all users" : `${users} of ${enabled} enabled members`}) is assigned the AWS role ${p.grant} (${p.tier ?? "tier unknown"}): everyone can sign in to account ${p.targetName} as it.`,
          {
            role: p.grant,
            account: p.targetId,
            tier: p.tier,
            groupMembers: users,
            tenantMembers: enabled,
            people: sameRole.length,
          },
          {
            severity:
              p.tier === "admin" || p.tier === "privileged" ? "critical" : p.tier === "read" ? "medium" : "high",
          },
        ),
        subjectKind: "group",
        subjectProviderId: g.providerId,
        subject: g.displayName,
      });
    }
    return hits;
  },
};
