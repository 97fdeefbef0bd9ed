import { matchMethodLabel } from "../../../model";
import type { Rule, RuleHit } from "../rule";

/** An AWS identity that matched several Entra users equally well: kept apart until someone decides. */
export const rule: Rule = {
  id: "ambiguous-person-match",
  title: "Ambiguous person match",
  severity: "info",
  dataSource: "Person matching",
  datasets: {},
  clouds: ["aws", "entra"],
  fix: "On the person's page choose the right candidate (“This is the one”; the decision is kept across syncs), or tag the AWS user with the person's email.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const person of a.people) {
      if (!person.ambiguous) continue;
      const me = person.identities.find((i) => i.cloud === "aws") ?? person.identities[0]!;
      const pa = a.get(me.sourceId, me.providerId)!;
      hits.push({
        source: pa.source,
        subjectKind: pa.principal.kind,
        subjectProviderId: me.providerId,
        subject: me.name,
        explanation: `${me.name} could be any of ${person.candidates.map((c) => c.identity.name).join(", ")} (each by ${matchMethodLabel(person.candidates[0]?.method)}); not merged.`,
        evidence: {
          candidates: person.candidates.map((c) => ({
            source: c.identity.sourceName,
            name: c.identity.name,
            method: c.method,
            on: c.on,
          })),
        },
      });
    }
    return hits;
  },
};
