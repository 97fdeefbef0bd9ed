import type { Rule, RuleHit } from "../rule";
import { principalHit } from "../rule";

/** Users who sign in interactively with a password and have no MFA device / method registered. */
export const rule: Rule = {
  id: "no-mfa-console-user",
  title: "Console user without MFA",
  severity: "high",
  dataSource:
    "AWS: IAM credential report (password_enabled, mfa_active); Entra: authentication-methods registration report (isMfaRegistered)",
  datasets: { aws: ["credentialReport"], entra: ["mfaRegistration"] },
  clouds: ["aws", "entra"],
  fix: "Register an MFA device (AWS: a virtual MFA or FIDO2 key on the IAM user; Entra: Authenticator or a passkey), then enforce it with a policy.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of a.principals.values()) {
      const p = pa.principal;
      if (p.kind !== "user" || p.mfaRegistered !== false || p.enabled === false) continue;
      if (pa.mfa.breakGlass) continue;
      if (pa.source.model.kind === "aws") {
        if (p.attributes.consolePassword !== true) continue;
        hits.push(
          principalHit(pa, `IAM user ${p.name} can sign in to the AWS console with a password and has no MFA device.`, {
            consolePassword: true,
            mfaActive: false,
            passwordLastUsedAt: p.attributes.passwordLastUsedAt ?? null,
            tier: pa.tier.tier,
          }),
        );
      } else {
        hits.push(
          principalHit(
            pa,
            `${p.upn ?? p.name} has no MFA method registered${pa.mfa.enforced ? " (a policy will ask for one at next sign-in)" : ""}.`,
            { isMfaRegistered: false, enforced: pa.mfa.enforced, guest: p.guest, tier: pa.tier.tier },
            { severity: pa.mfa.enforced ? "low" : "medium" },
          ),
        );
      }
    }
    return hits;
  },
};
