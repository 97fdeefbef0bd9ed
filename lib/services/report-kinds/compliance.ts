import type { FrameworkResult } from "../../analysis/compliance/evaluate";
import { col, NA, type ReportDocumentInput, type Row } from "../../report/document";
import { checkCompliance } from "../check-compliance";
import { reportDocument } from "./building-blocks";
import type { ReportContext } from "./context";

const CONTROL_COLUMNS = [
  col("control", "Control", "string", 8),
  col("title", "Title", "string", 26),
  col("cloud", "Cloud", "string", 6),
  col("status", "Status", "string", 9),
  col("subjects", "Failing subjects", "number", 7),
  col("subjectNames", "Subjects", "string", 24),
  col("missing", "Not assessed because", "string", 28),
  col("manual", "Auditor checks", "string", 24),
  col("evidence", "Checked", "string", 22),
  col("link", "Source", "string", 14),
];

const STATUS_WORDS = { pass: "pass", fail: "fail", notAssessed: "not assessed", manual: "manual" } as const;

function controlRows(f: FrameworkResult): Row[] {
  return f.controls.flatMap((c) =>
    c.clouds.map(
      (r): Row => [
        c.id,
        c.title,
        r.cloud,
        STATUS_WORDS[r.status],
        r.subjects.length,
        r.subjects.length
          ? r.subjects
              .slice(0, 20)
              .map((s) => s.subject)
              .join(", ") + (r.subjects.length > 20 ? ` and ${r.subjects.length - 20} more` : "")
          : NA,
        r.missing.length
          ? r.missing
              .map(
                (m) =>
                  `${m.source ? `${m.source}: ` : ""}${m.what} — ${m.reason}${m.permission ? ` (needs ${m.permission})` : ""}`,
              )
              .join("; ")
          : NA,
        r.manual ?? NA,
        r.evidence.length
          ? r.evidence.map((e) => `${e.rule}: ${e.findings} finding${e.findings === 1 ? "" : "s"}`).join("; ")
          : NA,
        c.link,
      ],
    ),
  );
}

/**
 * The control sheet: a summary of every framework's score, then one section (PDF) / sheet (XLSX) / file (CSV) per
 * framework with every control per cloud, its failing subjects, what was missing and what the auditor must check.
 * It covers every source Crosswalk holds (a control is judged over all the accounts and tenants of its cloud).
 */
export async function buildCompliance(ctx: ReportContext): Promise<ReportDocumentInput> {
  const sheet = await checkCompliance(ctx.db);
  return reportDocument(ctx, {
    kind: "compliance",
    title: "Identity controls: CIS and NIST 800-53",
    subtitle: sheet.sources.map((s) => s.sourceName).join(" · ") || "no sources",
    sections: [
      {
        id: "summary",
        title: "Summary",
        blocks: [
          {
            type: "paragraph",
            text: "Pass: the control's rules ran over complete data and found nothing. Fail: findings name the subjects. Not assessed: a dataset was not collected, no source of that cloud exists, or Crosswalk does not read the data yet. Manual: what only an auditor can decide. The score is pass ÷ (pass + fail); not assessed and manual are counted apart.",
          },
          {
            type: "table",
            table: {
              id: "scores",
              title: "Scores by framework",
              columns: [
                col("framework", "Framework", "string", 26),
                col("version", "Version", "string", 8),
                col("pass", "Pass", "number", 6),
                col("fail", "Fail", "number", 6),
                col("notAssessed", "Not assessed", "number", 8),
                col("manual", "Manual", "number", 6),
                col("percent", "Score %", "number", 7),
              ],
              rows: sheet.frameworks.map((f) => [
                f.name,
                f.version,
                f.score.pass,
                f.score.fail,
                f.score.notAssessed,
                f.score.manual,
                f.score.percent ?? NA,
              ]),
            },
          },
        ],
      },
      ...sheet.frameworks.map((f) => ({
        id: f.id,
        title: `${f.name} ${f.version}`,
        blocks: [
          { type: "paragraph" as const, text: `${f.licence} Source: ${f.source}` },
          {
            type: "table" as const,
            table: { id: f.id, title: `${f.shortName} ${f.version}`, columns: CONTROL_COLUMNS, rows: controlRows(f) },
          },
        ],
      })),
    ],
  });
}
