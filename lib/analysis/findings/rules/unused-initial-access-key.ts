import { principalHit, principalsOf, type Rule, type RuleHit } from "../rule";

/**
 * CIS AWS: console users should not get an access key at set-up "just in case". The audit procedure flags a user with
 * a password whose active key has never been used (access_key_N_last_used_date N/A).
 */
export const rule: Rule = {
  id: "unused-initial-access-key",
  title: "Console user with a never-used access key",
  severity: "low",
  dataSource: "AWS: credential report (password_enabled, access_key_N_active, access_key_N_last_used_date)",
  datasets: { aws: ["credentialReport"] },
  clouds: ["aws"],
  fix: "Delete the unused key; create access keys only when a person needs the CLI, and prefer IAM Identity Center credentials.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of principalsOf(a, "aws", ["user"])) {
      if (pa.principal.attributes.consolePassword !== true) continue;
      const unused = (pa.principal.attributes.credentials ?? []).filter(
        (k) => k.type === "accessKey" && k.active && k.neverUsed === true,
      );
      if (!unused.length) continue;
      hits.push(
        principalHit(
          pa,
          `${pa.principal.name} signs in to the console and has ${unused.length === 1 ? "an active access key" : `${unused.length} active access keys`} never used (${unused.map((k) => k.id).join(", ")}).`,
          { keys: unused.map((k) => ({ id: k.id, createdAt: k.createdAt })) },
        ),
      );
    }
    return hits;
  },
};
