import type { Rule, RuleHit } from "../rule";

/** Entra guests (external people) who also hold an AWS identity: outsiders with access to the AWS account. */
export const rule: Rule = {
  id: "guest-with-aws-access",
  title: "Guest with AWS access",
  severity: "medium",
  dataSource: "Person matching + Entra users (userType Guest) + AWS effective permissions",
  datasets: { aws: ["authorizationDetails"], entra: ["users"] },
  clouds: ["aws", "entra"],
  fix: "Check the external person still needs AWS access; prefer a cross-account role with an external id over an IAM user in your account.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const person of a.people) {
      const guests = person.identities.filter(
        (i) => i.cloud === "entra" && a.get(i.sourceId, i.providerId)?.principal.guest === true,
      );
      if (!guests.length) continue;
      for (const i of person.identities.filter((x) => x.cloud === "aws")) {
        const pa = a.get(i.sourceId, i.providerId)!;
        if (pa.tier.tier === "none") continue;
        hits.push({
          source: pa.source,
          subjectKind: pa.principal.kind,
          subjectProviderId: i.providerId,
          subject: i.name,
          explanation: `${person.displayName} is a guest in ${guests.map((g) => g.sourceName).join(", ")} and has ${pa.tier.tier} access in AWS ${i.sourceName} as ${i.name}.`,
          evidence: {
            guest: guests.map((g) => g.name),
            tier: pa.tier.tier,
            match: { method: person.method, confidence: person.confidence },
          },
          severity: pa.tier.tier === "admin" || pa.tier.tier === "privileged" ? "high" : "medium",
        });
      }
    }
    return hits;
  },
};
