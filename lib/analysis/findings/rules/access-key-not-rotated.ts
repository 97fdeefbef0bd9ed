import { daysSince, principalHit, principalsOf, type Rule, type RuleHit } from "../rule";

/** CIS AWS: access keys rotated within 90 days (the report's access_key_N_last_rotated is the key's creation). */
const MAX_AGE_DAYS = 90;

export const rule: Rule = {
  id: "access-key-not-rotated",
  title: "Access key older than 90 days",
  severity: "medium",
  dataSource: "AWS: credential report (access_key_N_active, access_key_N_last_rotated)",
  datasets: { aws: ["credentialReport"] },
  clouds: ["aws"],
  fix: "Create a new key, move the workload to it, deactivate and then delete the old one; better, replace long-lived keys with roles.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of principalsOf(a, "aws", ["user"])) {
      const old = (pa.principal.attributes.credentials ?? [])
        .filter((k) => k.type === "accessKey" && k.active)
        .map((k) => ({ id: k.id, createdAt: k.createdAt, ageDays: daysSince(k.createdAt, a.now) }))
        .filter((k) => k.ageDays !== null && k.ageDays > MAX_AGE_DAYS);
      if (!old.length) continue;
      hits.push(
        principalHit(
          pa,
          `${pa.principal.name} has ${old.length === 1 ? "an active access key" : `${old.length} active access keys`} not rotated for ${old.map((k) => `${k.ageDays} days (${k.id})`).join(", ")}; the limit is ${MAX_AGE_DAYS}.`,
          { keys: old, thresholdDays: MAX_AGE_DAYS },
        ),
      );
    }
    return hits;
  },
};
