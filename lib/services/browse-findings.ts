import type { Db } from "../db/client";
import { findingCounts, listFindings, type FindingsQuery } from "../db/findings";
import { latestSnapshots, type ViewSnapshot } from "../db/inventory";
import { SEVERITIES, type Severity, type StoredFinding } from "../model";
import { offsetOf, type FilterSpec, type TableQuery, type TableSpec } from "./browse-query";
import { browseTable, param as get, type Params } from "./browse-table";

/**
 * The Findings table: by severity, rule and source, with the explanation, evidence, fix, data source and whether that
 * data was complete. Filters in the URL (`severity`, `rule`, `source`, `cloud`, `complete`, `person`); the query is
 * lib/db/findings.ts. Exported (CSV/JSON) exactly as filtered.
 */

interface Ctx {
  db: Db;
  snapshots: ViewSnapshot[];
  /** A person's key (from a person page); not a select filter, any value is passed through as a condition. */
  personKey?: string;
  rules: { rule: string; count: number }[];
  /** Counts over every finding (the rule filter's options, and the chart when nothing else is filtered). */
  all: Awaited<ReturnType<typeof findingCounts>>;
}

const SORTS: Record<string, FindingsQuery["sort"]> = {
  severity: "severity",
  rule: "rule",
  subject: "subject",
  source: "source",
};

function queryOf(ctx: Ctx, q: TableQuery): FindingsQuery {
  const f = q.filters;
  return {
    severity: f.severity ? [f.severity as Severity] : undefined,
    rule: f.rule ? [f.rule] : undefined,
    sourceId: f.source,
    sourceIds: f.cloud ? ctx.snapshots.filter((s) => s.sourceKind === f.cloud).map((s) => s.sourceId) : undefined,
    complete: f.complete === undefined ? undefined : f.complete === "yes",
    q: q.q || undefined,
    personKey: ctx.personKey,
    sort: SORTS[q.sort] ?? "severity",
    dir: q.dir,
  };
}

const spec: TableSpec<StoredFinding, Ctx> = {
  id: "findings",
  columns: [
    { key: "severity", label: "Severity", sortable: true, width: "7.5rem" },
    { key: "rule", label: "Rule", sortable: true, width: "13rem" },
    { key: "source", label: "Source", sortable: true, width: "10rem" },
    { key: "subject", label: "Subject", sortable: true, width: "14rem" },
    { key: "explanation", label: "What and why" },
    { key: "complete", label: "Data", width: "8.5rem" },
  ],
  filters: [
    { key: "severity", label: "Severity", options: SEVERITIES.map((s) => ({ value: s, label: s })) },
    {
      key: "cloud",
      label: "Cloud",
      options: [
        { value: "aws", label: "AWS" },
        { value: "entra", label: "Entra" },
      ],
    },
    {
      key: "complete",
      label: "Data complete",
      options: [
        { value: "yes", label: "Complete" },
        { value: "no", label: "May be incomplete" },
      ],
    },
  ],
  async dynamicFilters(ctx): Promise<FilterSpec[]> {
    return [
      {
        key: "rule",
        label: "Rule",
        options: ctx.rules.map((r) => ({ value: r.rule, label: `${r.rule} (${r.count})` })),
      },
      {
        key: "source",
        label: "Source",
        options: ctx.snapshots.map((s) => ({ value: s.sourceId, label: s.sourceName })),
      },
    ];
  },
  defaultSort: "severity",
  defaultDir: "asc",
  searchHint: "Subject or explanation",
  async query(ctx, q) {
    return listFindings(ctx.db, { ...queryOf(ctx, q), skip: offsetOf(q), take: q.size });
  },
  exportRow: (r) => ({
    severity: r.severity,
    rule: r.rule,
    source: r.source,
    subjectKind: r.subjectKind,
    subject: r.subject,
    subjectId: r.subjectProviderId,
    explanation: r.explanation,
    evidence: JSON.stringify(r.evidence),
    fix: r.fix,
    dataSource: r.dataSource,
    complete: r.complete,
  }),
};

export const FINDINGS_TABLE = {
  spec,
  async context(db: Db, params: Params): Promise<Ctx> {
    const [snapshots, counts] = await Promise.all([latestSnapshots(db), findingCounts(db)]);
    const rules = new Map<string, number>();
    for (const r of counts.byRule) rules.set(r.rule, (rules.get(r.rule) ?? 0) + r.count);
    const person = get(params, "person")?.slice(0, 300);
    return {
      db,
      snapshots,
      personKey: person || undefined,
      rules: [...rules].map(([rule, count]) => ({ rule, count })).sort((a, b) => a.rule.localeCompare(b.rule)),
      all: counts,
    };
  },
  /** Counts by severity for the filtered view (the chart above the table), and the totals. */
  async extra(ctx: Ctx, q: TableQuery) {
    const { severity: _s, sort: _o, dir: _d, ...rest } = queryOf(ctx, q);
    const narrowed = Object.values(rest).some((v) => v !== undefined);
    // Unfiltered (but for severity, which the chart shows): the context already counted everything.
    const counts = narrowed ? await findingCounts(ctx.db, { ...rest }) : ctx.all;
    return { counts, personKey: ctx.personKey ?? null, snapshots: ctx.snapshots };
  },
};

export function browseFindings(db: Db, params: Params) {
  return browseTable(FINDINGS_TABLE, db, params);
}
