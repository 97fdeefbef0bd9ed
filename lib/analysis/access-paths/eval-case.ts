// The evaluation set's case shape and how a case is run and scored: shared by the table test and `npm run bench`.
import type { AccessPath, HierarchyNodeInput } from "../../model";
import { ZHierarchyNodeSchema } from "../../model";
import type { ActionCatalog } from "../action-catalog";
import { sourceFromCase } from "../case-model";
import { computeAccessPaths } from "./index";

/** One path a case expects, with the facts an expert would check on it. */
export interface ExpectedPath {
  row: string;
  user: string;
  account: string;
  via: AccessPath["via"];
  grant: string;
  group?: string;
  tier: AccessPath["tier"];
  mfa: AccessPath["mfa"];
  signIn?: string;
  match?: string;
  provisioning?: string;
  broken?: boolean;
  drift?: boolean;
  hops?: string[];
}

/** A hand-made organisation with known answers, written from the pages it cites. */
export interface PathCase {
  name: string;
  sources: { title: string; url: string; used: string }[];
  entra: Record<string, unknown>;
  organization: (Record<string, unknown> & { hierarchy?: HierarchyNodeInput[] }) | null;
  accounts: (Record<string, unknown> & { externalId: string })[];
  expected: ExpectedPath[];
  /** Paths that must not exist (what a naive reading would list). */
  absent: { row: string; user: string; account: string }[];
}

export function runCase(c: PathCase, catalog: ActionCatalog): AccessPath[] {
  const org = c.organization
    ? {
        ...sourceFromCase({ ...c.organization, hierarchy: undefined, kind: "awsOrganization" }),
        hierarchy: (c.organization.hierarchy ?? []).map((n) => ZHierarchyNodeSchema.parse(n)),
      }
    : null;
  return computeAccessPaths({
    entra: sourceFromCase(c.entra),
    organization: org,
    accounts: c.accounts.map((a) => ({ ...sourceFromCase(a), externalId: a.externalId })),
    catalog,
  });
}

export const upnOf = (p: AccessPath) => p.hops[0]?.name ?? "";
export const expectedKey = (e: Pick<ExpectedPath, "user" | "account" | "via" | "grant" | "group">) =>
  `${e.user.toLowerCase()} → ${e.account} ${e.via} ${e.grant}${e.group ? ` (group ${e.group})` : ""}`;
export const pathKey = (p: AccessPath) =>
  expectedKey({
    user: upnOf(p),
    account: p.targetId,
    via: p.via,
    grant: p.grant,
    group: typeof p.attributes.group === "string" ? p.attributes.group : undefined,
  });

/** The differences between one expected row and the path found for it ([] = right). */
export function rowErrors(e: ExpectedPath, p: AccessPath | undefined): string[] {
  if (!p) return ["path not found"];
  const errs: string[] = [];
  const check = (what: string, got: unknown, want: unknown) => {
    if (want !== undefined && got !== want) errs.push(`${what}: got ${String(got)}, expected ${String(want)}`);
  };
  check("tier", p.tier, e.tier);
  check("mfa", p.mfa, e.mfa);
  check("signIn", p.attributes.signIn, e.signIn);
  check("match", p.attributes.match, e.match);
  check("provisioning", p.attributes.provisioning, e.provisioning);
  check("broken", Boolean(p.attributes.broken), e.broken ?? false);
  check("drift", Boolean(p.attributes.drift), e.drift ?? false);
  if (e.hops) check("hops", p.hops.map((h) => h.kind).join(">"), e.hops.join(">"));
  return errs;
}

export interface CaseScore {
  expected: number;
  /** Expected paths found with every checked fact right. */
  right: number;
  /** Paths found that the case does not expect (absent ones included). */
  extra: number;
  failures: string[];
}

export function scoreCase(c: PathCase, paths: AccessPath[]): CaseScore {
  const byKey = new Map(paths.map((p) => [pathKey(p), p]));
  const failures: string[] = [];
  let right = 0;
  for (const e of c.expected) {
    const errs = rowErrors(e, byKey.get(expectedKey(e)));
    if (errs.length) failures.push(`${e.row}: ${errs.join("; ")}`);
    else right++;
  }
  const wanted = new Set(c.expected.map(expectedKey));
  const extra = paths.filter((p) => !wanted.has(pathKey(p)));
  for (const p of extra) failures.push(`unexpected path ${pathKey(p)}`);
  return { expected: c.expected.length, right, extra: extra.length, failures };
}
