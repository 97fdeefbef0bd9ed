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
  if (p.startsWith("Deny ")) return "Deny statement";
  const condition = /^Condition \S+ (\S+?)(\/.*)? =/.exec(p);
  if (condition) return `condition ${condition[1]!.toLowerCase()}${condition[2] ? "/…" : ""}${approx}`;
  if (/^\S+ \(\d+ actions?\)$/.test(p)) return "AWS service without Azure counterpart";
  if (p.startsWith("Resource ")) return `resource ARN → scope${approx}`;
  if (p.startsWith("NotResource")) return "NotResource";
  if (p.startsWith("action pattern") || p.startsWith("action ")) return "unknown action";
  if (p.includes("NotAction")) return `NotAction${approx}`;
  const control = /^(grantControls|sessionControls\.\w+|sessionControls|conditions\.\w+) ?(\w+)?/.exec(p);
  if (control) return `${control[1]}${control[1] === "grantControls" && control[2] ? ` ${control[2]}` : ""}${approx}`;
  const member = /^(member|nested group|servicePrincipal|attached to)/.exec(p);
  if (member) return `${member[1]} (unmatched)`;
  const scope = /^(exclude|include)(Users|Groups|Roles) /.exec(p);
  if (scope) return `${scope[1]}${scope[2]} (unmatched)`;
  const field = /^(allowedResourceAction|Actions|DataActions|NotActions|condition) /.exec(p);
  if (field) return `${field[1]}${approx}`;
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
