import { describe, expect, it } from "vitest";
import { checkCase, loadCaseTable, runCase } from "./case-table";

// One row per case of lib/analysis/evaluate/testdata/cases: a failing row names its file and case.
const cases = loadCaseTable();

describe("policy evaluation agrees with the AWS documentation", () => {
  it("has at least 300 cases, each citing an AWS page or a peer project", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const c of cases) expect(c.url, c.name).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|github\.com)\//);
  });
  it.each(cases.map((c) => [`${c.file} › ${c.name}`, c] as const))("%s", (_name, c) => {
    expect(checkCase(c, runCase(c))).toBeNull();
  });
});
