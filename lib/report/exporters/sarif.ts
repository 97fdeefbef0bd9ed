import type { Writable } from "node:stream";
import { AppError } from "../../errors";
import {
  type FINDING_COLUMNS,
  isNA,
  rowPages,
  tablesOf,
  totalRows,
  type Cell,
  type ReportDocument,
  type Row,
  type RuleInfo,
  type Table,
} from "../document";
import { openOutput, ProgressCounter, writeText, type Exporter, type ProgressFn } from "../exporter";

/** SARIF levels from our severities: what a code-scanning UI shows as error / warning / note. */
export const SARIF_LEVEL = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" } as const;

// GitHub code scanning and other SARIF consumers read a numeric "security-severity" (0–10) on rules.
const SECURITY_SEVERITY = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "0.0" } as const;

type Sev = keyof typeof SARIF_LEVEL;

function str(c: Cell | undefined): string | null {
  return c === null || c === undefined || isNA(c) ? null : String(c);
}

/** A findings row by column key (FINDING_COLUMNS). */
function field(t: Table, row: Row, key: (typeof FINDING_COLUMNS)[number]["key"]): Cell | undefined {
  const i = t.columns.findIndex((c) => c.key === key);
  return i < 0 ? undefined : row[i];
}

function parseEvidence(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function sarifRule(r: RuleInfo) {
  const sev = (r.severity ?? "medium") as Sev;
  return {
    id: r.id,
    name: r.id.replace(/(^|[-_.])(\w)/g, (_m, _s: string, c: string) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.help },
    help: { text: r.help, markdown: `**${r.title}**\n\n${r.help}` },
    defaultConfiguration: { level: SARIF_LEVEL[sev] },
    properties: { severity: sev, "security-severity": SECURITY_SEVERITY[sev], tags: ["security", "identity"] },
  };
}

/** The controls cell of a findings row ("cis-aws-foundations 2.9; nist-800-53 IA-2(2)") as (framework, control). */
function controlsOf(t: Table, row: Row): { framework: string; id: string }[] {
  return (str(field(t, row, "controls")) ?? "")
    .split(";")
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => {
      const at = x.indexOf(" ");
      return { framework: x.slice(0, at), id: x.slice(at + 1) };
    });
}

/** One SARIF taxonomy per framework whose controls the findings name, each control a taxon (SARIF §3.19.3). */
async function taxonomiesOf(tables: Table[]): Promise<{ name: string; taxa: { id: string }[] }[]> {
  const byFramework = new Map<string, Set<string>>();
  for (const t of tables)
    for await (const page of rowPages(t))
      for (const row of page)
        for (const c of controlsOf(t, row)) {
          const set = byFramework.get(c.framework) ?? new Set<string>();
          set.add(c.id);
          byFramework.set(c.framework, set);
        }
  return [...byFramework].map(([name, ids]) => ({ name, taxa: [...ids].sort().map((id) => ({ id })) }));
}

/** One finding row as a SARIF result: a logical location names the principal / policy it is about. */
export function sarifResult(t: Table, row: Row, ruleIndex: Map<string, number>) {
  const rule = str(field(t, row, "rule")) ?? "unknown";
  const sev = (str(field(t, row, "severity")) ?? "medium") as Sev;
  const source = str(field(t, row, "source"));
  const subjectKind = str(field(t, row, "subjectKind")) ?? "principal";
  const subject = str(field(t, row, "subject")) ?? "";
  const subjectId = str(field(t, row, "subjectId"));
  const explanation = str(field(t, row, "explanation")) ?? rule;
  const fix = str(field(t, row, "fix"));
  const complete = field(t, row, "complete");
  const index = ruleIndex.get(rule);
  const taxa = controlsOf(t, row).map((c) => ({ id: c.id, toolComponent: { name: c.framework } }));
  return {
    ruleId: rule,
    ...(index === undefined ? {} : { ruleIndex: index }),
    ...(taxa.length ? { taxa } : {}),
    level: SARIF_LEVEL[sev] ?? "warning",
    message: { text: fix ? `${explanation} Fix: ${fix}` : explanation },
    locations: [
      {
        logicalLocations: [
          {
            name: subject,
            fullyQualifiedName: [source ?? "cross-cloud", subjectKind, subjectId ?? subject].join("/"),
            kind: "resource",
          },
        ],
      },
    ],
    partialFingerprints: { crosswalkFinding: [rule, source ?? "", subjectKind, subjectId ?? subject].join("|") },
    properties: {
      severity: sev,
      source,
      subjectKind,
      subjectId,
      evidence: parseEvidence(str(field(t, row, "evidenceData")) ?? str(field(t, row, "evidence"))),
      fix,
      dataComplete: typeof complete === "boolean" ? complete : null,
      dataSource: str(field(t, row, "dataSource")),
    },
  };
}

/**
 * SARIF 2.1.0 of a document's findings tables (one run; results streamed). Reports without findings are refused:
 * SARIF describes results of an analysis, not an inventory.
 */
export const sarifExporter: Exporter<"sarif"> = {
  format: "sarif",
  label: "SARIF",
  // SARIF holds static-analysis results: only findings are that.
  kinds: ["findings"],
  contentType: "application/sarif+json",
  extension: "sarif",
  async write(doc: ReportDocument, out: Writable | string, onProgress?: ProgressFn) {
    const tables = tablesOf(doc).filter((t) => t.kind === "findings");
    if (tables.length === 0) {
      throw new AppError(
        "BAD_INPUT",
        `SARIF is for findings; a ${doc.kind} report has no findings table (use --kind findings or audit)`,
      );
    }
    const o = openOutput(out);
    const progress = new ProgressCounter("writing SARIF", totalRows(tables), onProgress);
    const rules = doc.rules.map(sarifRule);
    const ruleIndex = new Map(doc.rules.map((r, i) => [r.id, i]));
    const taxonomies = await taxonomiesOf(tables);
    const run = {
      ...(taxonomies.length ? { taxonomies } : {}),
      tool: {
        driver: {
          name: "Crosswalk",
          version: doc.provenance.crosswalkVersion,
          semanticVersion: doc.provenance.crosswalkVersion,
          informationUri: "https://github.com/crosswalk/crosswalk",
          rules,
        },
      },
      invocations: [{ executionSuccessful: true, endTimeUtc: doc.provenance.generatedAt }],
      properties: { report: doc.title, provenance: doc.provenance },
    };
    const s = o.stream;
    const head = JSON.stringify({ $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0" });
    await writeText(s, `${head.slice(0, -1)},"runs":[${JSON.stringify(run).slice(0, -1)},"results":[`);
    let first = true;
    for (const t of tables) {
      for await (const page of rowPages(t)) {
        let chunk = "";
        for (const row of page) {
          chunk += `${first ? "" : ","}\n${JSON.stringify(sarifResult(t, row, ruleIndex))}`;
          first = false;
        }
        await writeText(s, chunk);
        progress.add(page.length);
      }
    }
    await writeText(s, "\n]}]}\n");
    s.end();
    const bytes = await o.done;
    progress.finish();
    return { bytes };
  },
};
