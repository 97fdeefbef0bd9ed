import { type AzureRule, holderName, isSubscriptionOrAbove, scopeEvidence } from "./rule";

// An admin role (Owner, User Access Administrator, RBAC Administrator, a custom role that can assign roles) held
// permanently at a subscription or above instead of through PIM (eligible, activated for hours). Microsoft: "use
// Microsoft Entra Privileged Identity Management … just-in-time" (learn.microsoft.com/azure/role-based-access-control/
// best-practices#limit-privileged-administrator-role-assignments). Reported once per assignment (not per group member).
export const permanentAdminAtSubscription: AzureRule = {
  id: "azure-permanent-admin-at-subscription",
  title: "Permanent (not PIM) admin role at a subscription or above",
  severity: "medium",
  datasets: { azure: ["roleAssignments", "roleDefinitions", "pimActive"], entra: [] },
  fix: "Convert it to a PIM-eligible assignment with approval and a short activation, or move it to a narrower scope.",
  run(ctx) {
    return ctx.grants
      .filter((g) => g.viaGroup === null && g.kind === "direct" && g.tier === "admin" && g.endDateTime === null)
      .filter((g) => isSubscriptionOrAbove(g.scope))
      .map((g) => ({
        subjectKind: "principal" as const,
        subjectProviderId: g.principalId,
        subject: holderName(g),
        scope: g.scope,
        explanation: `${holderName(g)} holds ${g.roleName} at ${scopeEvidence(ctx, g.scope).scopeName} permanently (not through PIM)`,
        evidence: {
          ...scopeEvidence(ctx, g.scope),
          role: g.roleName,
          principalType: g.principalType,
          pimAssignmentType: g.assignment.attributes.pimAssignmentType ?? null,
        },
      }));
  },
};
