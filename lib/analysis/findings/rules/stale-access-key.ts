import type { Rule, RuleHit } from "../rule";
import { daysSince, principalHit, principalsOf } from "../rule";

/** Active AWS access keys unused beyond the threshold, or never used. */
export const rule: Rule = {
  id: "stale-access-key",
  title: "Stale access key",
  severity: "medium",
  dataSource: "AWS: credential report (access_key_N_active, access_key_N_last_used_date)",
  datasets: { aws: ["credentialReport"] },
  clouds: ["aws"],
  fix: "Deactivate the key, wait for complaints, then delete it; prefer roles and short-lived credentials over long-lived keys.",
  run(a) {
    const hits: RuleHit[] = [];
    const limit = a.config.staleKeyDays;
    for (const pa of principalsOf(a, "aws", ["user"])) {
      for (const k of pa.principal.attributes.credentials ?? []) {
        if (k.type !== "accessKey" || !k.active) continue;
        const age = daysSince(k.createdAt, a.now);
        const idle = daysSince(k.lastUsedAt, a.now);
        if (idle === null && k.neverUsed) {
          if (age !== null && age < a.config.newPrincipalGraceDays) continue;
          hits.push(
            principalHit(
              pa,
              `Access key ${k.id} of ${pa.principal.name} is active and has never been used${age !== null ? ` (created ${age} days ago)` : ""}.`,
              { keyId: k.id, never: true, createdAt: k.createdAt },
            ),
          );
        } else if (idle !== null && idle > limit) {
          hits.push(
            principalHit(
              pa,
              `Access key ${k.id} of ${pa.principal.name} has not been used for ${idle} days (threshold ${limit}).`,
              { keyId: k.id, lastUsedAt: k.lastUsedAt, idleDays: idle, thresholdDays: limit, never: false },
            ),
          );
        }
      }
    }
    return hits;
  },
};
