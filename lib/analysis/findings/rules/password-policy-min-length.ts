import { passwordPolicyHits } from "../password-policy";
import type { Rule } from "../rule";

/** CIS AWS 2.7: the account password policy requires at least this many characters. */
export const MIN_PASSWORD_LENGTH = 14;

export const rule: Rule = {
  id: "password-policy-min-length",
  title: `Password policy allows passwords shorter than ${MIN_PASSWORD_LENGTH} characters`,
  severity: "medium",
  dataSource: "AWS: account password policy (GetAccountPasswordPolicy), MinimumPasswordLength",
  datasets: { aws: ["passwordPolicy"] },
  clouds: ["aws"],
  fix: `aws iam update-account-password-policy --minimum-password-length ${MIN_PASSWORD_LENGTH} (keep the other settings: the call replaces the whole policy).`,
  run: (a) =>
    passwordPolicyHits(a, (p) => {
      if (!p) return "no password policy is set, so IAM's default minimum of 8 characters applies.";
      const len = p.minimumPasswordLength;
      if (len === null) return "the password policy sets no minimum length.";
      return len < MIN_PASSWORD_LENGTH
        ? `the password policy's minimum length is ${len} characters (at least ${MIN_PASSWORD_LENGTH} expected).`
        : null;
    }),
};
