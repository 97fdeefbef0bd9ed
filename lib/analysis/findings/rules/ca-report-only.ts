import type { Rule, RuleHit } from "../rule";

/** Conditional-access policies left in report-only: they log what they would do and enforce nothing. */
export const rule: Rule = {
  id: "ca-report-only",
  title: "Conditional-access policy in report-only",
  severity: "low",
  dataSource: "Entra: conditional-access policies (state enabledForReportingButNotEnforced)",
  datasets: { entra: ["conditionalAccess"] },
  clouds: ["entra"],
  fix: "Review the policy's report-only results in the sign-in logs, then switch it On (or delete it if it is not wanted).",
  run(a) {
    const hits: RuleHit[] = [];
    for (const src of a.sources) {
      for (const f of src.caFacts) {
        const c = f.control;
        if (c.state !== "reportOnly") continue;
        const what = [
          f.requiresMfa ? `requires ${f.mfaControl}` : null,
          f.blocks ? "blocks" : null,
          f.blocksLegacyAuth ? "legacy authentication" : null,
        ]
          .filter(Boolean)
          .join(", ");
        hits.push({
          source: src,
          subjectKind: "conditionalAccessPolicy",
          subjectProviderId: c.providerId,
          subject: c.name,
          explanation: `Policy "${c.name}" is report-only${what ? ` (${what})` : ""}: it is not enforced.`,
          evidence: {
            state: c.state,
            requiresMfa: f.requiresMfa,
            blocks: f.blocks,
            apps: f.appsDetail,
            narrowedBy: f.narrowedBy,
          },
          severity: f.requiresMfa || f.blocks ? "medium" : "low",
        });
      }
    }
    return hits;
  },
};
