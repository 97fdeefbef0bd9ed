import type { Rule, RuleHit } from "../rule";
import { rootAccounts } from "../root-account";

/** Access keys on the AWS root user: long-lived credentials for the one identity no policy can restrict. */
export const rule: Rule = {
  id: "root-access-key",
  title: "Root user has an access key",
  severity: "critical",
  dataSource: "AWS: credential report, <root_account> row (access_key_N_active)",
  datasets: { aws: ["credentialReport"] },
  clouds: ["aws"],
  fix: "Sign in as root, delete its access keys (Security credentials), and use IAM roles for programmatic access.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const { root, hit } of rootAccounts(a)) {
      const active = root.accessKeys.filter((k) => k.active);
      if (!active.length) continue;
      hits.push(
        hit(`The root user has ${active.length} active access key${active.length === 1 ? "" : "s"}.`, {
          activeKeys: active.map((k) => ({ id: k.id, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt })),
        }),
      );
    }
    return hits;
  },
};
