import type { IdentitySummary } from "../analysis/person-summary";
import type { Db } from "../db/client";
import { latestSnapshots, type ViewSnapshot } from "../db/inventory";
import { countPeople } from "../db/report-data";
import { listPeople, type PeopleFilter, type PeopleSort, type PersonListRow } from "../db/people";
import { TIERS, type Tier } from "../model";
import { offsetOf, TRI_STATE_OPTIONS, type FilterSpec, type TableQuery, type TableSpec } from "./browse-query";
import { browseTable } from "./browse-table";

/**
 * The People table: one row per person, their AWS and Entra identities in two columns (tier, MFA registered /
 * enforced, last activity, enabled), how they were linked and with what confidence. Filters live in the URL; the
 * query is lib/db/people.ts listPeople (indexed Person columns), the per-side facts come from the stored summary.
 */

export interface PeopleRow extends PersonListRow {
  aws: IdentitySummary[];
  entra: IdentitySummary[];
}

interface Ctx {
  db: Db;
  snapshots: ViewSnapshot[];
  /** 0 = matching has not run yet (not "nobody"). */
  peopleTotal: number;
}

/** Quick views a person asks for by name; each is one URL (`?view=…`). */
export const PEOPLE_VIEWS = [
  { value: "admin-no-mfa", label: "Admins in either cloud without enforced MFA" },
  { value: "linked", label: "Linked across both clouds" },
  { value: "unmatched", label: "Unmatched (one cloud only)" },
  { value: "ambiguous", label: "Ambiguous match" },
  { value: "mfa-gap", label: "MFA registered but not enforced" },
  { value: "stale", label: "Stale (no recent activity)" },
  { value: "break-glass", label: "Break-glass accounts" },
  { value: "guests", label: "Guests" },
  { value: "findings", label: "With findings" },
  { value: "disabled-one-side", label: "Disabled in one cloud, active in the other" },
] as const;

const FILTERS: FilterSpec[] = [
  { key: "view", label: "Show", options: [...PEOPLE_VIEWS] },
  {
    key: "tier",
    label: "Tier at least",
    options: TIERS.filter((t) => t !== "none").map((t) => ({ value: t, label: t })),
  },
  {
    key: "side",
    label: "Clouds",
    options: [
      { value: "both", label: "In both" },
      { value: "aws", label: "Has AWS" },
      { value: "entra", label: "Has Entra" },
      { value: "awsOnly", label: "AWS only" },
      { value: "entraOnly", label: "Entra only" },
      { value: "federated", label: "AWS through Entra" },
    ],
  },
  {
    key: "awsTier",
    label: "AWS tier",
    options: TIERS.map((t) => ({ value: t, label: t })),
  },
  { key: "registered", label: "MFA registered", options: TRI_STATE_OPTIONS },
  { key: "enforced", label: "MFA enforced", options: TRI_STATE_OPTIONS },
];

type Tri = "yes" | "no" | "unknown";

function filterOf(q: TableQuery): PeopleFilter {
  const f = q.filters;
  const out: PeopleFilter = {
    q: q.q || undefined,
    minTier: f.tier as Tier | undefined,
    presence: f.side as PeopleFilter["presence"],
    awsTier: f.awsTier as Tier | undefined,
    mfaRegistered: f.registered as Tri | undefined,
    mfaEnforced: f.enforced as Tri | undefined,
  };
  switch (f.view) {
    case "admin-no-mfa":
      out.adminWithoutMfa = true;
      break;
    case "linked":
      out.presence = "both";
      break;
    case "unmatched":
      out.unmatched = true;
      break;
    case "ambiguous":
      out.ambiguous = true;
      break;
    case "mfa-gap":
      out.mfaGap = true;
      break;
    case "stale":
      out.stale = true;
      break;
    case "disabled-one-side":
      out.disabledMismatch = true;
      break;
    case "break-glass":
      out.breakGlass = true;
      break;
    case "guests":
      out.guest = true;
      break;
    case "findings":
      out.withFindings = true;
      break;
  }
  return out;
}

const SORT_OF: Record<string, PeopleSort> = {
  name: "name",
  tier: "tier",
  lastActivity: "lastActivity",
  findings: "findings",
};

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const sideExport = (prefix: string, s: IdentitySummary[]) => ({
  [`${prefix}Identities`]: s.map((x) => x.name).join("; ") || null,
  [`${prefix}Tier`]: s[0]?.tier ?? null,
  [`${prefix}EligibleTier`]: s[0]?.eligibleTier ?? null,
  [`${prefix}MfaRegistered`]: s[0]?.mfa.registered ?? null,
  [`${prefix}MfaEnforced`]: s[0]?.mfa.enforced ?? null,
  [`${prefix}LastActivity`]: s[0]?.lastActivityAt ?? null,
  [`${prefix}Enabled`]: s[0]?.enabled ?? null,
});

function withSides(r: PersonListRow): PeopleRow {
  const ids = r.summary?.identities ?? [];
  return { ...r, aws: ids.filter((i) => i.cloud === "aws"), entra: ids.filter((i) => i.cloud === "entra") };
}

const spec: TableSpec<PeopleRow, Ctx> = {
  id: "people",
  // Fits a 1440px screen without scrolling sideways: the tier sits in the identity cell.
  columns: [
    { key: "name", label: "Person", sortable: true, width: "11.5rem" },
    { key: "aws", label: "AWS identity · tier", width: "12rem" },
    // Wide enough for "∅ Reg ?" + "✕ Enf" and for "none recorded" (both were cut off in the 100k screenshots).
    { key: "awsMfa", label: "AWS MFA", width: "8.75rem" },
    { key: "link", label: "Link", width: "7rem" },
    { key: "entra", label: "Entra identity · tier", width: "13rem" },
    { key: "entraMfa", label: "Entra MFA", width: "8.75rem" },
    { key: "lastActivity", label: "Last active", sortable: true, width: "7.5rem" },
    { key: "findings", label: "Findings", sortable: true, width: "5rem", numeric: true },
  ],
  filters: FILTERS,
  defaultSort: "tier",
  defaultDir: "desc",
  searchHint: "Name, e-mail, UPN, IAM user",
  async query(ctx, q) {
    const { rows, total } = await listPeople(ctx.db, {
      ...filterOf(q),
      sort: SORT_OF[q.sort] ?? "tier",
      dir: q.dir,
      skip: offsetOf(q),
      take: q.size,
    });
    return { rows: rows.map(withSides), total };
  },
  exportRow: (r) => ({
    person: r.displayName,
    method: r.method,
    confidence: r.confidence,
    ambiguous: r.ambiguous,
    ...sideExport("aws", r.aws),
    // The person's AWS tier: their IAM identities' and their access through Entra (Identity Center, SAML).
    awsTier: r.awsTier,
    awsThroughEntra: r.summary?.federatedAws
      ? `${r.summary.federatedAws.via.join("+")}: ${r.summary.federatedAws.accounts} accounts`
      : null,
    awsThroughEntraTier: r.summary?.federatedAws?.tier ?? null,
    ...sideExport("entra", r.entra),
    entraTier: r.entraTier,
    highestTier: r.maxTier,
    adminWithoutEnforcedMfa: r.adminUnenforced,
    breakGlass: r.breakGlass,
    stale: r.stale,
    lastActivity: iso(r.lastActivityAt),
    findings: r.findings,
  }),
};

export const PEOPLE_TABLE = {
  spec,
  async context(db: Db): Promise<Ctx> {
    const [snapshots, peopleTotal] = await Promise.all([latestSnapshots(db), countPeople(db, {})]);
    return { db, snapshots, peopleTotal };
  },
  extra: async (ctx: Ctx) => ({ peopleTotal: ctx.peopleTotal, snapshots: ctx.snapshots }),
};

/** One page of the People table from URL parameters. */
export function browsePeople(db: Db, params: Record<string, string | string[] | undefined> | URLSearchParams) {
  return browseTable(PEOPLE_TABLE, db, params);
}
