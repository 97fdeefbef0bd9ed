import { isIdentityCloud, TIERS, ZSourceKindSchema } from "../../model";
import { listDriftChanges } from "../../db/drift";
import { REPORT_PAGE } from "../../db/list-page";
import { accessControls, principalStats, type PrincipalStats } from "../../db/report-data";
import { completeSnapshotsOf, getSnapshot } from "../../db/snapshots";
import { col, NA, type Block, type Chart, type Row, type Table } from "../../report/document";
import { DRIFT_AREAS } from "../compare-snapshots";
import { ensureDriftPair, resolvePair, sincePair } from "../compute-drift";
import { principalName, principalRows } from "./building-blocks";
import { snapshotLabel, snapshotsOfKind, sourceLabel, type ReportContext } from "./context";

export type StatsBySource = {
  sourceId: string;
  label: string;
  kind: string;
  stats: PrincipalStats;
  /** Entra directory roles as the snapshot counted them (roles are not identities in Entra); null = not collected. */
  directoryRoles: number | null;
}[];

/** The identity clouds' sources in scope (an Azure estate holds no identities of its own) and their principals. */
export async function statsBySource(ctx: ReportContext): Promise<StatsBySource> {
  const identity = [...ctx.snapshotOf].filter(([sourceId]) => {
    const kind = ZSourceKindSchema.safeParse(ctx.sourceKind.get(sourceId));
    return kind.success && isIdentityCloud(kind.data);
  });
  return Promise.all(
    identity.map(async ([sourceId, snapshotId]) => {
      const snapshot = ctx.scoped.find((s) => s.source.id === sourceId)?.snapshot;
      const roles = snapshot?.datasets.directoryRoles;
      return {
        sourceId,
        label: sourceLabel(ctx, sourceId),
        kind: ctx.sourceKind.get(sourceId) ?? "",
        stats: await principalStats(ctx.db, snapshotId),
        directoryRoles: roles && !roles.collected ? null : (snapshot?.counts.directoryRoles ?? null),
      };
    }),
  );
}

/** Roles: AWS IAM roles are identities (principals); Entra's directory roles are what identities hold. */
const KINDS = [
  ["user", "Users"],
  ["group", "Groups"],
  ["role", "Roles (AWS IAM roles, Entra directory roles)"],
  ["servicePrincipal", "Service principals"],
  ["managedIdentity", "Managed identities"],
] as const;

function kindCount(s: StatsBySource[number], kind: (typeof KINDS)[number][0]): number | null {
  if (kind === "role" && s.kind === "entra") return s.directoryRoles;
  return s.stats.byKind[kind] ?? 0;
}

/** A chart only when there is a source to draw (a chart needs at least one series and category). */
function chartIf(stats: StatsBySource, chart: Chart): Block[] {
  return stats.length ? [{ type: "chart", chart }] : [];
}

export function overviewBlocks(stats: StatsBySource, findingsTotal: number): Block[] {
  const blocks: Block[] = [
    {
      type: "paragraph",
      text:
        stats.length === 0
          ? "No source in scope has a complete snapshot, so there is nothing to compare yet."
          : `This report reads ${stats.length} identity source${stats.length === 1 ? "" : "s"} (${stats.map((s) => s.label).join(", ")}) at their latest complete snapshot. AWS is always shown first, Entra second. Admin users counts users only; the privilege section counts roles and workload identities too.`,
    },
    {
      type: "keyValue",
      items: [
        ...stats.flatMap((s) => [
          { key: `${s.label}: users`, value: s.stats.users.total },
          // The overview page's "Admin users" (overview-figures.ts): users at tier admin, not roles.
          { key: `${s.label}: admin users`, value: s.stats.userTiers.admin },
          { key: `${s.label}: users with MFA enforced`, value: s.stats.users.mfa.enforced },
        ]),
        { key: "Findings in scope", value: findingsTotal },
      ],
    },
  ];
  if (stats.length) {
    blocks.push({
      type: "chart",
      chart: {
        chart: "bar",
        title: "Identities and roles per source",
        categories: KINDS.map(([, l]) => l),
        series: stats.map((s) => ({ name: s.label, values: KINDS.map(([k]) => kindCount(s, k)) })),
      },
    });
  }
  return blocks;
}

/** Why a principal sits at its tier, from what analysis stored (reasons naming the policy or role). */
export function tierWhy(derived: unknown): string | null {
  if (!derived || typeof derived !== "object") return null;
  const d = derived as Record<string, unknown>;
  const holder = (d.tier && typeof d.tier === "object" ? d.tier : d) as Record<string, unknown>;
  const reasons = (holder.reasons ?? d.tierReasons) as unknown;
  if (!Array.isArray(reasons) || reasons.length === 0) return null;
  return reasons
    .map((r) => {
      const x = r as Record<string, unknown>;
      return [x.permissionSet, x.via ? `via ${String(x.via)}` : null, x.detail].filter(Boolean).join(" — ");
    })
    .join("; ");
}

export async function privilegeBlocks(ctx: ReportContext, stats: StatsBySource): Promise<Block[]> {
  const filter = {
    snapshotIds: ctx.snapshotIds,
    kinds: ["user", "role", "servicePrincipal", "managedIdentity"],
    tiers: ["admin", "privileged"],
    search: ctx.params.person,
    withDerived: true,
  };
  const table: Table = {
    id: "privileged-identities",
    title: "Admins and privileged identities",
    description: "Every identity at tier admin or privileged, and the policy or role that put it there.",
    columns: [
      col("source", "Source", "string", 12),
      col("kind", "Kind", "string", 8),
      col("name", "Name", "string", 20),
      col("tier", "Tier", "string", 8),
      col("mfaEnforced", "MFA enforced", "boolean", 8),
      col("why", "Why (policy or role)", "string", 40),
    ],
    rows: await principalRows(ctx, filter, (p) => [
      snapshotLabel(ctx, p.snapshotId),
      p.kind,
      principalName(p),
      p.tier,
      p.kind === "user" ? p.mfaEnforced : { na: true },
      tierWhy(p.derived),
    ]),
    emptyText: "No admin or privileged identity in this scope.",
  };
  const unrated = stats.some((s) => s.stats.tiers.unrated > 0);
  return [
    {
      type: "paragraph",
      text: "One privilege scale for both clouds: admin, privileged, write, read, none. AWS tiers come from effective permissions; Entra tiers from directory roles (PIM-eligible roles are shown apart by the app).",
    },
    ...chartIf(stats, {
      chart: "bar",
      title: "Privilege tiers per source (users, roles and workload identities)",
      categories: [...TIERS, ...(unrated ? ["not rated"] : [])],
      series: stats.map((s) => ({
        name: s.label,
        values: [...TIERS.map((t) => s.stats.tiers[t]), ...(unrated ? [s.stats.tiers.unrated] : [])],
      })),
      ...(unrated ? { note: "not rated = the analysis has not classified these identities yet" } : {}),
    }),
    { type: "table", table },
  ];
}

export async function mfaBlocks(ctx: ReportContext, stats: StatsBySource): Promise<Block[]> {
  const filter = { snapshotIds: ctx.snapshotIds, kinds: ["user"], mfaNotEnforced: true, search: ctx.params.person };
  return [
    {
      type: "paragraph",
      text: "Registered is not enforced: a user may have an MFA method and still sign in without it. Enforced counts AWS policies that deny without aws:MultiFactorAuthPresent and enabled Entra conditional-access policies that require MFA; report-only and disabled policies do not count.",
    },
    ...chartIf(stats, {
      chart: "stackedBar",
      title: "Users: MFA enforced vs registered",
      categories: stats.map((s) => s.label),
      series: [
        { name: "enforced", values: stats.map((s) => s.stats.users.mfa.enforced), color: "#009E73" },
        {
          name: "registered, not enforced",
          values: stats.map((s) => s.stats.users.mfa.registeredNotEnforced),
          color: "#E69F00",
        },
        { name: "neither", values: stats.map((s) => s.stats.users.mfa.neither), color: "#D55E00" },
        { name: "unknown (not collected)", values: stats.map((s) => s.stats.users.mfa.unknown), color: "#9ca3af" },
      ],
    }),
    {
      type: "table",
      table: {
        id: "mfa-not-enforced",
        title: "Users whose MFA is not enforced",
        columns: [
          col("source", "Source", "string", 12),
          col("user", "User", "string", 24),
          col("tier", "Tier", "string", 8),
          col("registered", "MFA registered", "boolean", 9),
          col("enforced", "MFA enforced", "boolean", 9),
          col("enabled", "Enabled", "boolean", 7),
          col("lastActivity", "Last activity", "date", 12),
        ],
        rows: await principalRows(ctx, filter, (p) => [
          snapshotLabel(ctx, p.snapshotId),
          principalName(p),
          p.tier,
          p.mfaRegistered,
          p.mfaEnforced,
          p.enabled,
          p.lastActivityAt?.toISOString() ?? null,
        ]),
        emptyText: "Every user in scope has MFA enforced.",
      },
    },
  ];
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function summarizeWho(who: Record<string, unknown>): { include: string; exclude: string } {
  const part = (prefix: "include" | "exclude") =>
    [
      ["Users", "users"],
      ["Groups", "groups"],
      ["Roles", "roles"],
    ]
      .map(([k, label]) => {
        const ids = list(who[`${prefix}${k}`]);
        if (ids.length === 0) return null;
        const special = ids.filter((i) => ["All", "None", "GuestsOrExternalUsers"].includes(i));
        const n = ids.length - special.length;
        return [...special.map((s) => `${s} ${label}`), ...(n ? [`${n} ${label}`] : [])].join(", ");
      })
      .filter(Boolean)
      .join("; ") || "—";
  return { include: part("include"), exclude: part("exclude") };
}

export async function caBlocks(ctx: ReportContext): Promise<Block[]> {
  const entra = snapshotsOfKind(ctx, "entra");
  if (entra.length === 0)
    return [{ type: "paragraph", text: "No Entra tenant in scope: conditional access does not apply." }];
  const blocks: Block[] = [];
  for (const [sourceId, snapshotId] of entra) {
    const collected = ctx.scoped.find((s) => s.source.id === sourceId)?.snapshot?.datasets.conditionalAccess;
    const policies = await accessControls(ctx.db, [snapshotId]);
    blocks.push({ type: "heading", text: sourceLabel(ctx, sourceId) });
    if (collected && !collected.collected) {
      blocks.push({
        type: "paragraph",
        text: `Conditional-access policies were not collected: ${collected.reason ?? "unknown reason"}${collected.permission ? ` (needs ${collected.permission})` : ""}. Coverage is unknown, not zero.`,
      });
      continue;
    }
    const byState = { on: 0, reportOnly: 0, off: 0 } as Record<string, number>;
    for (const p of policies) byState[p.state] = (byState[p.state] ?? 0) + 1;
    blocks.push({
      type: "chart",
      chart: {
        chart: "donut",
        title: "Conditional-access policies by state",
        categories: ["on", "report-only", "off"],
        colors: ["#009E73", "#E69F00", "#9ca3af"],
        series: [{ name: "policies", values: [byState.on ?? 0, byState.reportOnly ?? 0, byState.off ?? 0] }],
        unit: "policies",
      },
    });
    blocks.push({
      type: "table",
      table: {
        id: `ca-policies-${blocks.length}`,
        title: "Conditional-access policies",
        description:
          "Only policies in state on count as enforcement; report-only and off policies are shown but do not protect anyone.",
        columns: [
          col("name", "Policy", "string", 22),
          col("state", "State", "string", 8),
          col("include", "Applies to", "string", 16),
          col("exclude", "Excludes", "string", 14),
          col("apps", "Apps / actions", "string", 12),
          col("grant", "Grant", "string", 12),
          col("conditions", "Conditions", "string", 16),
          col("enforces", "Counts as enforcement", "boolean", 9),
        ],
        rows: policies.map((p): Row => {
          const who = summarizeWho((p.who ?? {}) as Record<string, unknown>);
          const t = (p.targets ?? {}) as Record<string, unknown>;
          const c = (p.controls ?? {}) as Record<string, unknown>;
          const cond = (p.conditions ?? {}) as Record<string, unknown>;
          const apps = [...list(t.includeApplications), ...list(t.includeUserActions)].join(", ") || "—";
          const grant = c.block
            ? "block"
            : [...list(c.grant), ...(c.authenticationStrength ? ["authentication strength"] : [])].join(
                ` ${String(c.operator ?? "OR")} `,
              ) || "session only";
          const conditions =
            Object.entries(cond)
              .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
              .map(
                ([k, v]) =>
                  `${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v)}`,
              )
              .join("; ") || "none";
          return [p.name, p.state, who.include, who.exclude, apps, grant, conditions, p.state === "on"];
        }),
        emptyText: "This tenant has no conditional-access policies.",
      },
    });
    blocks.push({ type: "table", table: await adminCoverageTable(ctx, snapshotId, blocks.length) });
  }
  return blocks;
}

/** The controls analysis records for an Entra user (null = conditional access not collected for it). */
interface UserControls {
  mfaPolicies: string[];
  blocksLegacyAuth: boolean;
  restrictsLocation: boolean;
  excludedFrom: string[];
}

function controlsOf(derived: unknown): UserControls | null {
  const c = (derived as { controls?: unknown } | null)?.controls;
  return c && typeof c === "object" && Array.isArray((c as UserControls).mfaPolicies) ? (c as UserControls) : null;
}

/** For each Entra admin: does an enabled policy require MFA, block legacy authentication, restrict location? */
async function adminCoverageTable(ctx: ReportContext, snapshotId: string, n: number): Promise<Table> {
  const filter = {
    snapshotIds: [snapshotId],
    kinds: ["user"],
    tiers: ["admin", "privileged"],
    search: ctx.params.person,
    withDerived: true,
  };
  return {
    id: `ca-admin-coverage-${n}`,
    title: "Admins and the policies that protect them",
    description:
      "Enabled policies only. Exclusions are listed so that break-glass accounts can be told apart from gaps.",
    columns: [
      col("admin", "Admin", "string", 24),
      col("tier", "Tier", "string", 8),
      col("mfaRequiredBy", "MFA required by", "string", 24),
      col("legacyBlocked", "Legacy auth blocked", "boolean", 9),
      col("locationRestricted", "Location restricted", "boolean", 9),
      col("excludedFrom", "Excluded from", "string", 20),
    ],
    rows: await principalRows(ctx, filter, (p) => {
      const c = controlsOf(p.derived);
      return [
        principalName(p),
        p.tier,
        c ? c.mfaPolicies.join("; ") || "none" : null,
        c ? c.blocksLegacyAuth : null,
        c ? c.restrictsLocation : null,
        c ? c.excludedFrom.join("; ") || "—" : null,
      ];
    }),
    emptyText: "No admin or privileged user in this tenant.",
  };
}

const AREA_LABEL = new Map<string, string>(DRIFT_AREAS.map((a) => [a.value, a.label]));

/**
 * Drift, as the Drift page computes and stores it (compute-drift.ts): each source's latest complete snapshot against
 * the one it had on the chosen date, or — with no date — against its previous complete snapshot. Every source in
 * scope gets a row in the summary, so the section (and its XLSX sheet) is there even when nothing can be compared.
 */
export async function driftBlocks(ctx: ReportContext): Promise<Block[]> {
  const since = ctx.params.since ? new Date(ctx.params.since) : null;
  const pairs: { sourceId: string; pairId: number }[] = [];
  const summary: Row[] = [];
  for (const [sourceId] of ctx.snapshotOf) {
    const label = sourceLabel(ctx, sourceId);
    let pair: { from: string; to: string } | { note: string };
    if (since) pair = await sincePair(ctx.db, sourceId, since);
    else {
      const snaps = await completeSnapshotsOf(ctx.db, sourceId);
      pair =
        snaps.length > 1
          ? await resolvePair(ctx.db, sourceId)
          : { note: "only one complete snapshot: nothing earlier to compare with" };
    }
    if ("note" in pair) {
      summary.push([label, null, NA, NA, NA, pair.note]);
      continue;
    }
    const stored = await ensureDriftPair(ctx.db, sourceId, pair.from, pair.to);
    const base = await getSnapshot(ctx.db, pair.from);
    const n = (c: "added" | "removed" | "changed") =>
      Object.values(stored.summary).reduce((a, x) => a + (x?.[c] ?? 0), 0);
    summary.push([label, base?.finishedAt?.toISOString() ?? null, n("added"), n("removed"), n("changed"), "compared"]);
    pairs.push({ sourceId, pairId: stored.id });
  }
  const sourceOfPair = new Map(pairs.map((p) => [p.pairId, p.sourceId]));
  const pairIds = pairs.map((p) => p.pairId);
  const total = pairIds.length
    ? (await listDriftChanges(ctx.db, { pairIds, sort: "source", dir: "asc", skip: 0, take: 1 })).total
    : 0;
  return [
    {
      type: "paragraph",
      text: since
        ? `What changed since ${since.toISOString().slice(0, 10)}: each source's latest complete snapshot compared with the one it had on that date (the Drift page shows the same changes).`
        : "What changed since each source's previous complete snapshot (the Drift page shows the same changes; choose a date on the Reports page to compare with an older one).",
    },
    {
      type: "table",
      table: {
        id: "drift-summary",
        title: "Drift per source",
        columns: [
          col("source", "Source", "string", 14),
          col("baseAt", "Compared with snapshot of", "date", 12),
          col("added", "Added", "number", 7),
          col("removed", "Removed", "number", 7),
          col("changed", "Changed", "number", 7),
          col("status", "Status", "string", 18),
        ],
        rows: summary,
        emptyText: "No source in scope has a complete snapshot.",
      },
    },
    {
      type: "table",
      table: {
        id: "drift-changes",
        title: "Drift: what changed",
        columns: [
          col("source", "Source", "string", 12),
          col("area", "Area", "string", 10),
          col("change", "Change", "string", 8),
          col("kind", "Kind", "string", 8),
          col("subject", "Name", "string", 18),
          col("detail", "What changed", "string", 34),
        ],
        rows: {
          count: total,
          async *pages() {
            for (let skip = 0; skip < total; skip += REPORT_PAGE) {
              const page = await listDriftChanges(ctx.db, {
                pairIds,
                sort: "source",
                dir: "asc",
                skip,
                take: REPORT_PAGE,
              });
              if (page.rows.length === 0) break;
              yield page.rows.map(
                (d): Row => [
                  sourceLabel(ctx, sourceOfPair.get(d.pairId) ?? ""),
                  AREA_LABEL.get(d.area) ?? d.area,
                  d.change,
                  d.kind,
                  d.subject,
                  d.detail || NA,
                ],
              );
            }
          },
        },
        emptyText: pairIds.length
          ? "Nothing changed in this period."
          : "No source in scope has an earlier snapshot to compare with.",
      },
    },
  ];
}
