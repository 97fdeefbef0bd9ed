import { asCloud, type Cloud, type IdentitySummary, type PersonSummary, type Principal } from "../model";

export type { IdentitySummary, PersonSummary } from "../model";
import { principalKey, type Analysis, type PrincipalAnalysis } from "./analyze";
import type { MatchedPerson } from "./person-matching";
import { daysSince } from "./findings/rule";
import { TIER_RANK, maxTier } from "./tiers";
import { federatedAwsOf } from "./access-paths/federated";

/**
 * Whether an identity can still sign in or call APIs. AWS IAM users have no "disabled" flag: active = a console
 * password or an active access key. null = unknown.
 */
export function identityActive(cloud: Cloud, p: Principal): boolean | null {
  if (cloud !== "aws") return p.enabled;
  if (p.enabled === false) return false;
  const console = p.attributes.consolePassword;
  const keys = (p.attributes.credentials ?? []).filter((c) => c.type === "accessKey");
  return console === true || keys.some((k) => k.active) ? true : console === false ? false : null;
}

/** Some identity is inactive in one cloud while another is active in the other cloud. */
export function activeMismatch(states: { cloud: Cloud; active: boolean | null }[]): boolean {
  const has = (cloud: Cloud, active: boolean) => states.some((s) => s.cloud === cloud && s.active === active);
  return (has("entra", false) && has("aws", true)) || (has("aws", false) && has("entra", true));
}

/** false if any is false, else null if any is unknown, else true. */
export function allOf(values: (boolean | null)[]): boolean | null {
  if (values.some((v) => v === false)) return false;
  if (values.some((v) => v === null)) return null;
  return values.length ? true : null;
}

export function identitySummary(pa: PrincipalAnalysis): IdentitySummary {
  const p = pa.principal;
  return {
    sourceId: pa.source.model.sourceId,
    sourceName: pa.source.model.sourceName,
    cloud: asCloud(pa.source.model.kind),
    providerId: p.providerId,
    kind: p.kind,
    name: p.upn ?? p.name,
    tier: pa.tier.tier,
    eligibleTier: pa.tier.eligibleTier,
    mfa: { registered: pa.mfa.registered, enforced: pa.mfa.enforced, enforcement: pa.mfa.enforcement },
    lastActivityAt: p.lastActivityAt,
    enabled: p.enabled,
    guest: p.guest,
    breakGlass: pa.mfa.breakGlass !== null,
  };
}

export function summarizePerson(a: Analysis, person: MatchedPerson): PersonSummary {
  const pas = person.identities.map((i) => a.get(i.sourceId, i.providerId)!).filter(Boolean);
  const ids = pas.map(identitySummary);
  const tierOfCloud = (c: Cloud) => maxTier(...ids.filter((i) => i.cloud === c).map((i) => i.tier));
  // AWS access through Entra (Identity Center, SAML) is AWS access: it joins the AWS side's tier and presence.
  const tallies = ids.flatMap((i) => {
    const t = i.cloud === "entra" ? a.federatedAws.get(principalKey(i.sourceId, i.providerId)) : undefined;
    return t ? [{ t, breakGlass: i.breakGlass }] : [];
  });
  const federatedAws = federatedAwsOf(tallies.map((x) => x.t));
  const awsTier = maxTier(tierOfCloud("aws"), federatedAws?.tier);
  const top = maxTier(awsTier, ...ids.map((i) => i.tier));
  const last =
    ids
      .map((i) => i.lastActivityAt)
      .filter((x): x is string => !!x)
      .sort()
      .at(-1) ?? null;
  const idle = daysSince(last, a.now);
  return {
    key: person.key,
    displayName: person.displayName,
    method: person.method,
    confidence: person.confidence,
    ambiguous: person.ambiguous,
    identities: ids,
    candidates: person.candidates.map((c) => ({
      sourceName: c.identity.sourceName,
      name: c.identity.name,
      method: c.method,
      sourceId: c.identity.sourceId,
      providerId: c.identity.providerId,
    })),
    search: [person.displayName, ...ids.map((i) => i.name)].join(" ").toLowerCase(),
    maxTier: top,
    tierRank: top ? TIER_RANK[top] : 0,
    federatedAws,
    awsTier,
    entraTier: tierOfCloud("entra"),
    hasAws: federatedAws !== null || ids.some((i) => i.cloud === "aws"),
    awsFederated: federatedAws !== null,
    hasEntra: ids.some((i) => i.cloud === "entra"),
    mfaRegistered: allOf(ids.map((i) => i.mfa.registered)),
    mfaEnforced: allOf(ids.map((i) => i.mfa.enforced)),
    mfaGap: ids.some((i) => i.mfa.registered === true && i.mfa.enforced === false)
      ? true
      : ids.every((i) => i.mfa.registered !== null && i.mfa.enforced !== null)
        ? false
        : null,
    adminUnenforced:
      ids.some((i) => (i.tier === "admin" || i.tier === "privileged") && i.mfa.enforced === false && !i.breakGlass) ||
      tallies.some((x) => x.t.adminWithoutMfa > 0 && !x.breakGlass),
    breakGlass: ids.some((i) => i.breakGlass),
    guest: ids.some((i) => i.guest === true),
    stale: idle === null ? null : idle > a.config.staleUserDays,
    lastActivityAt: last,
    likelyService: person.likelyService,
    enabledMismatch:
      pas.length > 1 &&
      activeMismatch(
        pas.map((pa) => {
          const cloud = asCloud(pa.source.model.kind);
          return { cloud, active: identityActive(cloud, pa.principal) };
        }),
      ),
  };
}
