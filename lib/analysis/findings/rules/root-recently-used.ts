import { daysSince, type Rule, type RuleHit } from "../rule";
import { rootAccounts } from "../root-account";

/**
 * Root used (password or access key) within the last 30 days. CIS leaves "daily use" to the auditor's judgement; a
 * month is Crosswalk's line: the few tasks only root can do (https://docs.aws.amazon.com/IAM/latest/UserGuide/
 * id_root-user.html#root-user-tasks) are rare.
 */
const RECENT_DAYS = 30;

export const rule: Rule = {
  id: "root-recently-used",
  title: "Root user used recently",
  severity: "high",
  dataSource: "AWS: credential report, <root_account> row (password_last_used, access_key_N_last_used_date)",
  datasets: { aws: ["credentialReport"] },
  clouds: ["aws"],
  fix: "Use IAM Identity Center or IAM roles for administration; keep root for the tasks only it can do, with its MFA device locked away.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const { root, hit } of rootAccounts(a)) {
      const days = daysSince(root.lastActivityAt, a.now);
      if (days === null || days > RECENT_DAYS) continue;
      hits.push(
        hit(`The root user was last used ${days} day${days === 1 ? "" : "s"} ago (within ${RECENT_DAYS} days).`, {
          lastActivityAt: root.lastActivityAt,
          passwordLastUsedAt: root.passwordLastUsedAt,
          days,
          thresholdDays: RECENT_DAYS,
        }),
      );
    }
    return hits;
  },
};
