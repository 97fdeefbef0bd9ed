import { FRAMEWORKS, type Framework, frameworkById } from "../analysis/compliance/catalog";
import {
  type ComplianceFinding,
  type ComplianceSource,
  type ControlStatus,
  evaluateCompliance,
  type FrameworkResult,
} from "../analysis/compliance/evaluate";
import { ENGINE_RULES } from "../analysis/findings";
import { latestAzureEstates } from "../db/azure-role-assignments";
import type { Db } from "../db/client";
import { pageFindings } from "../db/findings";
import { emptySnapshotModel, latestCompleteSnapshots } from "../db/load-snapshot";
import { AppError } from "../errors";
import { refreshDerived } from "./refresh-derived";

/** The control sheet over the latest complete snapshots: per framework, per control, per cloud. */
export interface ComplianceSheet {
  generatedAt: string;
  sources: ComplianceSource[];
  frameworks: FrameworkResult[];
}

/** The frameworks asked for: all, or the one whose id is given (BAD_INPUT naming the known ids otherwise). */
export function selectFrameworks(id: string | undefined): Framework[] {
  if (id === undefined) return FRAMEWORKS;
  const f = frameworkById(id);
  if (!f)
    throw new AppError("BAD_INPUT", `Unknown framework "${id}" (one of ${FRAMEWORKS.map((x) => x.id).join(", ")})`);
  return [f];
}

/**
 * The stored Azure estates as compliance sources (their datasets decide "not assessed"); their findings are the
 * engine's stored azure-* findings (lib/analysis/findings/azure-rule.ts), read with the rest.
 */
async function azureSources(db: Db): Promise<ComplianceSource[]> {
  return (await latestAzureEstates(db)).map((e) => ({
    sourceId: e.sourceId,
    sourceName: e.sourceName,
    cloud: "azure" as const,
    datasets: e.datasets,
  }));
}

/** Evaluates the catalogue over what Crosswalk holds now (derived data refreshed first if it was never computed). */
export async function checkCompliance(db: Db, opts: { framework?: string } = {}): Promise<ComplianceSheet> {
  const frameworks = selectFrameworks(opts.framework);
  const latest = await latestCompleteSnapshots(db);
  if (latest.length && (await db.person.count()) === 0) await refreshDerived(db);
  const sources: ComplianceSource[] = [];
  for (const l of latest) {
    const m = await emptySnapshotModel(db, l.snapshotId);
    // An Azure estate is read with its own rules below; its snapshot carries no findings of the engine.
    if (m.kind !== "aws" && m.kind !== "entra") continue;
    sources.push({ sourceId: m.sourceId, sourceName: m.sourceName, cloud: m.kind, datasets: m.datasets });
  }
  const wanted = new Set(frameworks.flatMap((f) => f.controls.flatMap((c) => c.assess.flatMap((a) => a.rules))));
  const findings: ComplianceFinding[] = [];
  for await (const page of pageFindings(db, { rules: [...wanted] }))
    for (const f of page)
      findings.push({
        id: f.id,
        rule: f.rule,
        sourceId: f.sourceId,
        subject: f.subject,
        subjectKind: f.subjectKind,
        explanation: f.explanation,
        severity: f.severity,
      });
  const azure = (await azureSources(db)).filter((s) => !sources.some((x) => x.sourceId === s.sourceId));
  const ranRules = new Set(ENGINE_RULES.map((r) => r.id));
  const all = [...sources, ...azure];
  return {
    generatedAt: new Date().toISOString(),
    sources: all,
    frameworks: evaluateCompliance(frameworks, { sources: all, findings, ranRules }),
  };
}

/**
 * `compliance [--framework ID] --json` — a documented, versioned contract. Version 1:
 *
 * { "version": 1, "generatedAt": ISO time,
 *   "frameworks": [{ "id", "name", "version", "source": URL,
 *     "score": { "pass", "fail", "notAssessed", "manual", "percent": pass ÷ (pass + fail) × 100 | null },
 *     "controls": [{ "id", "title", "section", "link", "cloud": "aws" | "entra" | "azure",
 *                    "status": "pass" | "fail" | "notAssessed" | "manual",
 *                    "subjects": [{ "rule", "source", "subject", "subjectKind", "severity", "explanation" }],
 *                    "evidence": [{ "rule", "title", "sources": [names], "findings": n }],
 *                    "missing": [{ "source", "what", "reason", "permission" }],
 *                    "manual": what the auditor must check | null }] }] }
 *
 * One row per control and cloud (a NIST control assessed in AWS and Entra is two rows). The score counts controls
 * (a control takes its worst cloud); not assessed and manual are never counted as passed.
 */
export interface ComplianceJson {
  version: 1;
  generatedAt: string;
  frameworks: {
    id: string;
    name: string;
    version: string;
    source: string;
    score: FrameworkResult["score"];
    controls: {
      id: string;
      title: string;
      section: string;
      link: string;
      cloud: string;
      status: ControlStatus;
      subjects: {
        rule: string;
        source: string | null;
        subject: string;
        subjectKind: string;
        severity: string;
        explanation: string;
      }[];
      evidence: { rule: string; title: string; sources: string[]; findings: number }[];
      missing: { source: string | null; what: string; reason: string; permission: string | null }[];
      manual: string | null;
    }[];
  }[];
}

export function toComplianceJson(sheet: ComplianceSheet): ComplianceJson {
  return {
    version: 1,
    generatedAt: sheet.generatedAt,
    frameworks: sheet.frameworks.map((f) => ({
      id: f.id,
      name: f.name,
      version: f.version,
      source: f.source,
      score: f.score,
      controls: f.controls.flatMap((c) =>
        c.clouds.map((r) => ({
          id: c.id,
          title: c.title,
          section: c.section,
          link: c.link,
          cloud: r.cloud,
          status: r.status,
          subjects: r.subjects.map(({ findingId: _, ...s }) => s),
          evidence: r.evidence,
          missing: r.missing,
          manual: r.manual,
        })),
      ),
    })),
  };
}

export type { ComplianceCloud } from "../analysis/compliance/catalog";
export { CONTROL_STATUSES } from "../analysis/compliance/evaluate";
export type { ControlResult, ControlStatus, FrameworkResult } from "../analysis/compliance/evaluate";
