import type { Rule, RuleHit } from "../rule";
import { principalHit } from "../rule";

/**
 * Emergency-access accounts are meant to be excluded from MFA policies; they are listed for review, not flagged as
 * gaps (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access).
 */
export const rule: Rule = {
  id: "break-glass-account",
  title: "Break-glass account identified",
  severity: "info",
  dataSource: "Entra: directory roles, conditional-access exclusions, account names",
  datasets: { entra: ["roleAssignments", "conditionalAccess"] },
  clouds: ["entra"],
  fix: "Confirm this is a documented emergency-access account: long random password or FIDO2 key in a safe, sign-ins monitored and alerted, excluded from MFA policies on purpose.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of a.principals.values()) {
      if (!pa.mfa.breakGlass) continue;
      hits.push(
        principalHit(
          pa,
          `${pa.principal.name} looks like an emergency-access (break-glass) account: ${pa.mfa.breakGlass.reason}.`,
          {
            reason: pa.mfa.breakGlass.reason,
            tier: pa.tier.tier,
            excludedFrom: pa.controls?.excludedFrom ?? [],
            lastActivityAt: pa.principal.lastActivityAt,
          },
        ),
      );
    }
    return hits;
  },
};
