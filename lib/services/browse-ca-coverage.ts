import { analyzed, caCoverage, mfaStatus, type CoverageStatus } from "../analysis";
import { coverageState, type ControlState, type CoverageState } from "../model";
import type { Db } from "../db/client";
import { loadScopedModel, type SnapshotFrame } from "../db/load-scoped-model";
import { latestSnapshots, listPrincipals, type PrincipalListRow, type ViewSnapshot } from "../db/inventory";
import type { ExportValue, FilterSpec, TableQuery, TableSpec } from "./browse-query";
import { offsetOf, searchNeedle } from "./browse-query";
import { browseTable, param as get, type Params } from "./browse-table";
import { catalogFor, snapshotFrame } from "./snapshot-models";

/**
 * The conditional-access coverage matrix: people (Entra users, paged in SQL) × CA policies — applies / excluded /
 * not in scope, with why — and, per user, whether any enabled policy requires MFA, blocks legacy authentication or
 * restricts location, and whether the account is break-glass. Evaluated live, one page of users at a time, on a
 * model scoped to that page (its users, their groups and roles, every CA policy), so it stays fast at 100k users.
 */

export interface CoverageCell {
  status: CoverageStatus;
  /** What the matrix shows: enforced / report-only / off / excluded / not in scope (lib/model coverageState). */
  state: CoverageState;
  why: string;
}

export interface CoverageRow {
  id: number;
  providerId: string;
  name: string;
  displayName: string;
  tier: string | null;
  enabled: boolean | null;
  guest: boolean | null;
  breakGlass: string | null;
  requiresMfa: boolean;
  /** MFA enforced, as the principal page and the findings say it (mfaStatus); null = not collected. */
  mfaEnforced: boolean | null;
  blocksLegacyAuth: boolean;
  restrictsLocation: boolean;
  enforcement: string;
  cells: CoverageCell[];
}

export interface CoveragePolicy {
  id: string;
  name: string;
  state: ControlState;
  requiresMfa: boolean;
  blocks: boolean;
}

interface Ctx {
  db: Db;
  entra: ViewSnapshot[];
  snapshot: ViewSnapshot | null;
  /** The snapshot's CA policies, named locations and datasets; each page adds its users. */
  frame: SnapshotFrame | null;
  caCollected: boolean;
  policies: CoveragePolicy[];
}

async function rowsOf(ctx: Ctx, users: PrincipalListRow[]): Promise<CoverageRow[]> {
  if (!ctx.frame || users.length === 0) return [];
  const [model, catalog] = await Promise.all([
    loadScopedModel(
      ctx.db,
      ctx.frame.model.snapshotId,
      users.map((u) => u.providerId),
      ctx.frame,
    ),
    catalogFor("entra"),
  ]);
  return users.map((u) => {
    const s = caCoverage(model, u.providerId, catalog);
    const mfa = mfaStatus(model, u.providerId, catalog);
    const byId = new Map(s.coverage.map((c) => [c.policyId, c]));
    return {
      id: u.id,
      providerId: u.providerId,
      name: u.upn ?? u.name,
      displayName: u.displayName,
      tier: u.tier,
      enabled: u.enabled,
      guest: u.guest,
      breakGlass: mfa.breakGlass?.reason ?? null,
      requiresMfa: s.mfaPolicies.length > 0,
      mfaEnforced: mfa.enforced,
      blocksLegacyAuth: s.blocksLegacyAuth,
      restrictsLocation: s.restrictsLocation,
      enforcement: s.enforcement,
      cells: ctx.policies.map((p) => {
        const c = byId.get(p.id);
        const status = c?.status ?? "notInScope";
        return { status, state: coverageState(status, p.state), why: c?.why.join(" ") ?? "" };
      }),
    };
  });
}

const spec: TableSpec<CoverageRow, Ctx> = {
  id: "ca-coverage",
  columns: [
    { key: "name", label: "User", sortable: true, width: "12rem" },
    { key: "tier", label: "Tier", sortable: true, width: "8.25rem" },
  ],
  filters: [
    {
      key: "who",
      label: "Who",
      options: [
        { value: "admins", label: "Admins and privileged" },
        { value: "guests", label: "Guests" },
      ],
    },
  ],
  async dynamicFilters(ctx): Promise<FilterSpec[]> {
    return ctx.entra.length > 1
      ? [
          {
            key: "source",
            label: "Tenant",
            options: ctx.entra.map((s) => ({ value: s.sourceId, label: s.sourceName })),
          },
        ]
      : [];
  },
  defaultSort: "name",
  defaultDir: "asc",
  searchHint: "UPN or name",
  async query(ctx, q: TableQuery) {
    if (!ctx.snapshot) return { rows: [], total: 0 };
    const who = q.filters.who;
    const base = {
      snapshotIds: [ctx.snapshot.snapshotId],
      kinds: ["user"],
      search: searchNeedle(q),
      ...(who === "guests" ? { guest: true } : {}),
    };
    const page = { skip: offsetOf(q), take: q.size };
    const sort = q.sort === "tier" ? "tier" : "name";
    if (who === "admins") {
      // admin first, then privileged: two indexed queries over (snapshotId, kind, tier), each giving its total
      const a = await listPrincipals(ctx.db, { ...base, tier: "admin" }, sort, q.dir, page);
      const rest = page.take - a.rows.length;
      const p = await listPrincipals(ctx.db, { ...base, tier: "privileged" }, sort, q.dir, {
        skip: Math.max(0, page.skip - a.total),
        take: rest,
      });
      return { rows: await rowsOf(ctx, [...a.rows, ...p.rows]), total: a.total + p.total };
    }
    const { rows, total } = await listPrincipals(ctx.db, base, sort, q.dir, page);
    return { rows: await rowsOf(ctx, rows), total };
  },
  exportRow: (r) => {
    const out: Record<string, ExportValue> = {
      user: r.name,
      displayName: r.displayName,
      tier: r.tier,
      enabled: r.enabled,
      guest: r.guest,
      breakGlass: r.breakGlass,
      anyPolicyRequiresMfa: r.requiresMfa,
      mfaEnforced: r.mfaEnforced,
      blocksLegacyAuth: r.blocksLegacyAuth,
      restrictsLocation: r.restrictsLocation,
      mfaEnforcement: r.enforcement,
    };
    // one column per CA policy, in the matrix's order (names added by the table's context)
    r.cells.forEach((c, i) => {
      out[`policy${i + 1}`] = c.state;
    });
    return out;
  },
};

export const CA_COVERAGE_TABLE = {
  spec,
  async context(db: Db, params: Params): Promise<Ctx> {
    const entra = (await latestSnapshots(db)).filter((s) => s.sourceKind === "entra");
    const wanted = get(params, "source");
    const snapshot = entra.find((s) => s.sourceId === wanted) ?? entra[0] ?? null;
    if (!snapshot) return { db, entra, snapshot: null, frame: null, caCollected: false, policies: [] };
    const [frame, catalog] = await Promise.all([snapshotFrame(db, snapshot.snapshotId), catalogFor("entra")]);
    const a = analyzed(frame.model, catalog);
    const policies = a.caFacts.map((f) => ({
      id: f.control.providerId,
      name: f.control.name,
      state: f.control.state,
      requiresMfa: f.requiresMfa,
      blocks: f.blocks,
    }));
    return { db, entra, snapshot, frame, caCollected: a.caCollected, policies };
  },
  extra: async (ctx: Ctx) => ({
    policies: ctx.policies,
    caCollected: ctx.caCollected,
    snapshot: ctx.snapshot,
    hasEntra: ctx.entra.length > 0,
  }),
};

export function browseCaCoverage(db: Db, params: Params) {
  return browseTable(CA_COVERAGE_TABLE, db, params);
}
