import { requiresMfaGrant } from "../mfa-grant";
import type { Rule } from "../rule";
import { tenantPolicyHits } from "../tenant-policy-check";

/** Azure Resource Manager (portal, CLI, PowerShell, Terraform) reachable without MFA (CIS Azure 5.2.6). */
export const rule: Rule = {
  id: "no-mfa-for-azure-management",
  title: "MFA not required for Azure management",
  severity: "high",
  dataSource: "Entra: conditional-access policies (Windows Azure Service Management API or all apps, grant MFA)",
  datasets: { entra: ["conditionalAccess"] },
  clouds: ["entra"],
  fix: "Enable a conditional-access policy for all users on 'Windows Azure Service Management API' (or all cloud apps) that requires MFA or an authentication strength.",
  run(a) {
    return tenantPolicyHits(a, {
      requirement: "requires MFA",
      // NOTE: the app id of "Windows Azure Service Management API" (learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps).
      app: { id: "797f4846-ba00-4fd7-ba43-dac1f8f63013", name: "Windows Azure Service Management API" },
      matches: requiresMfaGrant,
    });
  },
};
