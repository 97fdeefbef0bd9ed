import type { Rule, RuleHit } from "../rule";
import { rootAccounts } from "../root-account";

/** The AWS root user with no MFA device. */
export const rule: Rule = {
  id: "root-without-mfa",
  title: "Root user without MFA",
  severity: "critical",
  dataSource: "AWS: credential report, <root_account> row (mfa_active)",
  datasets: { aws: ["credentialReport"] },
  clouds: ["aws"],
  fix: "Sign in as root and register an MFA device (a FIDO2 security key or a hardware TOTP token kept in a safe), or remove root credentials with centralized root access in AWS Organizations.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const { root, hit } of rootAccounts(a)) {
      if (root.mfaActive !== false) continue;
      hits.push(hit("The root user has no MFA device.", { mfaActive: false }));
    }
    return hits;
  },
};
