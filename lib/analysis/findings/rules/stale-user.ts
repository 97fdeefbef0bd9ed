import type { Rule, RuleHit } from "../rule";
import { daysSince, principalHit } from "../rule";

/**
 * Users with no activity beyond the threshold. "Never used" (the data was collected and shows no use) is reported
 * apart from "unknown" (not collected — no finding, the rule is marked incomplete for that source).
 */
export const rule: Rule = {
  id: "stale-user",
  title: "Stale user",
  severity: "low",
  dataSource: "AWS: credential report (password and access-key last use); Entra: signInActivity",
  datasets: { aws: ["credentialReport"], entra: ["signInActivity"] },
  clouds: ["aws", "entra"],
  fix: "Disable or delete the account if nobody needs it; for AWS remove the console password and access keys first.",
  run(a) {
    const hits: RuleHit[] = [];
    const limit = a.config.staleUserDays;
    for (const pa of a.principals.values()) {
      const p = pa.principal;
      if (p.kind !== "user" || p.enabled === false || pa.mfa.breakGlass) continue;
      const known =
        pa.source.model.kind === "aws"
          ? p.attributes.credentialReport === "present"
          : p.attributes.lastSignIn !== undefined;
      if (!known) continue; // unknown ≠ never
      const age = daysSince(p.createdAt, a.now);
      const idle = daysSince(p.lastActivityAt, a.now);
      const admin = pa.tier.tier === "admin" || pa.tier.tier === "privileged";
      if (idle === null) {
        if (age !== null && age < a.config.newPrincipalGraceDays) continue;
        hits.push(
          principalHit(
            pa,
            `${p.upn ?? p.name} has never signed in${age !== null ? ` (created ${age} days ago)` : ""}.`,
            { lastActivityAt: null, never: true, createdAt: p.createdAt, tier: pa.tier.tier },
            { severity: admin ? "medium" : "low" },
          ),
        );
      } else if (idle > limit) {
        hits.push(
          principalHit(
            pa,
            `${p.upn ?? p.name} has not been used for ${idle} days (threshold ${limit}).`,
            {
              lastActivityAt: p.lastActivityAt,
              idleDays: idle,
              thresholdDays: limit,
              never: false,
              tier: pa.tier.tier,
            },
            { severity: admin ? "medium" : "low" },
          ),
        );
      }
    }
    return hits;
  },
};
