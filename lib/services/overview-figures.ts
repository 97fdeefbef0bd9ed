import {
  SEVERITIES,
  TIERS,
  type CloudOverview,
  type Overview,
  type Severity,
  type SourceKind,
  type Tier,
} from "../model";
import type { AzureEstateSummary } from "./refresh-azure-views";

/**
 * Every number the overview shows, with what it counts and the list it opens. One definition per number: the page
 * renders these (it computes no count of its own), and the number-walk test (overview-figures.db.test.ts) opens each
 * `href` through the same table services the pages use and checks that the list has exactly `value` rows. A number
 * added to the overview is added here, so it joins the walk.
 */
export interface OverviewFigure {
  /** Stable id: `aws.tier.admin`, `people.linked`, `findings.incomplete` … */
  id: string;
  /** What is counted, in words (users, people, findings …). */
  label: string;
  value: number;
  /** The list of exactly `value` rows; null for a number that opens nothing (derived, such as "span both clouds"). */
  href: string | null;
}

/** One cloud's sources summed (several AWS accounts read as one column). */
export interface CloudTotals {
  kind: SourceKind;
  sources: CloudOverview[];
  users: number;
  tiers: Record<Tier, number>;
  reg: { yes: number; no: number; unknown: number };
  enf: { yes: number; no: number; unknown: number };
  /** null when no source of the cloud collected the activity data (not collected is never zero). */
  stale: { total: number; never: number } | null;
  findings: Record<Severity, number>;
  notCollected: (CloudOverview["notCollected"][number] & { source: string })[];
}

export function cloudTotals(o: Overview, kind: SourceKind): CloudTotals | null {
  const list = o.clouds.filter((c) => c.kind === kind);
  if (list.length === 0) return null;
  const sum = (f: (c: CloudOverview) => number) => list.reduce((a, c) => a + f(c), 0);
  const staleKnown = list.filter((c) => c.stale !== null);
  const tri = (f: (c: CloudOverview) => { yes: number; no: number; unknown: number }) => ({
    yes: sum((c) => f(c).yes),
    no: sum((c) => f(c).no),
    unknown: sum((c) => f(c).unknown),
  });
  return {
    kind,
    sources: list,
    users: sum((c) => c.users),
    tiers: Object.fromEntries(TIERS.map((t) => [t, sum((c) => c.tiers[t])])) as Record<Tier, number>,
    reg: tri((c) => c.mfaRegistered),
    enf: tri((c) => c.mfaEnforced),
    stale: staleKnown.length
      ? {
          total: staleKnown.reduce((a, c) => a + c.stale!.total, 0),
          never: staleKnown.reduce((a, c) => a + c.stale!.never, 0),
        }
      : null,
    findings: Object.fromEntries(SEVERITIES.map((s) => [s, sum((c) => c.findings[s])])) as Record<Severity, number>,
    notCollected: list.flatMap((c) => c.notCollected.map((n) => ({ ...n, source: c.sourceName }))),
  };
}

const TRI = ["yes", "no", "unknown"] as const;
const TRI_LABEL = {
  reg: { yes: "registered", no: "not registered", unknown: "not collected" },
  enf: { yes: "enforced", no: "not enforced", unknown: "unknown" },
} as const;

// The stale-user rule's two kinds of finding, told apart by the words of its explanation
// (lib/analysis/findings/rules/stale-user.ts); the walk test fails if the wording and these drift apart.
export const STALE_NEVER_TEXT = "has never signed in";
export const STALE_IDLE_TEXT = "has not been used for";

function cloudFigures(c: CloudTotals): OverviewFigure[] {
  const k = c.kind;
  const users = `/${k}?tab=users`;
  const findings = `/findings?cloud=${k}`;
  const out: OverviewFigure[] = [
    { id: `${k}.users`, label: "Users", value: c.users, href: users },
    { id: `${k}.admins`, label: "Admin users", value: c.tiers.admin, href: `${users}&tier=admin` },
    {
      id: `${k}.findings`,
      label: "Findings",
      value: SEVERITIES.reduce((a, s) => a + c.findings[s], 0),
      href: findings,
    },
  ];
  for (const t of TIERS)
    out.push({ id: `${k}.tier.${t}`, label: `Users, tier ${t}`, value: c.tiers[t], href: `${users}&tier=${t}` });
  for (const v of TRI) {
    out.push({ id: `${k}.mfa.registered.${v}`, label: TRI_LABEL.reg[v], value: c.reg[v], href: `${users}&mfa=${v}` });
    out.push({
      id: `${k}.mfa.enforced.${v}`,
      label: TRI_LABEL.enf[v],
      value: c.enf[v],
      href: `${users}&enforced=${v}`,
    });
  }
  if (c.stale) {
    const stale = `/findings?rule=stale-user&cloud=${k}`;
    out.push({
      id: `${k}.stale.never`,
      label: "never active",
      value: c.stale.never,
      href: `${stale}&q=${encodeURIComponent(STALE_NEVER_TEXT)}`,
    });
    out.push({
      id: `${k}.stale.idle`,
      label: "inactive too long",
      value: c.stale.total - c.stale.never,
      href: `${stale}&q=${encodeURIComponent(STALE_IDLE_TEXT)}`,
    });
  }
  for (const s of SEVERITIES)
    out.push({ id: `${k}.findings.${s}`, label: s, value: c.findings[s], href: `${findings}&severity=${s}` });
  return out;
}

/** The Azure RBAC tiers the overview counts (none-tier assignments are not resource access worth a number). */
export const AZURE_OVERVIEW_TIERS = ["admin", "privileged", "write", "read"] as const;

/** Azure RBAC across the loaded estates: rows of the role-assignment list by tier, and what could not be read. */
export interface AzureTotals {
  estates: string[];
  tiers: Record<(typeof AZURE_OVERVIEW_TIERS)[number], number>;
  eligible: number;
  /** Subscriptions the reader was refused: the counts above leave their assignments out (a floor, not a total). */
  notCollected: number;
}

export function azureTotals(estates: Pick<AzureEstateSummary, "sourceName" | "nodes">[]): AzureTotals | null {
  if (estates.length === 0) return null;
  // Every row is filed under one node, so the tops of the trees (depth 0) hold every row once.
  const roots = estates.flatMap((e) => e.nodes.filter((n) => n.depth === 0));
  const sum = (f: (n: (typeof roots)[number]) => number) => roots.reduce((a, n) => a + f(n), 0);
  return {
    estates: estates.map((e) => e.sourceName),
    tiers: Object.fromEntries(AZURE_OVERVIEW_TIERS.map((t) => [t, sum((n) => n.below[t])])) as AzureTotals["tiers"],
    eligible: sum((n) => n.below.eligible),
    notCollected: sum((n) => (n.kind === "subscription" ? (n.readable ? 0 : 1) : n.notCollectedBelow)),
  };
}

function azureFigures(a: AzureTotals): OverviewFigure[] {
  const list = "/azure?tab=assignments";
  return [
    ...AZURE_OVERVIEW_TIERS.map((t) => ({
      id: `azure.assignments.${t}`,
      label: `Azure role assignments, tier ${t}`,
      value: a.tiers[t],
      href: `${list}&tier=${t}`,
    })),
    {
      id: "azure.assignments.eligible",
      label: "of which PIM-eligible",
      value: a.eligible,
      href: `${list}&state=eligible`,
    },
  ];
}

/**
 * Every figure of the overview, in page order (per cloud first, then Azure RBAC, then people, then findings). `azure`:
 * the estates' trees (readAzureEstates); none loaded gives no Azure figure, never zeros.
 */
export function overviewFigures(
  o: Overview,
  azure: Pick<AzureEstateSummary, "sourceName" | "nodes">[] = [],
): OverviewFigure[] {
  const p = o.people;
  const az = azureTotals(azure);
  const ownFindings = o.clouds.reduce((a, c) => a + SEVERITIES.reduce((x, s) => x + c.findings[s], 0), 0);
  return [
    ...(["aws", "entra"] as const).flatMap((k) => {
      const c = cloudTotals(o, k);
      return c ? cloudFigures(c) : [];
    }),
    ...(az ? azureFigures(az) : []),
    { id: "people.total", label: "people", value: p.total, href: "/people" },
    { id: "people.linked", label: "linked in both", value: p.matched, href: "/people?view=linked" },
    { id: "people.awsOnly", label: "AWS only", value: p.awsOnly, href: "/people?side=awsOnly" },
    { id: "people.entraOnly", label: "Entra only", value: p.entraOnly, href: "/people?side=entraOnly" },
    { id: "people.ambiguous", label: "ambiguous", value: p.ambiguous, href: "/people?view=ambiguous" },
    // Counted since access through Entra is AWS access (older stored overviews lack them: no figure, never 0).
    ...(p.awsFederated === undefined
      ? []
      : [
          {
            id: "people.awsFederated",
            label: "reach AWS through Entra (Identity Center, SAML)",
            value: p.awsFederated,
            href: "/people?side=federated",
          },
        ]),
    ...(p.awsAdmins === undefined
      ? []
      : [
          {
            id: "people.awsAdmins",
            label: "admin in AWS (IAM user or through Entra)",
            value: p.awsAdmins,
            href: "/people?awsTier=admin",
          },
        ]),
    { id: "people.mfaGap", label: "registered, not enforced", value: p.mfaGap, href: "/people?view=mfa-gap" },
    {
      id: "people.adminWithoutEnforcedMfa",
      label: "admins without enforced MFA",
      value: p.adminWithoutEnforcedMfa,
      href: "/people?view=admin-no-mfa",
    },
    { id: "findings.total", label: "findings", value: o.findings.total, href: "/findings" },
    { id: "findings.crossCloud", label: "span both clouds", value: o.findings.total - ownFindings, href: null },
    {
      id: "findings.incomplete",
      label: "may be incomplete",
      value: o.findings.incomplete,
      href: "/findings?complete=no",
    },
  ];
}

/** The figures by id, for a page that places them one by one. */
export function figuresById(
  o: Overview,
  azure: Pick<AzureEstateSummary, "sourceName" | "nodes">[] = [],
): (id: string) => OverviewFigure {
  const by = new Map(overviewFigures(o, azure).map((f) => [f.id, f]));
  return (id) => {
    const f = by.get(id);
    if (!f) throw new Error(`overview figure ${id} is not defined in overview-figures.ts`);
    return f;
  };
}

/**
 * A source's headline counts on the Sources page, each linked to the inventory tab of that source that lists exactly
 * those rows. Null values (not collected) have no link and are shown as not collected, never 0.
 */
export function sourceFigures(
  kind: SourceKind,
  sourceId: string,
  counts: Record<string, number | null>,
): (Omit<OverviewFigure, "value"> & { value: number | null })[] {
  const tab = (t: string, extra = "") => `/${kind}?tab=${t}&source=${encodeURIComponent(sourceId)}${extra}`;
  const n = (k: string) => counts[k] ?? null;
  const fig = (id: string, label: string, value: number | null, href: string) => ({
    id: `source.${id}`,
    label,
    value,
    href: value === null ? null : href,
  });
  if (kind === "aws") {
    const parts = [n("awsManagedPolicies"), n("customerManagedPolicies"), n("inlinePolicies")];
    const policies = parts.every((v) => v === null) ? null : parts.reduce<number>((a, v) => a + (v ?? 0), 0);
    return [
      fig("users", "users", n("users"), tab("users")),
      fig("groups", "groups", n("groups"), tab("groups")),
      fig("roles", "roles", n("roles"), tab("roles")),
      fig("policies", `policies (${n("inlinePolicies") ?? 0} inline)`, policies, tab("policies")),
    ];
  }
  // An Azure estate holds no users or groups of its own: its counts are its role-assignment list's rows, by state.
  if (kind === "azure") {
    const list = (state: string) => `/azure?tab=assignments&estate=${encodeURIComponent(sourceId)}&state=${state}`;
    return [
      fig("roleAssignments", "role assignments", n("roleAssignments"), list("roleAssignment")),
      fig("eligibleAssignments", "PIM-eligible", n("eligibleAssignments"), list("eligible")),
      fig("denyAssignments", "deny assignments", n("denyAssignments"), list("deny")),
      fig("classicAdministrators", "classic administrators", n("classicAdministrators"), list("classicAdministrator")),
    ];
  }
  return [
    fig("users", "users", n("users"), tab("users")),
    fig("groups", "groups", n("groups"), tab("groups")),
    fig("servicePrincipals", "service principals", n("servicePrincipals"), tab("apps", "&kind=servicePrincipal")),
    fig("conditionalAccessPolicies", "conditional-access policies", n("conditionalAccessPolicies"), tab("ca")),
  ];
}
