import { passwordPolicyHits } from "../password-policy";
import type { Rule } from "../rule";

/** CIS AWS 2.8: the account password policy remembers at least this many previous passwords. */
export const MIN_REUSE_PREVENTION = 24;

export const rule: Rule = {
  id: "password-policy-reuse",
  title: "Password policy allows reusing recent passwords",
  severity: "low",
  dataSource: "AWS: account password policy (GetAccountPasswordPolicy), PasswordReusePrevention",
  datasets: { aws: ["passwordPolicy"] },
  clouds: ["aws"],
  fix: `aws iam update-account-password-policy --password-reuse-prevention ${MIN_REUSE_PREVENTION} (keep the other settings: the call replaces the whole policy).`,
  run: (a) =>
    passwordPolicyHits(a, (p) => {
      if (!p) return "no password policy is set, so any previous password may be reused.";
      const n = p.passwordReusePrevention;
      if (n === null) return "the password policy does not prevent password reuse.";
      return n < MIN_REUSE_PREVENTION
        ? `the password policy remembers ${n} previous password${n === 1 ? "" : "s"} (at least ${MIN_REUSE_PREVENTION} expected).`
        : null;
    }),
};
