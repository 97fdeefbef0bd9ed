import { holdersOfManagedPolicy } from "../attached-managed-policy";
import { sourceHit, type Rule, type RuleHit } from "../rule";

/** CIS AWS: a role (or group) with AWSSupportAccess, so incidents can be raised with AWS Support without root. */
export const rule: Rule = {
  id: "no-support-role",
  title: "No AWS Support role",
  severity: "low",
  dataSource: "AWS: managed policy attachments (GetAccountAuthorizationDetails)",
  datasets: { aws: ["authorizationDetails"] },
  clouds: ["aws"],
  fix: "Create a role for the people who open support cases and attach the AWS managed policy AWSSupportAccess to it.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const src of a.sources) {
      if (src.model.kind !== "aws") continue;
      if (holdersOfManagedPolicy(src, "AWSSupportAccess").length) continue;
      hits.push(
        sourceHit(src, `No user, group or role in ${src.model.sourceName} holds the AWSSupportAccess managed policy.`, {
          policy: "arn:aws:iam::aws:policy/AWSSupportAccess",
        }),
      );
    }
    return hits;
  },
};
