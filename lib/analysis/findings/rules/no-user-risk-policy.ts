import type { Rule } from "../rule";
import { tenantPolicyHits } from "../tenant-policy-check";

/** Entra ID Protection user risk acted on by conditional access (secure password change or block at high risk). */
export const rule: Rule = {
  id: "no-user-risk-policy",
  title: "No user risk policy",
  severity: "medium",
  dataSource: "Entra: conditional-access policies (userRiskLevels with grant passwordChange or block)",
  datasets: { entra: ["conditionalAccess"] },
  clouds: ["entra"],
  fix: "Enable a conditional-access policy for all users and all cloud apps with user risk High that requires a secure password change (with MFA) or blocks access (Entra ID P2).",
  run(a) {
    return tenantPolicyHits(a, {
      requirement: "requires a password change or blocks access when user risk is high",
      matches: (c) =>
        (c.conditions.userRiskLevels ?? []).includes("high") &&
        (c.controls.block || c.controls.grant.includes("passwordChange")),
    });
  },
};
