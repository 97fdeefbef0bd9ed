import { fold, matchPeople, type MatchedPerson } from "../analysis/person-matching";
import type { SourceModel } from "../analysis/source-model";
import { isIdentityCloud, type Principal } from "../model";
import type { PrincipalRef, PrincipalResolver } from "../translate";

/**
 * The person resolver the translators take, built from the loaded sources and the analysis's person matching:
 * users through matched people (manual links win), groups by the same folded name (else through their members'
 * people), Entra directory roles through the people assigned to them.
 */
export function buildResolver(models: SourceModel[], people: MatchedPerson[] = matchPeople(models)): PrincipalResolver {
  const principals = new Map<string, { p: Principal; cloud: "aws" | "entra" }>();
  const byName = new Map<string, { p: Principal; cloud: "aws" | "entra" }[]>();
  const members = new Map<string, string[]>();
  const roleHolders = new Map<string, string[]>();
  for (const m of models) {
    const cloud = m.kind;
    if (!isIdentityCloud(cloud)) continue;
    for (const p of m.principals) {
      principals.set(`${cloud}:${p.providerId}`, { p, cloud });
      if (p.arn) principals.set(`${cloud}:${p.arn}`, { p, cloud });
      const key = `${cloud}:${p.kind}:${fold(p.kind === "group" ? p.displayName || p.name : p.name)}`;
      byName.set(key, [...(byName.get(key) ?? []), { p, cloud }]);
    }
    for (const ms of m.memberships)
      members.set(`${m.kind}:${ms.groupProviderId}`, [
        ...(members.get(`${m.kind}:${ms.groupProviderId}`) ?? []),
        ms.memberProviderId,
      ]);
    if (m.kind === "entra")
      for (const a of m.assignments)
        roleHolders.set(a.permissionSetProviderId, [
          ...(roleHolders.get(a.permissionSetProviderId) ?? []),
          a.principalProviderId,
        ]);
  }
  const personOf = new Map<string, MatchedPerson>();
  for (const person of people) for (const i of person.identities) personOf.set(`${i.cloud}:${i.providerId}`, person);

  const ref = (x: { p: Principal; cloud: "aws" | "entra" }): PrincipalRef => ({
    side: x.cloud,
    kind: x.p.kind,
    id: x.p.providerId,
    name: x.p.upn ?? x.p.name,
    arn: x.p.arn,
  });
  const otherSide = (side: "aws" | "entra") => (side === "aws" ? "entra" : "aws");
  const peopleRefs = (side: "aws" | "entra", providerId: string): PrincipalRef[] => {
    const person = personOf.get(`${side}:${providerId}`);
    if (!person || person.ambiguous) return [];
    return person.identities
      .filter((i) => i.cloud === otherSide(side) && i.kind === "user")
      .flatMap((i) => {
        const x = principals.get(`${i.cloud}:${i.providerId}`);
        return x ? [ref(x)] : [];
      });
  };
  const dedupe = (refs: PrincipalRef[]) => [...new Map(refs.map((r) => [`${r.side}:${r.id}`, r])).values()];

  return ({ side, kind, id, name }) => {
    const self = principals.get(`${side}:${id}`);
    if (kind === "user") return dedupe(peopleRefs(side, self?.p.providerId ?? id));
    if (kind === "group") {
      const groupName = self ? self.p.displayName || self.p.name : name;
      const sameName = groupName ? (byName.get(`${otherSide(side)}:group:${fold(groupName)}`) ?? []).map(ref) : [];
      if (sameName.length) return sameName;
      return dedupe((members.get(`${side}:${self?.p.providerId ?? id}`) ?? []).flatMap((m) => peopleRefs(side, m)));
    }
    if (kind === "role" && side === "entra") {
      const holders = roleHolders.get(id) ?? [];
      return dedupe(
        holders.flatMap((h) => {
          const x = principals.get(`entra:${h}`);
          if (x?.p.kind === "group") return (members.get(`entra:${h}`) ?? []).flatMap((m) => peopleRefs("entra", m));
          return peopleRefs("entra", h);
        }),
      );
    }
    return [];
  };
}
