import type { Rule, RuleHit } from "../rule";
import { principalHit } from "../rule";

/** Guests (B2B) holding or eligible for admin/privileged directory roles. */
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
      const active = pa.tier.tier === "admin" || pa.tier.tier === "privileged";
      const eligible = pa.tier.eligibleTier === "admin" || pa.tier.eligibleTier === "privileged";
      if (!active && !eligible) continue;
      const tier = active ? pa.tier.tier : pa.tier.eligibleTier!;
      const reasons = active ? pa.tier.reasons : pa.tier.eligibleReasons;
      hits.push(
        principalHit(
          pa,
          `Guest ${pa.principal.upn ?? pa.principal.name} ${active ? "holds" : "is eligible for"} ${reasons
            .filter((r) => r.tier === tier)
            .map((r) => r.permissionSet)
            .join(", ")} (${tier}).`,
          { tier, active, roles: reasons.filter((r) => r.tier === "admin" || r.tier === "privileged") },
          { severity: tier === "admin" && active ? "critical" : "high" },
        ),
      );
    }
    return hits;
  },
};
