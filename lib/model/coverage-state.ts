import type { ControlState } from "./enums";

/**
 * How one conditional-access policy stands for one user, as every page shows it (coverage matrix, person page,
 * principal page, findings): in force on the user, report-only (would apply, enforces nothing), off (would apply,
 * disabled), excluded, or not in scope. One function decides it: `coverageState`.
 */
export type CoverageState = "enforced" | "reportOnly" | "off" | "excluded" | "notInScope";

/** A policy's state and whether the user is targeted (lib/analysis/ca-coverage.ts CoverageStatus) → one state. */
export function coverageState(status: "applies" | "excluded" | "notInScope", policyState: ControlState): CoverageState {
  if (status !== "applies") return status;
  return policyState === "on" ? "enforced" : policyState;
}

/** Each state's mark and words: a different glyph for each, so no state is told by colour alone. */
export const COVERAGE_STATE_LABEL: Readonly<Record<CoverageState, { glyph: string; text: string }>> = {
  enforced: { glyph: "✓", text: "enforced" },
  reportOnly: { glyph: "◐", text: "report-only" },
  off: { glyph: "○", text: "off" },
  excluded: { glyph: "⊘", text: "excluded" },
  notInScope: { glyph: "·", text: "not in scope" },
};
