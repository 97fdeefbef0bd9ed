import type { Rule, RuleHit } from "../rule";

/**
 * AWS users who match nobody in any Entra tenant: people who left, shared accounts, or machine users that deserve
 * an owner. Only evaluated when at least one Entra source is loaded.
 */
export const rule: Rule = {
  id: "unmatched-aws-user",
  title: "AWS user with no matching person in Entra",
  severity: "medium",
  dataSource: "Person matching: IAM user names, tags and emails against Entra UPNs, mail and names",
  datasets: { aws: ["authorizationDetails"], entra: ["users"] },
  clouds: ["aws", "entra"],
  fix: "Find the owner: link the user to its person by hand (People page), tag it with the owner's email, or delete it if nobody claims it.",
  run(a) {
    const hits: RuleHit[] = [];
    if (!a.sources.some((s) => s.model.kind === "entra")) return hits;
    for (const person of a.people) {
      if (person.identities.length !== 1 || person.ambiguous) continue;
      const only = person.identities[0]!;
      if (only.cloud !== "aws") continue;
      const pa = a.get(only.sourceId, only.providerId)!;
      hits.push({
        source: pa.source,
        subjectKind: "user",
        subjectProviderId: only.providerId,
        subject: only.name,
        explanation: person.likelyService
          ? `IAM user ${only.name} matches no Entra user and looks like a machine account (no console password); it has no named owner.`
          : `IAM user ${only.name} matches no user in any Entra tenant — possibly someone who left, or a shared account.`,
        evidence: {
          tier: pa.tier.tier,
          lastActivityAt: pa.principal.lastActivityAt,
          consolePassword: pa.principal.attributes.consolePassword ?? null,
          likelyService: person.likelyService,
        },
        severity: person.likelyService
          ? "low"
          : pa.tier.tier === "admin" || pa.tier.tier === "privileged"
            ? "high"
            : "medium",
      });
    }
    return hits;
  },
};
