import type { Rule, RuleHit } from "../rule";
import { principalHit } from "../rule";

/** The classic audit gap: MFA is registered, but nothing requires it — a stolen password still works. */
export const rule: Rule = {
  id: "mfa-registered-not-enforced",
  title: "MFA registered but not enforced",
  severity: "medium",
  dataSource: "AWS: credential report + IAM policies; Entra: registration report + enabled conditional-access policies",
  datasets: { aws: ["credentialReport", "authorizationDetails"], entra: ["mfaRegistration", "conditionalAccess"] },
  clouds: ["aws", "entra"],
  fix: "Enforce MFA: AWS — deny without aws:MultiFactorAuthPresent (BoolIfExists false); Entra — an enabled conditional-access policy requiring MFA for all cloud apps.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of a.principals.values()) {
      if (pa.principal.kind !== "user" || pa.mfa.gap !== "registeredNotEnforced" || pa.mfa.breakGlass) continue;
      if (pa.principal.enabled === false) continue;
      // Admins are reported by admin-without-mfa-enforcement with a higher severity.
      if (pa.tier.tier === "admin" || pa.tier.tier === "privileged") continue;
      hits.push(
        principalHit(
          pa,
          `${pa.principal.upn ?? pa.principal.name} has MFA registered, but no policy requires it${pa.mfa.enforcement === "partial" ? " everywhere" : ""}.`,
          {
            registered: true,
            enforcement: pa.mfa.enforcement,
            partialBy: pa.mfa.via,
            caveats: pa.mfa.caveats,
          },
        ),
      );
    }
    return hits;
  },
};
