import type { TierReason } from "../../../model";
import { lookupEntraRole } from "../../entra-roles";
import type { Rule, RuleHit } from "../rule";
import { principalHit } from "../rule";

/** A role Microsoft labels PRIVILEGED (data/entra-directory-roles.json), whatever tier Crosswalk gives it. */
const labelled = (r: TierReason) =>
  lookupEntraRole(r.permissionSetProviderId ?? "", r.permissionSet)?.privilegedLabel === true;
// Directory roles only: a guest's Azure RBAC admin is azure-admin-to-guest-or-service-principal's.
const high = (r: TierReason) => !r.azureScope && (r.tier === "admin" || r.tier === "privileged" || labelled(r));

/**
 * Guests (B2B) holding or eligible for admin/privileged directory roles, or for any role Microsoft labels privileged
 * (Global Reader, Security Reader: read tier, but they expose the tenant's whole configuration).
 */
export const rule: Rule = {
  id: "guest-privileged-role",
  title: "Guest with a privileged role",
  severity: "high",
  dataSource: "Entra: users (userType), directory role assignments and PIM eligibility",
  datasets: { entra: ["users", "roleAssignments", "pimEligibility"] },
  clouds: ["entra"],
  fix: "Give administrative roles to member accounts of your own tenant only; remove the role (or eligibility) from the guest.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of a.principals.values()) {
      if (pa.source.model.kind !== "entra" || pa.principal.kind !== "user" || pa.principal.guest !== true) continue;
      const activeRoles = pa.tier.reasons.filter(high);
      const eligibleRoles = pa.tier.eligibleReasons.filter(high);
      if (!activeRoles.length && !eligibleRoles.length) continue;
      const named = (rs: TierReason[]) =>
        rs
          .map((r) =>
            r.tier === "admin" || r.tier === "privileged"
              ? `${r.permissionSet} (${r.tier})`
              : `${r.permissionSet} (${r.tier}; Microsoft marks it privileged)`,
          )
          .join(", ");
      const parts = [
        ...(activeRoles.length ? [`holds ${named(activeRoles)}`] : []),
        ...(eligibleRoles.length ? [`is eligible for ${named(eligibleRoles)}`] : []),
      ];
      const active = activeRoles.length > 0;
      const tier = active ? pa.tier.tier : pa.tier.eligibleTier!;
      hits.push(
        principalHit(
          pa,
          `Guest ${pa.principal.upn ?? pa.principal.name} ${parts.join(" and ")}.`,
          { tier, active, roles: activeRoles, eligibleRoles },
          { severity: tier === "admin" && active ? "critical" : "high" },
        ),
      );
    }
    return hits;
  },
};
