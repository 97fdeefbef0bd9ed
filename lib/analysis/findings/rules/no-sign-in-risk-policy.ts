import type { Rule } from "../rule";
import { tenantPolicyHits } from "../tenant-policy-check";

/** Entra ID Protection sign-in risk acted on by conditional access (MFA or block at high risk). */
export const rule: Rule = {
  id: "no-sign-in-risk-policy",
  title: "No sign-in risk policy",
  severity: "medium",
  dataSource: "Entra: conditional-access policies (signInRiskLevels with grant MFA or block)",
  datasets: { entra: ["conditionalAccess"] },
  clouds: ["entra"],
  fix: "Enable a conditional-access policy for all users and all cloud apps with sign-in risk High (and Medium) that requires MFA or blocks access (Entra ID P2).",
  run(a) {
    return tenantPolicyHits(a, {
      requirement: "requires MFA or blocks access when sign-in risk is high",
      matches: (c) =>
        (c.conditions.signInRiskLevels ?? []).includes("high") &&
        (c.controls.block || c.controls.grant.includes("mfa") || c.controls.authenticationStrength !== null),
    });
  },
};
