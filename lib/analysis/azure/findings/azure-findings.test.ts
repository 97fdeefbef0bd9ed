import { describe, expect, it } from "vitest";
import type { AzureEstateModel, EntraDirectoryModel } from "../access";
import azure from "../testdata/contoso-azure.json";
import entra from "../testdata/contoso-entra.json";
import expected from "../testdata/azure-findings.json";
import { AZURE_RULES, runAzureRules } from "./index";

// Each rule on the Contoso estate: exactly the expected hits (testdata/azure-findings.json says why each one).

const model = azure as unknown as AzureEstateModel;
const directory = entra as unknown as EntraDirectoryModel;
const results = runAzureRules(model, directory);
const rows = Object.entries(expected.rules).map(([id, r]) => ({ id, ...r }));

describe("Azure findings on the Contoso estate", () => {
  it("every rule has a row", () => {
    expect(AZURE_RULES.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });
  it.each(rows)("$id", (row) => {
    const r = results.find((x) => x.rule.id === row.id)!;
    const got = r.hits.map((h) => `${h.subjectProviderId} @ ${h.scope}`.toLowerCase()).sort();
    expect(got).toEqual(row.hits.map(([s, scope]) => `${s} @ ${scope}`.toLowerCase()).sort());
    expect(r.incomplete).toEqual([]);
    for (const h of r.hits) expect(h.explanation.length).toBeGreaterThan(20);
  });
  it("owner count names the owners of Production, frank reached through a nested group", () => {
    const hit = results
      .find((x) => x.rule.id === "azure-subscription-owner-count")!
      .hits.find((h) => h.subject === "Contoso Production")!;
    expect(hit.evidence.count).toBe(5);
    expect(hit.evidence.owners).toContain("frank@contoso.com");
  });
  it("without the Entra directory, orphans are not guessed and the rules say what was missing", () => {
    const r = runAzureRules(model, null);
    const orphan = r.find((x) => x.rule.id === "azure-orphaned-assignment")!;
    expect(orphan.hits).toEqual([]);
    expect(orphan.incomplete).toContain("entra users");
  });
});
