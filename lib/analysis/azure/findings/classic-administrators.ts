import { type AzureRule, scopeEvidence } from "./rule";

// Classic subscription administrators still reported: Owner-equivalent, outside Azure RBAC and PIM. Microsoft retired
// them on 2024-08-31 and asks to convert them to Owner role assignments
// (learn.microsoft.com/azure/role-based-access-control/classic-administrators).
export const classicAdministrators: AzureRule = {
  id: "azure-classic-administrators",
  title: "Classic subscription administrator present",
  severity: "medium",
  datasets: { azure: ["classicAdministrators"], entra: [] },
  fix: "Replace the classic administrator with an Azure RBAC role assignment (PIM-eligible Owner if needed) and remove it.",
  run(ctx) {
    return ctx.grants
      .filter((g) => g.kind === "classicAdministrator")
      .map((g) => ({
        subjectKind: "classicAdministrator" as const,
        subjectProviderId: g.principalId,
        subject: g.principalId,
        scope: g.scope,
        explanation: `${g.principalId} is ${g.roleId} (classic) of ${scopeEvidence(ctx, g.scope).scopeName}: Owner-equivalent outside Azure RBAC`,
        evidence: { ...scopeEvidence(ctx, g.scope), role: g.roleId },
      }));
  },
};
