import { describe, expect, it } from "vitest";
import { ENGINE_RULES } from "../findings";
import { controlsOfRule, FRAMEWORKS, ZFrameworkSchema } from "./catalog";
import { complianceRuleById } from "./rules";

const rows = FRAMEWORKS.flatMap((f) =>
  f.controls.flatMap((c) => c.assess.map((a) => ({ key: `${f.id} ${c.id} (${a.cloud})`, a }))),
);

describe("compliance catalogue", () => {
  it("holds the four frameworks the issue names, each control with a title, a link and an assessment", () => {
    expect(FRAMEWORKS.map((f) => `${f.id}@${f.version}`)).toEqual([
      "cis-aws-foundations@6.0.0",
      "cis-azure-foundations@5.0.0",
      "cis-m365-foundations@6.0.0",
      "nist-800-53@5.1.1",
    ]);
    expect(FRAMEWORKS.map((f) => f.controls.length).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(80);
  });

  it.each(rows)("$key: every rule it names exists and checks that cloud", ({ a }) => {
    for (const id of a.rules) {
      const r = complianceRuleById.get(id);
      expect(r, `unknown rule ${id}`).toBeDefined();
      expect(r!.clouds, `rule ${id} does not check ${a.cloud}`).toContain(a.cloud);
    }
  });

  it("names the NIST enhancements the issue lists", () => {
    const nist = FRAMEWORKS.find((f) => f.id === "nist-800-53")!.controls.map((c) => c.id);
    for (const id of ["AC-2(1)", "AC-2(3)", "AC-2(7)", "AC-2(12)", "AC-6(1)", "AC-6(2)", "AC-6(5)", "AC-6(7)"])
      expect(nist, id).toContain(id);
    for (const id of ["AC-6(9)", "AC-6(10)", "AC-7", "AC-12", "IA-2(1)", "IA-2(2)", "IA-2(8)", "IA-4", "IA-5", "IA-8"])
      expect(nist, id).toContain(id);
  });

  it("maps every rule that decides a control to at least one control of another framework too (the crosswalk)", () => {
    const map = controlsOfRule();
    const mfa = map.get("mfa-not-enforced-for-all")!.map((x) => `${x.framework} ${x.control}`);
    expect(mfa).toEqual(
      expect.arrayContaining(["cis-azure-foundations 5.2.4", "cis-m365-foundations 5.2.2.2", "nist-800-53 IA-2(2)"]),
    );
    const unmapped = ENGINE_RULES.filter((r) => !map.has(r.id)).map((r) => r.id);
    // Person matching and hygiene rules no framework names as such; every other engine rule evidences a control.
    const noControl = ["ambiguous-person-match", "break-glass-account", "mfa-registered-not-enforced", "stale-role"];
    expect(unmapped.filter((id) => !noControl.includes(id))).toEqual([]);
  });

  it("refuses a malformed catalogue and names the problem", () => {
    const bad = {
      id: "x",
      name: "X",
      version: "1",
      source: "https://example.org",
      licence: "-",
      controls: [
        { id: "1", title: "t", section: "s", link: "https://example.org", assess: [{ cloud: "aws" }] },
        { id: "1", title: "t", section: "s", link: "https://example.org", assess: [{ cloud: "gcp", rules: ["r"] }] },
      ],
    };
    const r = ZFrameworkSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/rules, a pending dataset or a manual check/);
    expect(JSON.stringify(r.error?.issues)).toMatch(/gcp|invalid/i);
  });
});
