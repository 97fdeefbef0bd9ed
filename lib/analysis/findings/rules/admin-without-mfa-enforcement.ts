import type { Rule, RuleHit } from "../rule";
import { principalHit } from "../rule";

/** Admin or privileged humans whom no policy forces to use MFA (break-glass accounts are reported apart). */
export const rule: Rule = {
  id: "admin-without-mfa-enforcement",
  title: "Admin without enforced MFA",
  severity: "critical",
  dataSource:
    "AWS: IAM policies (Deny without aws:MultiFactorAuthPresent); Entra: directory roles + enabled conditional-access policies",
  datasets: { aws: ["authorizationDetails"], entra: ["roleAssignments", "conditionalAccess"] },
  clouds: ["aws", "entra"],
  fix: "Require MFA for this account: AWS — attach a policy that denies everything but MFA self-service when aws:MultiFactorAuthPresent is false (BoolIfExists); Entra — an enabled conditional-access policy requiring MFA or an authentication strength for all apps, including admin roles.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of a.principals.values()) {
      if (pa.principal.kind !== "user" || pa.principal.enabled === false) continue;
      if (pa.tier.tier !== "admin" && pa.tier.tier !== "privileged") continue;
      if (pa.mfa.enforced !== false || pa.mfa.breakGlass) continue;
      // An IAM user without a console password is a machine identity: MFA cannot apply to its access keys.
      if (pa.source.model.kind === "aws" && pa.principal.attributes.consolePassword === false) continue;
      const cloud = pa.source.model.kind;
      hits.push(
        principalHit(
          pa,
          `${pa.principal.name} is ${pa.tier.tier} in ${pa.source.model.sourceName} but no ${cloud === "aws" ? "IAM policy" : "enabled conditional-access policy"} forces MFA${pa.mfa.enforcement === "partial" ? " on every sign-in (only partly)" : ""}.`,
          {
            tier: pa.tier.tier,
            tierReasons: pa.tier.reasons.slice(0, 5),
            mfaRegistered: pa.mfa.registered,
            enforcement: pa.mfa.enforcement,
            partialBy: pa.mfa.via,
            caveats: pa.mfa.caveats,
          },
          { severity: pa.tier.tier === "admin" ? "critical" : "high" },
        ),
      );
    }
    return hits;
  },
};
