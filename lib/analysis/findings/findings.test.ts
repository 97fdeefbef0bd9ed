import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog, type ActionCatalog } from "../action-catalog";
import { analyze } from "../analyze";
import { sourceFromCase } from "../case-model";
import type { LinkOverride } from "../person-matching";
import { ACCESS_PATH_RULES, CONTROL_RULES, RULES, ruleCoverage, runFindings } from "./index";

const DIR = path.join(import.meta.dirname, "testdata");

interface RuleCase {
  rule: string;
  now: string;
  config?: Record<string, unknown>;
  overrides?: LinkOverride[];
  sources: unknown[];
  expected: { subject: string; severity: string; source?: string; explanationIncludes?: string; complete?: boolean }[];
}

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const ALL_RULES = [...RULES, ...CONTROL_RULES, ...ACCESS_PATH_RULES];

describe("every rule has a case file", () => {
  it.each(ALL_RULES.map((r) => r.id))("%s", (id) => {
    expect(fs.existsSync(path.join(DIR, `${id}.json`))).toBe(true);
    const r = ALL_RULES.find((x) => x.id === id)!;
    expect(r.title && r.fix && r.dataSource).toBeTruthy();
  });
});

describe("finding rules (table)", () => {
  for (const file of fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const c = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as RuleCase;
    it(`${c.rule}`, async () => {
      const rule = ALL_RULES.find((r) => r.id === c.rule);
      expect(rule, `unknown rule ${c.rule}`).toBeDefined();
      const a = await analyze(c.sources.map(sourceFromCase), {
        now: new Date(c.now),
        config: c.config,
        overrides: c.overrides,
        catalog,
      });
      const found = runFindings(a, [rule!]);
      const got = found.map((f) => `${f.subject} [${f.severity}]`).sort();
      expect(got).toEqual(c.expected.map((e) => `${e.subject} [${e.severity}]`).sort());
      for (const e of c.expected) {
        const f = found.find(
          (x) =>
            x.subject === e.subject &&
            x.severity === e.severity &&
            (!e.explanationIncludes || x.explanation.includes(e.explanationIncludes)),
        );
        expect(
          f,
          `${e.subject}: ${e.explanationIncludes ?? ""} in ${JSON.stringify(found.map((x) => x.explanation))}`,
        ).toBeDefined();
        expect(f!.rule).toBe(c.rule);
        expect(f!.fix.length).toBeGreaterThan(10);
        expect(f!.dataSource).toBe(rule!.dataSource);
        if (e.source) expect(f!.source).toBe(e.source);
        expect(f!.complete).toBe(e.complete ?? true);
      }
    });
  }
});

describe("completeness and configuration", () => {
  it("marks a rule incomplete where a dataset it reads was not collected, and never reports unknown as never", async () => {
    const src = sourceFromCase({
      sourceName: "no-report",
      kind: "aws",
      datasets: {
        authorizationDetails: { collected: true },
        credentialReport: { collected: false, reason: "AccessDenied" },
      },
      principals: [
        {
          kind: "user",
          providerId: "A1",
          name: "alice",
          displayName: "alice",
          mfaRegistered: null,
          createdAt: "2020-01-01T00:00:00Z",
        },
      ],
    });
    const a = await analyze([src], { now: new Date("2026-11-01T00:00:00Z"), catalog });
    expect(runFindings(a).filter((f) => f.rule === "stale-user")).toEqual([]);
    const cov = ruleCoverage(a).find((r) => r.rule === "stale-user")!;
    expect(cov.sources).toEqual([
      { sourceId: "no-report", sourceName: "no-report", complete: false, missing: ["credentialReport"] },
    ]);
  });

  it("findings on a source with a missing dataset say so", async () => {
    const src = sourceFromCase({
      sourceName: "partial",
      kind: "aws",
      datasets: { authorizationDetails: { collected: true }, credentialReport: { collected: false } },
      principals: [
        {
          kind: "role",
          providerId: "R1",
          name: "r",
          displayName: "r",
          createdAt: "2020-01-01T00:00:00Z",
          attributes: { trust: [{ type: "wildcard", value: "*", external: true }] },
        },
      ],
    });
    const a = await analyze([src], { now: new Date("2026-11-01T00:00:00Z"), catalog });
    const f = runFindings(a).find((x) => x.rule === "role-trusts-external")!;
    expect(f.complete).toBe(true); // reads only authorizationDetails
    const d = runFindings(
      a,
      RULES.filter((r) => r.id === "stale-role"),
    );
    expect(d[0]!.complete).toBe(true);
  });

  it("applies thresholds, disabled rules and severity overrides from a validated config", async () => {
    const c = JSON.parse(fs.readFileSync(path.join(DIR, "stale-role.json"), "utf8")) as RuleCase;
    const models = c.sources.map(sourceFromCase);
    const strict = await analyze(models, {
      now: new Date(c.now),
      config: { staleRoleDays: 1000, severity: { "stale-role": "high" } },
      catalog,
    });
    const f = runFindings(strict).filter((x) => x.rule === "stale-role");
    expect(f.map((x) => x.subject).sort()).toEqual(["never-role"]);
    expect(f[0]!.severity).toBe("high");
    const off = await analyze(models, { now: new Date(c.now), config: { disabledRules: ["stale-role"] }, catalog });
    expect(runFindings(off).some((x) => x.rule === "stale-role")).toBe(false);
    await expect(analyze(models, { config: { staleRoleDays: -3 }, catalog })).rejects.toThrow();
  });
});
