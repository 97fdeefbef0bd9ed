import { type AzureRule, scopeEvidence } from "./rule";

const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

// Who holds Owner of each readable subscription now (assigned there or above, groups expanded to their members):
// more than three, or none. CIS Azure Foundations 5.27 ("2–3 subscription owners"); Microsoft: "have a maximum of 3
// subscription owners" and at least two (learn.microsoft.com/azure/role-based-access-control/best-practices#
// limit-privileged-administrator-role-assignments, Defender for Cloud recommendations).
export const subscriptionOwnerCount: AzureRule = {
  id: "azure-subscription-owner-count",
  title: "Subscription with more than three owners, or none",
  severity: "medium",
  datasets: { azure: ["roleAssignments", "subscriptions"], entra: ["groups", "memberships"] },
  fix: "Keep two or three owners per subscription; make the others PIM-eligible or give them narrower roles.",
  run(ctx) {
    const hits = [];
    for (const sub of ctx.model.nodes) {
      if (sub.kind !== "subscription" || sub.attributes.readable === false) continue;
      const chain = new Set([sub.providerId, ...ctx.index.ancestors(sub.providerId)].map((s) => s.toLowerCase()));
      const owners = new Map<string, string>();
      for (const g of ctx.grants) {
        if (g.roleId !== OWNER || (g.kind !== "direct" && g.kind !== "active") || !chain.has(g.scope.toLowerCase()))
          continue;
        // A group counts through its members; a group whose members are unknown counts once.
        if (g.principal?.kind === "group" && ctx.dir.members(g.principalId).length > 0) continue;
        owners.set(g.principalId, g.principal?.upn ?? g.principal?.name ?? g.principalId);
      }
      if (owners.size >= 2 && owners.size <= 3) continue;
      if (owners.size === 1) continue;
      hits.push({
        subjectKind: "subscription" as const,
        subjectProviderId: sub.providerId,
        subject: sub.name,
        scope: sub.providerId,
        explanation:
          owners.size === 0
            ? `${sub.name} has no Owner: nobody can manage access to it without elevating`
            : `${sub.name} has ${owners.size} owners (Microsoft recommends at most 3)`,
        evidence: { ...scopeEvidence(ctx, sub.providerId), owners: [...owners.values()].sort(), count: owners.size },
        severity: owners.size === 0 ? ("low" as const) : undefined,
      });
    }
    return hits;
  },
};
