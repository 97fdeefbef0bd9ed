import { iamMatch } from "../../../aws-actions/action-pattern";
import { type AzureRule, scopeEvidence } from "./rule";

// A custom role whose actions include '*' (every action, Microsoft.Authorization included) assignable at a management
// group or the root: an Owner-equivalent that looks custom. CIS Azure Foundations 5.23 ("no custom subscription
// administrator roles"); learn.microsoft.com/azure/role-based-access-control/custom-roles#custom-role-limits.
export const customRoleWildcard: AzureRule = {
  id: "azure-custom-role-wildcard",
  title: "Custom role with '*' actions assignable at a management group",
  severity: "high",
  datasets: { azure: ["roleDefinitions"], entra: [] },
  fix: "List the actions the role needs, or use a built-in role; keep its assignable scopes to the subscriptions that need it.",
  run(ctx) {
    const hits = [];
    for (const r of ctx.model.permissionSets) {
      if (r.kind !== "azureRbacRole" || r.builtIn) continue;
      const wildcard = r.statements.some(
        (s) =>
          s.effect === "Allow" &&
          s.actions.includes("*") &&
          !s.notActions.some((n) => iamMatch(n, "Microsoft.Authorization/roleAssignments/write")),
      );
      if (!wildcard) continue;
      const scopes = ((r.attributes.assignableScopes as string[] | undefined) ?? []).filter(
        (s) => s === "/" || /^\/providers\/microsoft\.management\/managementgroups\//i.test(s),
      );
      for (const scope of scopes)
        hits.push({
          subjectKind: "roleDefinition" as const,
          subjectProviderId: r.providerId,
          subject: r.name,
          scope,
          explanation: `custom role ${r.name} allows '*' and is assignable at ${scopeEvidence(ctx, scope).scopeName}`,
          evidence: {
            ...scopeEvidence(ctx, scope),
            actions: r.statements.flatMap((s) => s.actions),
            assignments: ctx.grants.filter((g) => g.roleId === r.providerId && g.viaGroup === null).length,
          },
        });
    }
    return hits;
  },
};
