import type { Db } from "../db/client";
import { listFindings } from "../db/findings";
import { latestCompleteSnapshots } from "../db/load-snapshot";
import { AppError } from "../errors";
import { SEVERITIES, type Severity } from "../model";
import { refreshDerived } from "./refresh-derived";

/**
 * `findings --json [--severity S]` — a documented, versioned contract. Version 1:
 *
 * { "version": 1, "generatedAt": ISO time,
 *   "findings": [{ "rule", "severity": "critical" | "high" | "medium" | "low" | "info",
 *                  "source": source name | null (cross-cloud), "subject", "subjectKind",
 *                  "explanation", "evidence": {…}, "fix",
 *                  "dataSource": what the rule read, "complete": false when a dataset it reads was not collected }] }
 *
 * Severity filter: "high" (exactly), "critical,high" (a list) or "high+" (high and more severe).
 */
export interface FindingOut {
  rule: string;
  severity: Severity;
  source: string | null;
  subject: string;
  subjectKind: string;
  explanation: string;
  evidence: Record<string, unknown>;
  fix: string;
  dataSource: string;
  complete: boolean;
}

export function parseSeverityFilter(s: string | undefined): Severity[] | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().toLowerCase();
  if (t.endsWith("+")) {
    const i = SEVERITIES.indexOf(t.slice(0, -1) as Severity);
    if (i < 0)
      throw new AppError("BAD_INPUT", `Unknown severity "${s}" (one of ${SEVERITIES.join(", ")}, optionally with +)`);
    return SEVERITIES.slice(0, i + 1);
  }
  const list = t
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  for (const x of list)
    if (!(SEVERITIES as readonly string[]).includes(x))
      throw new AppError("BAD_INPUT", `Unknown severity "${x}" (one of ${SEVERITIES.join(", ")})`);
  return list as Severity[];
}

export async function findingsReport(
  db: Db,
  opts: { severity?: Severity[] } = {},
): Promise<{ version: 1; generatedAt: string; findings: FindingOut[] }> {
  const latest = await latestCompleteSnapshots(db);
  if (latest.length && (await db.person.count()) === 0) await refreshDerived(db);
  const out: FindingOut[] = [];
  for (let skip = 0; ; skip += 5000) {
    const { rows } = await listFindings(db, { severity: opts.severity, skip, take: 5000 });
    for (const f of rows) {
      out.push({
        rule: f.rule,
        severity: f.severity,
        source: f.source,
        subject: f.subject,
        subjectKind: f.subjectKind,
        explanation: f.explanation,
        evidence: f.evidence,
        fix: f.fix,
        dataSource: f.dataSource,
        complete: f.complete,
      });
    }
    if (rows.length < 5000) break;
  }
  return { version: 1, generatedAt: new Date().toISOString(), findings: out };
}
