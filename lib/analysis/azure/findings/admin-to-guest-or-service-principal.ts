import { type AzureRule, holderName, scopeEvidence } from "./rule";

// Owner / User Access Administrator / any role that can assign roles, held by a guest or a service principal: an
// identity outside the organisation, or a workload whose secret leaks, can give anyone anything below that scope.
// CIS Azure Foundations 5.3.3 (User Access Administrator restricted); Microsoft: "limit privileged administrator role
// assignments" (learn.microsoft.com/azure/role-based-access-control/best-practices).
export const adminToGuestOrServicePrincipal: AzureRule = {
  id: "azure-admin-to-guest-or-service-principal",
  title: "Owner or User Access Administrator held by a guest or service principal",
  severity: "high",
  datasets: { azure: ["roleAssignments", "roleDefinitions"], entra: ["users"] },
  fix: "Remove the assignment, or make it PIM-eligible to a member account; give workloads the narrowest role at the narrowest scope.",
  run(ctx) {
    return ctx.grants
      .filter((g) => g.tier === "admin" && g.kind !== "eligible" && g.kind !== "classicAdministrator")
      .filter(
        (g) =>
          g.principal?.guest === true ||
          g.principalType === "ServicePrincipal" ||
          g.principal?.kind === "servicePrincipal" ||
          g.principal?.kind === "managedIdentity",
      )
      .map((g) => {
        const who = g.principal?.guest ? "guest" : "service principal";
        return {
          subjectKind: "principal" as const,
          subjectProviderId: g.principalId,
          subject: holderName(g),
          scope: g.scope,
          explanation: `${who} ${holderName(g)} holds ${g.roleName}${g.viaGroup ? ` through group ${g.viaGroup.name}` : ""} at ${scopeEvidence(ctx, g.scope).scopeName}: ${g.detail}`,
          evidence: {
            ...scopeEvidence(ctx, g.scope),
            role: g.roleName,
            holder: who,
            viaGroup: g.viaGroup,
            kind: g.kind,
          },
          severity: isTenantWide(g.scope) ? ("critical" as const) : undefined,
        };
      });
  },
};

const isTenantWide = (scope: string) =>
  /^\/providers\/microsoft\.management\/managementgroups\//i.test(scope) || scope === "/";
