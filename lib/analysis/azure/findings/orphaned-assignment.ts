import { type AzureRule, scopeEvidence } from "./rule";

// A role assignment whose principal is no longer in the directory ("Identity not found" in the portal): dead weight,
// and a name that can be confusing in audits. Only when users, groups and service principals were all collected —
// otherwise a missing id proves nothing. learn.microsoft.com/azure/role-based-access-control/troubleshoot-limits#
// remove-role-assignments-for-deleted-principals (the "Identity not found" assignments).
export const orphanedAssignment: AzureRule = {
  id: "azure-orphaned-assignment",
  title: "Role assignment to a deleted principal",
  severity: "low",
  datasets: { azure: ["roleAssignments"], entra: ["users", "groups", "servicePrincipals"] },
  fix: "Remove the assignment (az role assignment delete --ids <id>).",
  run(ctx) {
    if (!ctx.dir.complete) return [];
    return ctx.grants
      .filter((g) => g.viaGroup === null && g.kind !== "classicAdministrator" && !g.principal)
      .filter((g) => g.principalType !== "ForeignGroup" && g.principalId !== "00000000-0000-0000-0000-000000000000")
      .map((g) => ({
        subjectKind: "principal" as const,
        subjectProviderId: g.principalId,
        subject: g.principalId,
        scope: g.scope,
        explanation: `${g.roleName} at ${scopeEvidence(ctx, g.scope).scopeName} is assigned to ${g.principalId}, which the directory no longer holds`,
        evidence: {
          ...scopeEvidence(ctx, g.scope),
          role: g.roleName,
          principalType: g.principalType,
          roleAssignmentId: g.assignment.attributes.roleAssignmentId ?? null,
        },
      }));
  },
};
