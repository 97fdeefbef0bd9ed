import type { Rule, RuleHit } from "../rule";
import { daysSince, principalHit, principalsOf } from "../rule";

/**
 * AWS roles not assumed beyond the threshold. GAAD's RoleLastUsed is empty for roles unused in AWS's tracking window
 * (400 days), so an empty value with authorization details collected means "never (in the window)".
 * Service-linked roles are skipped: AWS services own them.
 */
export const rule: Rule = {
  id: "stale-role",
  title: "Stale role",
  severity: "low",
  dataSource: "AWS: RoleLastUsed from GetAccountAuthorizationDetails",
  datasets: { aws: ["authorizationDetails"] },
  clouds: ["aws"],
  fix: "Delete roles nobody assumes, after checking what trusts them; a privileged unused role is an attack path.",
  run(a) {
    const hits: RuleHit[] = [];
    const limit = a.config.staleRoleDays;
    for (const pa of principalsOf(a, "aws", ["role"])) {
      const p = pa.principal;
      if (p.attributes.serviceLinked === true || (p.attributes.path ?? "").startsWith("/aws-service-role/")) continue;
      const age = daysSince(p.createdAt, a.now);
      const idle = daysSince(p.lastActivityAt, a.now);
      const admin = pa.tier.tier === "admin" || pa.tier.tier === "privileged";
      if (idle === null) {
        if (age !== null && age < Math.max(a.config.newPrincipalGraceDays, 1)) continue;
        hits.push(
          principalHit(
            pa,
            `Role ${p.name} has no recorded use${age !== null ? ` since it was created ${age} days ago` : ""}.`,
            { lastActivityAt: null, never: true, tier: pa.tier.tier },
            { severity: admin ? "medium" : "low" },
          ),
        );
      } else if (idle > limit) {
        hits.push(
          principalHit(
            pa,
            `Role ${p.name} was last used ${idle} days ago (threshold ${limit}).`,
            { lastActivityAt: p.lastActivityAt, idleDays: idle, thresholdDays: limit, tier: pa.tier.tier },
            { severity: admin ? "medium" : "low" },
          ),
        );
      }
    }
    return hits;
  },
};
