import type { Rule, RuleHit } from "../rule";
import { principalHit, principalsOf } from "../rule";

/** IAM roles whose trust policy lets another account, or anyone (`*`), assume them. */
export const rule: Rule = {
  id: "role-trusts-external",
  title: "Role trusts another account or *",
  severity: "medium",
  dataSource: "AWS: role trust policies (AssumeRolePolicyDocument)",
  datasets: { aws: ["authorizationDetails"] },
  clouds: ["aws"],
  fix: "Trust only the accounts and principals that need the role; for third parties require sts:ExternalId; never trust `*` without a restrictive condition (aws:PrincipalOrgID).",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of principalsOf(a, "aws", ["role"])) {
      const external = (pa.principal.attributes.trust ?? []).filter(
        (t) => t.external && (t.type === "wildcard" || t.type === "account" || t.type === "principal"),
      );
      if (!external.length) continue;
      const wildcard = external.some((t) => t.type === "wildcard");
      const conditioned = external.every((t) => t.conditions && Object.keys(t.conditions).length > 0);
      const externalId = external.every((t) =>
        JSON.stringify(t.conditions ?? {})
          .toLowerCase()
          .includes("sts:externalid"),
      );
      const severity = wildcard ? (conditioned ? "high" : "critical") : externalId ? "low" : "medium";
      hits.push(
        principalHit(
          pa,
          `Role ${pa.principal.name} can be assumed by ${external.map((t) => t.value).join(", ")}${conditioned ? " (with conditions)" : ""}; its access is ${pa.tier.tier}.`,
          { trusted: external, tier: pa.tier.tier, externalIdRequired: externalId },
          { severity },
        ),
      );
    }
    return hits;
  },
};
