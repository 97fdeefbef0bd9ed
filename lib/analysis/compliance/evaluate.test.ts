import { describe, expect, it } from "vitest";
import cases from "./testdata/evaluate-cases.json";
import { type ControlAssessment, ZControlAssessmentSchema, type Framework, FRAMEWORKS } from "./catalog";
import { type ComplianceFinding, type ComplianceSource, evaluateCompliance, scoreOf } from "./evaluate";

interface Case {
  name: string;
  assess: unknown;
  sources: ComplianceSource[];
  findings: ComplianceFinding[];
  ranRules: string[];
  expected: { status: string; subjects: string[]; missing: string[]; evidence?: string[]; manual?: string };
}

const oneControl = (assess: ControlAssessment): Framework => ({
  id: "t",
  name: "T",
  shortName: "T",
  version: "1",
  source: "https://example.org",
  licence: "-",
  controls: [{ id: "1", title: "t", section: "s", link: "https://example.org", assess: [assess] }],
});

describe("compliance evaluation (table: testdata/evaluate-cases.json)", () => {
  it.each(cases as Case[])("$name", (c) => {
    const assess = ZControlAssessmentSchema.parse(c.assess);
    const [fw] = evaluateCompliance([oneControl(assess)], {
      sources: c.sources,
      findings: c.findings,
      ranRules: new Set(c.ranRules),
    });
    const r = fw!.controls[0]!.clouds[0]!;
    expect(r.status).toBe(c.expected.status);
    expect(r.subjects.map((s) => `${s.subject} (${s.source})`)).toEqual(c.expected.subjects);
    expect(r.missing.map((m) => `${m.source} ${m.what}${m.permission ? ` (${m.permission})` : ""}`)).toEqual(
      c.expected.missing,
    );
    if (c.expected.evidence)
      expect(r.evidence.map((e) => `${e.rule}: ${e.findings} in ${e.sources.join(", ")}`)).toEqual(c.expected.evidence);
    if (c.expected.manual) expect(r.manual).toBe(c.expected.manual);
  });
});

describe("overall status and score", () => {
  it("a control takes its worst cloud; the score counts pass against fail, not assessed and manual apart", () => {
    expect(scoreOf(["pass", "pass", "fail", "notAssessed", "manual", "manual"])).toEqual({
      pass: 2,
      fail: 1,
      notAssessed: 1,
      manual: 2,
      percent: 67,
    });
    expect(scoreOf(["notAssessed", "manual"]).percent).toBeNull();
  });

  it("with no source at all every control of every framework is not assessed, none passes", () => {
    const res = evaluateCompliance(FRAMEWORKS, { sources: [], findings: [], ranRules: new Set() });
    for (const fw of res)
      for (const c of fw.controls) expect(`${fw.id} ${c.id} ${c.status}`).toBe(`${fw.id} ${c.id} notAssessed`);
  });
});
