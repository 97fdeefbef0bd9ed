import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFromCase } from "./case-model";
import { caCoverage, caCoverageMatrix, policyFacts, policyFactsOf } from "./ca-coverage";
import { caCollected, entraMfaStatus } from "./mfa";
import { indexSource } from "./source-model";

const data = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/ca-coverage.json"), "utf8"));

interface CaCase {
  user: string;
  enforcement: string;
  cells: Record<string, string[]>;
  blocksLegacyAuth?: boolean;
  restrictsLocation?: boolean;
  breakGlass?: boolean;
  breakGlassIncludes?: string;
  gap?: string | null;
  via?: string[];
  caveat?: string;
}

describe("conditional-access coverage (table)", () => {
  const index = indexSource(sourceFromCase(data.source));
  const facts = policyFactsOf(index);
  for (const c of data.cases as CaCase[]) {
    it(`${c.user}: ${c.enforcement}`, () => {
      const s = caCoverage(index, c.user, facts);
      expect(s.enforcement).toBe(c.enforcement);
      for (const [policy, [status, why]] of Object.entries(c.cells)) {
        const cell = s.coverage.find((x) => x.policyId === policy)!;
        expect(cell.status, policy).toBe(status);
        if (why) expect(cell.why, policy).toContain(why);
      }
      if (c.blocksLegacyAuth !== undefined) expect(s.blocksLegacyAuth).toBe(c.blocksLegacyAuth);
      if (c.restrictsLocation !== undefined) expect(s.restrictsLocation).toBe(c.restrictsLocation);
      if (c.caveat) expect(s.caveats.join(" | ")).toContain(c.caveat);
      const m = entraMfaStatus(index, index.principal.get(c.user)!, facts, true, s);
      expect(m.enforced).toBe(c.enforcement === "enforced");
      if (c.breakGlass !== undefined) expect(m.breakGlass !== null, JSON.stringify(m.breakGlass)).toBe(c.breakGlass);
      if (c.breakGlassIncludes) expect(m.breakGlass?.reason).toContain(c.breakGlassIncludes);
      if (c.gap !== undefined) expect(m.gap).toBe(c.gap);
      if (c.via) expect(m.via).toEqual(c.via);
    });
  }

  it("never counts report-only or disabled policies as enforcement", () => {
    const s = caCoverage(index, "u-bob", facts);
    expect(s.reportOnlyMfa).toEqual(["Guests MFA (report-only)"]);
    const off = caCoverage(index, "u-dave", facts).coverage.find((c) => c.policyId === "p-off")!;
    expect(off.status).toBe("applies");
    expect(off.enforcing).toBe(false);
  });

  it("builds the people × policies matrix", () => {
    const m = caCoverageMatrix(index, ["u-alice", "u-eve"]);
    expect(m.policies).toHaveLength(11);
    expect(m.rows[1]!.cells[0]!.status).toBe("excluded");
  });

  it("reports enforcement unknown (null) when conditional access was not collected", () => {
    const model = sourceFromCase({
      ...data.source,
      datasets: { conditionalAccessPolicies: { collected: false, reason: "403" } },
      accessControls: [],
    });
    const idx = indexSource(model);
    expect(caCollected(idx)).toBe(false);
    const m = entraMfaStatus(idx, idx.principal.get("u-alice")!, [], caCollected(idx));
    expect(m.enforced).toBeNull();
    expect(m.registered).toBe(true);
  });

  it("copies each policy's flags, computed once, into every user's coverage", () => {
    const s = caCoverage(index, "u-alice", facts);
    for (const c of s.coverage) {
      const {
        control,
        flags,
        includeUsers,
        excludeUsers,
        includeGroups,
        excludeGroups,
        includeRoles,
        excludeRoles,
        include,
        exclude,
        ...flat
      } = facts.find((f) => f.control.providerId === c.policyId)!;
      expect(flat).toEqual(flags);
      for (const [k, v] of Object.entries(flags)) expect(c[k as keyof typeof c], `${c.policyId}.${k}`).toEqual(v);
    }
  });

  it("reads locations one way for narrowing and for restriction: All among the included locations is every location", () => {
    const mfa = index.model.accessControls.find(
      (c) => c.kind === "conditionalAccess" && c.controls.grant.includes("mfa") && !c.controls.block,
    )!;
    const at = (includeLocations: string[], excludeLocations: string[]) =>
      policyFacts({ ...mfa, conditions: { ...mfa.conditions, includeLocations, excludeLocations } });
    for (const [inc, exc, limited] of [
      [[], [], false],
      [["All"], [], false],
      [["All", "loc-office"], [], false],
      [["loc-office"], [], true],
      [["All"], ["loc-trusted"], true],
    ] as const) {
      const f = at([...inc], [...exc]);
      expect(f.restrictsLocation, JSON.stringify([inc, exc])).toBe(limited);
      expect(
        f.narrowedBy.some((n) => n.startsWith("locations")),
        JSON.stringify([inc, exc]),
      ).toBe(limited);
    }
  });
});
