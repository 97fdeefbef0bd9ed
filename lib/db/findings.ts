import type { Finding, FindingCountsSummary, Severity, StoredFinding } from "../model";
import { SEVERITIES, ZStoredFindingSchema } from "../model";
import { dbProvider, type Db } from "./client";
import { fromStored } from "./json";
import { REPORT_PAGE } from "./list-page";
import { insertMany, type Column } from "./bulk-insert";
import { readDerivedSummary } from "./derived";
import type { WriteFence } from "./people-swap";

/** Findings of the latest analysis (replaced as a whole by refresh-derived) and the queries the web app pages. */

const COLUMNS: Column[] = [
  { name: "rule", type: "text" },
  { name: "severity", type: "text" },
  { name: "severityRank", type: "text" },
  { name: "sourceId", type: "text" },
  { name: "sourceName", type: "text" },
  { name: "subjectKind", type: "text" },
  { name: "subjectProviderId", type: "text" },
  { name: "subjectName", type: "text" },
  { name: "explanation", type: "text" },
  { name: "evidence", type: "json" },
  { name: "fix", type: "text" },
  { name: "complete", type: "bool" },
  { name: "dataSource", type: "text" },
  { name: "personKey", type: "text" },
  { name: "createdAt", type: "date" },
];

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Rows per insert transaction: bounded memory for the bound values, few enough commits to stay fast. */
const WRITE_CHUNK = 20_000;

/**
 * Replaces every finding (ids in the given order). Findings are consumed one at a time (a generator that lets go
 * of each finding as it is taken keeps memory flat) and written 20k a transaction (each insertMany reopens the SQLite bulk handle and re-prepares its statements). `personKeyOf` names the person
 * of a finding's subject (default: the finding's own `personKey`). With a `fence` (refresh-derived's lease), the lease is
 checked before the delete and before each chunk: a refresh whose lease was taken over stops writing.
 */
export async function replaceFindings(
  db: Db,
  findings: Iterable<Finding & { personKey?: string | null }>,
  at: Date = new Date(),
  personKeyOf: (f: Finding & { personKey?: string | null }) => string | null = (f) => f.personKey ?? null,
  fence?: Pick<WriteFence, "ensureHeld">,
): Promise<void> {
  await fence?.ensureHeld();
  await db.finding.deleteMany({});
  let rows: unknown[][] = [];
  const flush = async () => {
    await fence?.ensureHeld();
    await insertMany(db, [{ table: "Finding", columns: COLUMNS, rows }]);
    rows = [];
  };
  for (const f of findings) {
    rows.push([
      f.rule,
      f.severity,
      SEVERITY_RANK[f.severity],
      f.sourceId,
      f.source,
      f.subjectKind,
      f.subjectProviderId,
      f.subject,
      f.explanation,
      f.evidence,
      f.fix,
      f.complete,
      f.dataSource,
      personKeyOf(f),
      at,
    ]);
    if (rows.length >= WRITE_CHUNK) await flush();
  }
  if (rows.length) await flush();
}

export interface FindingsQuery {
  severity?: Severity[];
  rule?: string[];
  sourceId?: string;
  /** Findings of any of these sources (one cloud's); cross-cloud findings (no source) are not among them. */
  sourceIds?: string[];
  q?: string;
  complete?: boolean;
  personKey?: string;
  sort?: "severity" | "rule" | "subject" | "source";
  dir?: "asc" | "desc";
  skip?: number;
  take?: number;
}

/** A Finding row as the model's StoredFinding (the one mapping of the table's columns; evidence parsed). */
function toStoredFinding(r: {
  id: number;
  rule: string;
  severity: string;
  sourceId: string | null;
  sourceName: string | null;
  subjectKind: string;
  subjectProviderId: string;
  subjectName: string;
  explanation: string;
  evidence: unknown;
  fix: string;
  complete: boolean;
  dataSource: string;
  personKey: string | null;
  createdAt: Date;
}): StoredFinding {
  const { sourceName, subjectName, ...rest } = r;
  return fromStored(ZStoredFindingSchema, "Finding", { ...rest, source: sourceName, subject: subjectName }, [
    "evidence",
  ]);
}

export function findingsWhere(q: FindingsQuery) {
  const and: Record<string, unknown>[] = [];
  if (q.severity?.length) and.push({ severity: { in: q.severity } });
  if (q.rule?.length) and.push({ rule: { in: q.rule } });
  if (q.sourceId) and.push({ sourceId: q.sourceId });
  if (q.sourceIds) and.push({ sourceId: { in: q.sourceIds } });
  if (q.complete !== undefined) and.push({ complete: q.complete });
  if (q.personKey) and.push({ personKey: q.personKey });
  const text = q.q?.trim();
  if (text) and.push({ OR: [{ subjectName: { contains: text } }, { explanation: { contains: text } }] });
  return and.length ? { AND: and } : {};
}

/** A page of findings, most severe first by default. */
export async function listFindings(db: Db, q: FindingsQuery = {}): Promise<{ rows: StoredFinding[]; total: number }> {
  const where = findingsWhere(q);
  const dir = q.dir ?? "asc";
  const orderBy =
    q.sort === "rule"
      ? [{ rule: dir }, { severityRank: "asc" as const }, { id: "asc" as const }]
      : q.sort === "subject"
        ? [{ subjectName: dir }, { id: "asc" as const }]
        : q.sort === "source"
          ? [{ sourceName: dir }, { severityRank: "asc" as const }, { id: "asc" as const }]
          : [{ severityRank: dir }, { rule: "asc" as const }, { id: "asc" as const }];
  const take = Math.min(Math.max(q.take ?? 50, 1), 10_000);
  const [rows, total] = await Promise.all([
    db.finding.findMany({ where, orderBy, skip: Math.max(q.skip ?? 0, 0), take }),
    db.finding.count({ where }),
  ]);
  return {
    total,
    rows: rows.map(toStoredFinding),
  };
}

/**
 * Counts by severity, by rule and by source (for charts and filter chips). Unfiltered counts come from the summary
 * refresh-derived stored (one row at any size); filtered ones are grouped in SQL.
 */
export async function findingCounts(db: Db, where: FindingsQuery = {}): Promise<FindingCountsSummary> {
  if (Object.values(where).every((v) => v === undefined || (Array.isArray(v) && v.length === 0) || v === "")) {
    const stored = await readDerivedSummary<FindingCountsSummary>(db, "findingCounts");
    if (stored) return stored.data;
  }
  const w = findingsWhere(where);
  const [bySeverity, byRule, bySource, incomplete] = await Promise.all([
    db.finding.groupBy({ by: ["severity"], where: w, _count: { _all: true } }),
    db.finding.groupBy({ by: ["rule", "severity"], where: w, _count: { _all: true } }),
    db.finding.groupBy({ by: ["sourceId", "sourceName", "severity"], where: w, _count: { _all: true } }),
    db.finding.count({ where: { AND: [w, { complete: false }] } }),
  ]);
  const severity = Object.fromEntries(
    SEVERITIES.map((s) => [s, bySeverity.find((r) => r.severity === s)?._count._all ?? 0]),
  ) as Record<Severity, number>;
  return {
    bySeverity: severity,
    byRule: byRule.map((r) => ({ rule: r.rule, severity: r.severity as Severity, count: r._count._all })),
    bySource: bySource.map((r) => ({
      sourceId: r.sourceId,
      sourceName: r.sourceName,
      severity: r.severity as Severity,
      count: r._count._all,
    })),
    incomplete,
    total: Object.values(severity).reduce((a, b) => a + b, 0),
  };
}

/** The findings a report reads. */
export interface FindingFilter {
  /** Findings of these sources, plus cross-cloud ones (sourceId null). Undefined = all. */
  sourceIds?: string[];
  severities?: readonly Severity[];
  /** Lower-cased substring of the subject's name. */
  subject?: string;
  rules?: string[];
}

/** Case-insensitive "contains": SQLite's LIKE already ignores ASCII case; PostgreSQL needs mode insensitive. */
function containsAnyCase(db: Db, text: string) {
  return dbProvider(db) === "postgres" ? { contains: text, mode: "insensitive" as const } : { contains: text };
}

function filterWhere(db: Db, f: FindingFilter) {
  return {
    ...(f.sourceIds ? { OR: [{ sourceId: { in: f.sourceIds } }, { sourceId: null }] } : {}),
    ...(f.severities ? { severity: { in: [...f.severities] } } : {}),
    ...(f.subject ? { subjectName: containsAnyCase(db, f.subject) } : {}),
    ...(f.rules ? { rule: { in: f.rules } } : {}),
  };
}

/** Findings per severity and per rule in a report's scope (rules most severe, then most frequent, first). */
export async function findingCountsInScope(
  db: Db,
  f: FindingFilter,
): Promise<{
  bySeverity: Record<Severity, number>;
  byRule: { rule: string; severity: Severity; n: number }[];
  total: number;
}> {
  const [sev, rules] = await Promise.all([
    db.finding.groupBy({ by: ["severity"], where: filterWhere(db, f), _count: { _all: true } }),
    db.finding.groupBy({ by: ["rule", "severity"], where: filterWhere(db, f), _count: { _all: true } }),
  ]);
  const count = (s: Severity) => sev.find((r) => r.severity === s)?._count._all ?? 0;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, count(s)])) as Record<Severity, number>;
  const byRule = rules
    .flatMap((r) => {
      const severity = SEVERITIES.find((s) => s === r.severity);
      return severity ? [{ rule: r.rule, severity, n: r._count._all }] : [];
    })
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.n - a.n || a.rule.localeCompare(b.rule),
    );
  return { bySeverity, byRule, total: sev.reduce((a, r) => a + r._count._all, 0) };
}

/** Findings in a report's scope, page by page, most severe first (keyset per severity). */
export async function* pageFindings(db: Db, f: FindingFilter, pageSize = REPORT_PAGE): AsyncGenerator<StoredFinding[]> {
  for (const severity of SEVERITIES) {
    if (f.severities && !f.severities.includes(severity)) continue;
    let after = 0;
    for (;;) {
      const rows = await db.finding.findMany({
        where: { ...filterWhere(db, f), severity, id: { gt: after } },
        orderBy: { id: "asc" },
        take: pageSize,
      });
      if (rows.length === 0) break;
      yield rows.map(toStoredFinding);
      after = rows[rows.length - 1]!.id;
      if (rows.length < pageSize) break;
    }
  }
}

/** One finding's explanation and fix for a rule (the rule's help text in SARIF), or null when it found nothing. */
export async function ruleExample(db: Db, rule: string): Promise<{ explanation: string; fix: string } | null> {
  return db.finding.findFirst({ where: { rule }, select: { explanation: true, fix: true } });
}
