import { matchMethodLabel, TIERS, type FederatedAws, type Tier } from "../../model";
import { countPeople, hasPeople, pagePeople, type PrincipalRow } from "../../db/report-data";
import { col, NA, type Cell, type Column, type Table } from "../../report/document";
import { maxTier } from "../../analysis/tiers";
import { pagedRows, principalRows } from "./building-blocks";
import type { ReportContext } from "./context";

type Side = "aws" | "entra";

const SIDE_COLUMNS = (side: Side, label: string): Column[] => [
  col(`${side}Identities`, `${label} identities`, "string", 26),
  col(`${side}Tier`, `${label} tier`, "string", 9),
  col(`${side}MfaRegistered`, `${label} MFA registered`, "boolean", 8),
  col(`${side}MfaEnforced`, `${label} MFA enforced`, "boolean", 8),
  col(`${side}LastActivity`, `${label} last activity`, "date", 11),
  col(`${side}Enabled`, `${label} enabled`, "boolean", 7),
];

export const PEOPLE_COLUMNS: Column[] = [
  col("person", "Person", "string", 18),
  col("match", "Matched by", "string", 7),
  col("confidence", "Confidence", "number", 6),
  ...SIDE_COLUMNS("aws", "AWS"),
  ...SIDE_COLUMNS("entra", "Entra"),
];

const RANK: Record<string, number> = Object.fromEntries(TIERS.map((t, i) => [t, TIERS.length - i]));

/** All true → true; any false → false; otherwise unknown (something was not collected). */
export function allOf(values: (boolean | null)[]): boolean | null {
  if (values.some((v) => v === false)) return false;
  return values.every((v) => v === true) ? true : null;
}

/** One side of a person, summed over their identities on that cloud (n/a when they have none there). */
export function sideCells(ids: PrincipalRow[]): Cell[] {
  if (ids.length === 0) return [NA, NA, NA, NA, NA, NA];
  const tiers = ids.map((i) => i.tier).filter((t): t is Tier => !!t && t in RANK);
  const tier =
    tiers.length === ids.length
      ? tiers.sort((a, b) => RANK[b]! - RANK[a]!)[0]!
      : tiers.length
        ? `${tiers.sort((a, b) => RANK[b]! - RANK[a]!)[0]} or more`
        : null;
  const last = ids.map((i) => i.lastActivityAt?.getTime() ?? null);
  const known = last.filter((t): t is number => t !== null);
  const enabled = ids.some((i) => i.enabled === true) ? true : ids.every((i) => i.enabled === false) ? false : null;
  return [
    ids.map((i) => (i.kind === "user" ? (i.upn ?? i.name) : `${i.name} (${i.kind})`)).join("; "),
    tier,
    allOf(ids.map((i) => i.mfaRegistered)),
    allOf(ids.map((i) => i.mfaEnforced)),
    known.length ? new Date(Math.max(...known)).toISOString() : null,
    enabled,
  ];
}

const VIA = { identityCenter: "Identity Center", saml: "SAML" } as const;

/**
 * The AWS side of a person: their IAM identities and their access through Entra (Identity Center, SAML), which is
 * AWS access too: it is named in the identities cell and its tier joins the side's (MFA, activity and enabled stay
 * the IAM identities': the paths' MFA is in the "AWS access through Entra" section).
 */
export function awsSideCells(ids: PrincipalRow[], fed: FederatedAws | null): Cell[] {
  const cells = sideCells(ids);
  if (!fed) return cells;
  const how = `through Entra: ${fed.via.map((v) => VIA[v]).join(" + ")}, ${fed.accounts} account${fed.accounts === 1 ? "" : "s"}`;
  // The IAM tier cell is a tier, "<tier> or more" (some identity's tier unknown) or null (every one unknown).
  const iam = typeof cells[1] === "string" ? cells[1] : null;
  const iamFloor = iam ? (iam.replace(/ or more$/, "") as Tier) : null;
  const top = maxTier(iamFloor, fed.tier);
  const unsure = fed.tierUnknown || (ids.length > 0 && (iam === null || iam !== iamFloor));
  cells[0] = ids.length ? `${cells[0]}; ${how}` : how;
  cells[1] = top ? (unsure ? `${top} or more` : top) : null;
  return cells;
}

/**
 * People side by side: one row per person with their AWS and Entra identities. Until person matching has run, each
 * user is listed alone (and the report says so).
 */
export async function peopleTable(ctx: ReportContext): Promise<Table> {
  const person = ctx.params.person;
  const base = {
    id: "people",
    title: "People side by side",
    description:
      'One row per person: their AWS identities on the left, Entra on the right. "not collected" = unknown; "—" = no identity on that side.',
    columns: PEOPLE_COLUMNS,
    emptyText: "No people in this scope.",
  };
  if (await hasPeople(ctx.db)) {
    const filter = { search: person };
    return {
      ...base,
      rows: pagedRows(
        await countPeople(ctx.db, filter),
        () => pagePeople(ctx.db, filter, ctx.snapshotOf),
        (p) => {
          const side = (k: Side) => p.identities.filter((i) => ctx.sourceKind.get(i.sourceId) === k);
          return [
            p.displayName,
            p.ambiguous ? "ambiguous: several candidates, not linked" : p.method ? matchMethodLabel(p.method) : NA,
            p.confidence ?? NA,
            ...awsSideCells(side("aws"), p.federatedAws),
            ...sideCells(side("entra")),
          ];
        },
      ),
    };
  }
  ctx.provenance.notes.push(
    "Person matching has not run on this data yet: the people table lists each user identity alone, unmatched.",
  );
  const filter = { snapshotIds: ctx.snapshotIds, kinds: ["user"], search: person };
  return {
    ...base,
    rows: await principalRows(ctx, filter, (p) => {
      const kind = ctx.sourceKind.get(ctx.sourceOfSnapshot.get(p.snapshotId) ?? "");
      return [
        p.displayName || p.name,
        NA,
        NA,
        ...sideCells(kind === "aws" ? [p] : []),
        ...sideCells(kind === "entra" ? [p] : []),
      ];
    }),
  };
}
