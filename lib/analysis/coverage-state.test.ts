import { describe, expect, it } from "vitest";
import { COVERAGE_STATE_LABEL, coverageState, type CoverageState } from "../model";

describe("coverageState: one state per (targeting, policy state), each with its own glyph", () => {
  it.each([
    ["applies", "on", "enforced"],
    ["applies", "reportOnly", "reportOnly"],
    ["applies", "off", "off"],
    ["excluded", "on", "excluded"],
    ["excluded", "reportOnly", "excluded"],
    ["excluded", "off", "excluded"],
    ["notInScope", "on", "notInScope"],
    ["notInScope", "reportOnly", "notInScope"],
    ["notInScope", "off", "notInScope"],
  ] as const)("%s × policy %s → %s", (status, state, want) => expect(coverageState(status, state)).toBe(want));

  it("no two states share a glyph or a word", () => {
    const states = Object.keys(COVERAGE_STATE_LABEL) as CoverageState[];
    expect(new Set(states.map((s) => COVERAGE_STATE_LABEL[s].glyph)).size).toBe(states.length);
    expect(new Set(states.map((s) => COVERAGE_STATE_LABEL[s].text)).size).toBe(states.length);
  });
});
