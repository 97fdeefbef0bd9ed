import { describe, expect, it } from "vitest";
import { checkCase, loadCaseTable, runCase } from "./case-table";

// One row per case of lib/analysis/evaluate/testdata/cases: a failing row names its file and case.
const cases = loadCaseTable();

describe("policy evaluation agrees with the AWS documentation", () => {
  it.each(cases.map((c) => [`${c.file} › ${c.name}`, c] as const))("%s", (_name, c) => {
    expect(checkCase(c, runCase(c))).toBeNull();
  });
});
