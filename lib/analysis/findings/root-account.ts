import type { RootAccount } from "../../model";
import type { AnalyzedSource } from "../analyze";
import type { Rule, RuleHit } from "./rule";

/** AWS sources whose credential report had a root row, with a hit builder naming the account's root user. */
export function* rootAccounts(
  a: Parameters<Rule["run"]>[0],
): Generator<{ root: RootAccount; hit: (explanation: string, evidence: Record<string, unknown>) => RuleHit }> {
  for (const src of a.sources) {
    if (src.model.kind !== "aws" || !src.model.rootAccount) continue;
    const root = src.model.rootAccount;
    yield { root, hit: (explanation, evidence) => rootHit(src, root, explanation, evidence) };
  }
}

function rootHit(
  src: AnalyzedSource,
  root: RootAccount,
  explanation: string,
  evidence: Record<string, unknown>,
): RuleHit {
  return {
    source: src,
    subjectKind: "rootUser",
    subjectProviderId: root.arn,
    subject: `root user of ${src.model.sourceName}`,
    explanation,
    evidence: { arn: root.arn, ...evidence },
  };
}
