import type { TierReason } from "../../../model";
import { lookupEntraRole } from "../../entra-roles";
import { principalHit, type Rule, type RuleHit } from "../rule";

const privileged = (r: TierReason) =>
  r.tier === "admin" ||
  r.tier === "privileged" ||
  lookupEntraRole(r.permissionSetProviderId ?? "", r.permissionSet)?.privilegedLabel === true;

/**
 * Users holding an admin or privileged directory role actively instead of through PIM eligibility. NOTE: the role
 * assignments list shows a PIM activation in progress as active too (roleAssignmentScheduleInstances would tell them
 * apart: https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignmentscheduleinstances); Crosswalk does
 * not read them yet, so an activation at snapshot time is reported as well.
 */
export const rule: Rule = {
  id: "permanent-privileged-role",
  title: "Privileged role held permanently (not through PIM)",
  severity: "medium",
  dataSource: "Entra: directory role assignments (active) and PIM eligibility",
  datasets: { entra: ["roleAssignments", "pimEligibility"] },
  clouds: ["entra"],
  fix: "Make the assignment eligible in Privileged Identity Management (activation with MFA, justification and a time limit) and remove the active one; keep only break-glass accounts permanent.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of a.principals.values()) {
      if (pa.source.model.kind !== "entra" || pa.principal.kind !== "user" || pa.principal.enabled === false) continue;
      if (pa.mfa.breakGlass) continue;
      // Directory roles only: standing Azure RBAC admin is azure-permanent-admin-at-subscription's.
      const roles = pa.tier.reasons.filter((r) => !r.eligible && !r.azureScope && privileged(r));
      if (!roles.length) continue;
      const names = [...new Set(roles.map((r) => r.permissionSet))];
      hits.push(
        principalHit(
          pa,
          `${pa.principal.upn ?? pa.principal.name} holds ${names.join(", ")} actively, not through PIM.`,
          {
            roles: names,
            via: [...new Set(roles.map((r) => r.via).filter(Boolean))],
            tier: pa.tier.tier,
          },
        ),
      );
    }
    return hits;
  },
};
