import { identityActive } from "../../person-summary";
import type { Rule, RuleHit } from "../rule";

/**
 * A person disabled on one side but still active on the other: the classic leaver whose AWS user survived the
 * Entra off-boarding. AWS IAM users have no "disabled" flag: active = console password or an active access key.
 */
export const rule: Rule = {
  id: "disabled-in-one-cloud",
  title: "Disabled in one cloud, active in the other",
  severity: "high",
  dataSource: "Entra: users (accountEnabled); AWS: credential report (password, access keys); person matching",
  datasets: { aws: ["credentialReport"], entra: ["users"] },
  clouds: ["aws", "entra"],
  fix: "Finish the off-boarding: remove the console password and deactivate the access keys of the AWS user (or delete it), or re-enable the Entra account if the person is still here.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const person of a.people) {
      if (person.identities.length < 2) continue;
      const states = person.identities.map((i) => {
        const pa = a.get(i.sourceId, i.providerId)!;
        const active = identityActive(i.cloud, pa.principal);
        return { i, pa, active };
      });
      const off = states.filter((s) => s.active === false && s.i.cloud === "entra");
      const on = states.filter((s) => s.active === true && s.i.cloud === "aws");
      const offAws = states.filter((s) => s.active === false && s.i.cloud === "aws");
      const onEntra = states.filter((s) => s.active === true && s.i.cloud === "entra");
      const pairs = [
        ...(off.length && on.length ? [{ off, on }] : []),
        ...(offAws.length && onEntra.length ? [{ off: offAws, on: onEntra }] : []),
      ];
      for (const { off: o, on: n } of pairs) {
        for (const still of n) {
          hits.push({
            source: still.pa.source,
            subjectKind: still.pa.principal.kind,
            subjectProviderId: still.pa.principal.providerId,
            subject: still.pa.principal.upn ?? still.pa.principal.name,
            explanation: `${person.displayName} is disabled in ${o.map((x) => x.i.sourceName).join(", ")} but ${still.i.name} is still active in ${still.i.sourceName}.`,
            evidence: {
              person: person.displayName,
              match: { method: person.method, confidence: person.confidence },
              disabled: o.map((x) => ({ source: x.i.sourceName, name: x.i.name })),
              active: {
                source: still.i.sourceName,
                name: still.i.name,
                lastActivityAt: still.pa.principal.lastActivityAt,
                tier: still.pa.tier.tier,
              },
            },
            severity: still.i.cloud === "aws" ? "high" : "medium",
          });
        }
      }
    }
    return hits;
  },
};
