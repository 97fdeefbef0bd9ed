import { daysSince, principalHit, principalsOf, type Rule, type RuleHit } from "../rule";

/**
 * CIS AWS: a console password or active access key not used for 45 days or more should be disabled. A credential never
 * used counts from its creation (the user's, for a password); one whose use is unknown is left alone.
 */
const UNUSED_DAYS = 45;

export const rule: Rule = {
  id: "credentials-unused-45-days",
  title: "Credential unused for 45 days",
  severity: "medium",
  dataSource:
    "AWS: credential report (password_enabled, password_last_used, access_key_N_active, access_key_N_last_used_date)",
  datasets: { aws: ["credentialReport"] },
  clouds: ["aws"],
  fix: "Remove the console password (delete the login profile) or deactivate the access key that is not used.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of principalsOf(a, "aws", ["user"])) {
      const p = pa.principal;
      const unused: { credential: string; days: number; never: boolean }[] = [];
      if (p.attributes.consolePassword === true) {
        const used = daysSince(p.attributes.passwordLastUsedAt, a.now);
        const never = used === null && daysSince(p.createdAt, a.now);
        if (used !== null && used >= UNUSED_DAYS) unused.push({ credential: "password", days: used, never: false });
        else if (typeof never === "number" && never >= UNUSED_DAYS)
          unused.push({ credential: "password", days: never, never: true });
      }
      for (const k of p.attributes.credentials ?? []) {
        if (k.type !== "accessKey" || !k.active) continue;
        const used = daysSince(k.lastUsedAt, a.now);
        const age = daysSince(k.createdAt, a.now);
        if (used !== null && used >= UNUSED_DAYS) unused.push({ credential: k.id, days: used, never: false });
        else if (used === null && k.neverUsed && age !== null && age >= UNUSED_DAYS)
          unused.push({ credential: k.id, days: age, never: true });
      }
      if (!unused.length) continue;
      hits.push(
        principalHit(
          pa,
          `${p.name}: ${unused.map((u) => `${u.credential} ${u.never ? `never used in ${u.days} days` : `unused for ${u.days} days`}`).join("; ")} (limit ${UNUSED_DAYS}).`,
          { unused, thresholdDays: UNUSED_DAYS },
        ),
      );
    }
    return hits;
  },
};
