import type { PasswordPolicy } from "../../model";
import { sourceHit, type Rule, type RuleHit } from "./rule";

/**
 * AWS accounts whose password policy was collected, each with its policy (null: none set, IAM's defaults apply —
 * 8 characters, no reuse prevention) and a hit builder naming the account. Not collected → not yielded.
 */
export function passwordPolicyHits(
  a: Parameters<Rule["run"]>[0],
  check: (policy: PasswordPolicy | null) => string | null,
): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const src of a.sources) {
    if (src.model.kind !== "aws" || src.model.passwordPolicy === undefined) continue;
    const policy = src.model.passwordPolicy;
    const problem = check(policy);
    if (problem === null) continue;
    hits.push(sourceHit(src, `${src.model.sourceName}: ${problem}`, { passwordPolicy: policy }));
  }
  return hits;
}
