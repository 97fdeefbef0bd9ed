import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog, type ActionCatalog } from "./action-catalog";
import { sourceFromCase } from "./case-model";
import { createAwsEvaluator } from "./effective-permissions";
import { indexSource } from "./source-model";
import { tierOf } from "./tiers";

// A principal that can pass a role to a service that runs its code takes the passed role's tier (issue 11):
// testdata/passed-role-tiers.json, each case with its public source (iam-vulnerable, Rhino Security Labs, AWS docs).
interface Case {
  principal: string;
  tier: string;
  pattern: string | null;
  detailIncludes?: string;
  detailExcludes?: string;
  source: string[];
  why: string;
}
const data = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/passed-role-tiers.json"), "utf8"));
const index = indexSource(sourceFromCase(data.aws));

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe("tiers of the roles a principal can pass", () => {
  it.each((data.cases as Case[]).map((c) => [c.principal, c] as const))("%s", (_, c) => {
    expect(c.source.length, "a case cites its source").toBeGreaterThan(0);
    const r = tierOf(index, c.principal, createAwsEvaluator(index, catalog));
    const details = r.reasons.map((x) => x.detail).join(" | ");
    expect(r.tier, `${c.principal}: ${details}`).toBe(c.tier);
    if (c.pattern)
      expect(
        r.reasons.map((x) => x.pattern),
        details,
      ).toContain(c.pattern);
    else
      expect(
        r.reasons.some((x) => x.pattern?.startsWith("passrole-")),
        details,
      ).toBe(false);
    if (c.detailIncludes) expect(details).toContain(c.detailIncludes);
    if (c.detailExcludes) expect(details).not.toContain(c.detailExcludes);
  });
});
