import type { FederatedAws, IdentitySummary } from "@/lib/model";
import type { Tier } from "@/lib/model";
import type { PeopleRow } from "@/lib/services/browse-people";

/** One identity as the people table shows it: only the fields its cells read. */
export interface PersonSide {
  name: string;
  sourceName: string;
  tier: Tier;
  eligibleTier: Tier | null;
  enabled: boolean | null;
  guest: boolean | null;
  mfaRegistered: boolean | null;
  mfaEnforced: boolean | null;
}

/**
 * One people-table row as plain data. The rows cross to the browser as this, not as rendered cells: 1,000 rows of
 * badge/chip/link element trees made the RSC payload megabytes and cost most of the page's server time.
 */
export interface PersonCells {
  id: number;
  key: string;
  displayName: string;
  breakGlass: boolean;
  adminUnenforced: boolean;
  method: string | null;
  confidence: number | null;
  ambiguous: boolean;
  /** The identities an ambiguous match hesitates between, by name. */
  candidates: string[];
  lastActivityAt: Date | null;
  findings: number;
  aws: PersonSide[];
  /** AWS access through Entra (Identity Center, SAML); null = none. */
  federatedAws: Pick<FederatedAws, "tier" | "tierUnknown" | "accounts" | "via"> | null;
  entra: PersonSide[];
}

function side(s: IdentitySummary): PersonSide {
  return {
    name: s.name,
    sourceName: s.sourceName,
    tier: s.tier,
    eligibleTier: s.eligibleTier,
    enabled: s.enabled,
    guest: s.guest,
    mfaRegistered: s.mfa.registered,
    mfaEnforced: s.mfa.enforced,
  };
}

export function peopleCells(rows: PeopleRow[]): PersonCells[] {
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    displayName: r.displayName,
    breakGlass: r.breakGlass,
    adminUnenforced: r.adminUnenforced,
    method: r.method,
    confidence: r.confidence,
    ambiguous: r.ambiguous,
    candidates: (r.summary?.candidates ?? []).map((c) => c.name),
    lastActivityAt: r.lastActivityAt,
    findings: r.findings,
    aws: r.aws.map(side),
    federatedAws: r.summary?.federatedAws
      ? {
          tier: r.summary.federatedAws.tier,
          tierUnknown: r.summary.federatedAws.tierUnknown,
          accounts: r.summary.federatedAws.accounts,
          via: r.summary.federatedAws.via,
        }
      : null,
    entra: r.entra.map(side),
  }));
}
