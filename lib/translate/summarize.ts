/**
 * Summary of many translation results: how many items, errors, suggestions with a document, the confidence
 * distribution and the most frequent kinds of dropped parts. Used by the corpus tests, the bench and the CLI.
 */
import type { TranslationResult } from "./types";

export interface TranslationSummary {
  items: number;
  errors: number;
  byKind: Record<string, number>;
  suggestions: number;
  withDocument: number;
  /** Buckets of suggestion confidence: "0", "0-0.25", "0.25-0.5", "0.5-0.75", "0.75-1", "1". */
  confidence: Record<string, number>;
  meanConfidence: number;
  /** Dropped/approximated part kinds → count, most frequent first. */
  dropped: [string, number][];
}

/** A stable category for a dropped part (values, ids and statement numbers removed). */
export function droppedCategory(part: string, reason: string): string {
  const p = part.replace(/^Statement \d+( \(Sid "[^"]*"\))?: /, "");
  const approx = reason.startsWith("approximated:") ? " (approximated)" : "";
  let m: RegExpExecArray | null;
  if (p.startsWith("Deny ")) return "Deny statement";
  if ((m = /^Condition \S+ (\S+?)(\/.*)? =/.exec(p)))
    return `condition ${m[1]!.toLowerCase()}${m[2] ? "/…" : ""}${approx}`;
  if (/^\S+ \(\d+ actions?\)$/.test(p)) return "AWS service without Azure counterpart";
  if (p.startsWith("Resource ")) return `resource ARN → scope${approx}`;
  if (p.startsWith("NotResource")) return "NotResource";
  if (p.startsWith("action pattern") || p.startsWith("action ")) return "unknown action";
  if (p.includes("NotAction")) return `NotAction${approx}`;
  if ((m = /^(grantControls|sessionControls\.\w+|sessionControls|conditions\.\w+) ?(\w+)?/.exec(p)))
    return `${m[1]}${m[1] === "grantControls" && m[2] ? ` ${m[2]}` : ""}${approx}`;
  if ((m = /^(member|nested group|servicePrincipal|attached to)/.exec(p))) return `${m[1]} (unmatched)`;
  if ((m = /^(exclude|include)(Users|Groups|Roles) /.exec(p))) return `${m[1]}${m[2]} (unmatched)`;
  if ((m = /^(allowedResourceAction|Actions|DataActions|NotActions|condition) /.exec(p))) return `${m[1]}${approx}`;
  return `${p.split(/[ .]/)[0] ?? p}${approx}`;
}

export function summarize(results: TranslationResult[]): TranslationSummary {
  const confidence: Record<string, number> = { "0": 0, "0-0.25": 0, "0.25-0.5": 0, "0.5-0.75": 0, "0.75-1": 0, "1": 0 };
  const dropped = new Map<string, number>();
  const byKind: Record<string, number> = {};
  let suggestions = 0;
  let withDocument = 0;
  let sum = 0;
  for (const r of results) {
    byKind[r.input.kind] = (byKind[r.input.kind] ?? 0) + 1;
    for (const s of r.suggestions) {
      suggestions++;
      sum += s.confidence;
      if (s.document) withDocument++;
      const c = s.confidence;
      const bucket =
        c === 0
          ? "0"
          : c === 1
            ? "1"
            : c <= 0.25
              ? "0-0.25"
              : c <= 0.5
                ? "0.25-0.5"
                : c <= 0.75
                  ? "0.5-0.75"
                  : "0.75-1";
      confidence[bucket]!++;
      for (const d of s.dropped) {
        const k = `${s.target}: ${droppedCategory(d.part, d.reason)}`;
        dropped.set(k, (dropped.get(k) ?? 0) + 1);
      }
    }
  }
  return {
    items: results.length,
    errors: results.filter((r) => r.error).length,
    byKind,
    suggestions,
    withDocument,
    confidence,
    meanConfidence: suggestions ? Math.round((sum / suggestions) * 100) / 100 : 0,
    dropped: [...dropped].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}
