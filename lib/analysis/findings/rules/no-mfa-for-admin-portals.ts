import { requiresMfaGrant } from "../mfa-grant";
import type { Rule } from "../rule";
import { tenantPolicyHits } from "../tenant-policy-check";

/** Microsoft admin portals (Entra, Azure, Microsoft 365, Exchange…) reachable without MFA (CIS Azure 5.2.7). */
export const rule: Rule = {
  id: "no-mfa-for-admin-portals",
  title: "MFA not required for Microsoft admin portals",
  severity: "high",
  dataSource: "Entra: conditional-access policies (MicrosoftAdminPortals or all apps, grant MFA)",
  datasets: { entra: ["conditionalAccess"] },
  clouds: ["entra"],
  fix: "Enable a conditional-access policy for all users on 'Microsoft Admin Portals' (or all cloud apps) that requires MFA or an authentication strength.",
  run(a) {
    return tenantPolicyHits(a, {
      requirement: "requires MFA",
      // NOTE: CA names this app group with the keyword MicrosoftAdminPortals in includeApplications
      // (learn.microsoft.com/graph/api/resources/conditionalaccessapplications).
      app: { id: "MicrosoftAdminPortals", name: "Microsoft Admin Portals" },
      matches: requiresMfaGrant,
    });
  },
};
