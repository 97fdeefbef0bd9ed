import type { Rule } from "../rule";
import { tenantPolicyHits } from "../tenant-policy-check";

/** The OAuth device-code flow (phishing via "enter this code") left open. */
export const rule: Rule = {
  id: "device-code-flow-not-blocked",
  title: "Device-code flow not blocked",
  severity: "medium",
  dataSource: "Entra: conditional-access policies (authenticationFlows.transferMethods deviceCodeFlow + block)",
  datasets: { entra: ["conditionalAccess"] },
  clouds: ["entra"],
  fix: "Enable a conditional-access policy for all users and all cloud apps with the authentication flows condition 'Device code flow' and grant 'Block access'; exclude only the few accounts that need it.",
  run(a) {
    return tenantPolicyHits(a, {
      requirement: "blocks the device-code flow",
      matches: (c) =>
        c.controls.block && (c.conditions.authenticationFlows ?? "").split(",").includes("deviceCodeFlow"),
    });
  },
};
