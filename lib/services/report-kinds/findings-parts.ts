import { controlsOfRule } from "../../analysis/compliance/catalog";
import { evidenceText } from "../../analysis/findings/evidence-text";
import { SEVERITIES, type StoredFinding } from "../../model";
import { findingCountsInScope, pageFindings, ruleExample, type FindingFilter } from "../../db/findings";
import { col, FINDING_COLUMNS, NA, type Block, type Row, type RuleInfo, type Table } from "../../report/document";
import { severitiesFrom } from "../report-params";
import { pagedRows } from "./building-blocks";
import type { ReportContext } from "./context";

/** One colour per severity, darkest for the worst (the PDF also prints every value, never colour alone). */
export const SEVERITY_COLORS = ["#7f1d1d", "#dc2626", "#d97706", "#2563eb", "#6b7280"];

export function findingFilter(ctx: ReportContext): FindingFilter {
  return {
    sourceIds: ctx.sourceIds,
    severities: severitiesFrom(ctx.params.severity),
    subject: ctx.params.person?.toLowerCase(),
  };
}

const CONTROLS_OF_RULE = controlsOfRule();

/** The controls a finding's rule evidences, in its own cloud, as "framework control" pairs; "" when none. */
export function controlIdsOf(rule: string, sourceKind: string | null): string {
  return (CONTROLS_OF_RULE.get(rule) ?? [])
    .filter((c) => sourceKind === null || c.cloud === sourceKind)
    .map((c) => `${c.framework} ${c.control}`)
    .filter((x, i, all) => all.indexOf(x) === i)
    .join("; ");
}

/** A finding as a row of a `kind: "findings"` table (FINDING_COLUMNS order). */
export function findingRow(ctx: ReportContext, r: StoredFinding): Row {
  const ev = r.evidence;
  const dataSource = typeof ev.dataSource === "string" ? ev.dataSource : NA;
  return [
    r.severity,
    r.rule,
    r.sourceId ? (ctx.sourceName.get(r.sourceId) ?? r.sourceId) : "cross-cloud",
    r.subjectKind,
    r.subject,
    r.subjectProviderId,
    r.explanation,
    evidenceText(ev) || NA,
    r.fix,
    r.complete,
    dataSource,
    controlIdsOf(r.rule, r.sourceId ? (ctx.sourceKind.get(r.sourceId) ?? null) : null),
    JSON.stringify(ev),
  ];
}

/** Every finding in scope, most severe first, streamed from the database. */
export function findingsTable(ctx: ReportContext, total: number): Table {
  return {
    id: "findings",
    title: "Findings",
    description:
      'Each finding with its evidence and fix. "Data complete: no" means a dataset the rule reads was not collected, so the finding may be incomplete.',
    kind: "findings",
    columns: [...FINDING_COLUMNS],
    rows: pagedRows(
      total,
      () => pageFindings(ctx.db, findingFilter(ctx)),
      (r) => findingRow(ctx, r),
    ),
    emptyText: "No findings in this scope.",
  };
}

function title(rule: string): string {
  const s = rule.replace(/[-_.]+/g, " ").trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Counts, the severity donut and the per-rule table, plus rule help for SARIF. */
export async function findingsSummary(
  ctx: ReportContext,
): Promise<{ blocks: Block[]; rules: RuleInfo[]; total: number }> {
  const counts = await findingCountsInScope(ctx.db, findingFilter(ctx));
  const shown = severitiesFrom(ctx.params.severity) ?? [...SEVERITIES];
  const rules: RuleInfo[] = [];
  for (const r of counts.byRule) {
    if (rules.some((x) => x.id === r.rule)) continue;
    const example = await ruleExample(ctx.db, r.rule);
    rules.push({
      id: r.rule,
      title: title(r.rule),
      severity: r.severity,
      help: example ? `${example.explanation} How to fix: ${example.fix}` : title(r.rule),
    });
  }
  const blocks: Block[] = [
    {
      type: "paragraph",
      text:
        counts.total === 0
          ? "No findings in this scope. Findings are computed after every sync; if no source has been analysed yet, this list is empty rather than clean."
          : `${counts.total.toLocaleString("en-US")} findings from ${counts.byRule.length} rules.`,
    },
    {
      type: "chart",
      chart: {
        chart: "donut",
        title: "Findings by severity",
        categories: shown,
        colors: shown.map((s) => SEVERITY_COLORS[SEVERITIES.indexOf(s)]!),
        series: [{ name: "findings", values: shown.map((s) => counts.bySeverity[s]) }],
        unit: "findings",
      },
    },
    {
      type: "table",
      table: {
        id: "findings-by-rule",
        title: "Findings by rule",
        columns: [
          col("rule", "Rule", "string", 30),
          col("severity", "Severity", "string", 10),
          col("count", "Findings", "number", 10),
        ],
        rows: counts.byRule.map((r) => [r.rule, r.severity, r.n]),
        emptyText: "No findings in this scope.",
      },
    },
  ];
  return { blocks, rules, total: counts.total };
}
