import { describe, expect, it } from "vitest";
import type { Assignment } from "../../model";
import type { AzureEstateModel, EntraDirectoryModel } from "./access";
import { azureRuleContext } from "./findings/index";
import { azurePaths } from "./paths";
import azure from "./testdata/contoso-azure.json";
import entra from "./testdata/contoso-entra.json";
import table from "./testdata/azure-paths.json";

// Effective access paths on the Contoso estate: one row per hand-worked path (testdata/azure-paths.json says why).

const base = azure as unknown as AzureEstateModel;
const model: AzureEstateModel = {
  ...base,
  assignments: [...base.assignments, ...(table.extraAssignments as unknown as Assignment[])],
};
const paths = [...azurePaths(azureRuleContext(model, entra as unknown as EntraDirectoryModel), null)];
const userName = (p: (typeof paths)[number]) => p.hops[0]!.name;

describe("azurePaths on the Contoso estate", () => {
  it.each(table.rows)("$why", (row) => {
    const hits = paths.filter(
      (p) =>
        userName(p) === row.user &&
        p.grant === row.role &&
        p.targetName === row.target &&
        (p.attributes.inheritedFrom ?? null) === row.inheritedFrom &&
        (p.hops.find((h) => h.kind === "entraGroup")?.name ?? null) === row.viaGroup,
    );
    expect({ row: row.why, found: hits.length }).toEqual({ row: row.why, found: 1 });
    const p = hits[0]!;
    expect({
      row: row.why,
      tier: p.tier,
      eligible: p.eligible,
      denied: Array.isArray(p.attributes.denied),
    }).toEqual({ row: row.why, tier: row.tier, eligible: row.eligible, denied: row.denied });
    expect(p.hops.at(-1)).toMatchObject({ kind: "azureScope", id: p.targetId });
    expect(p.mfa).toBe("unknown");
  });

  it.each(table.absent)("no path: $why", (row) => {
    const hits = paths.filter(
      (p) =>
        p.entraPrincipalId.toLowerCase() === row.principal &&
        (!row.role || p.grant === row.role) &&
        (!row.target || p.targetName === row.target),
    );
    expect({ row: row.why, paths: hits.length }).toEqual({ row: row.why, paths: 0 });
  });

  it("every management-group grant reaches each subscription below it once per user and grant", () => {
    const keys = paths.map(
      (p) => `${p.entraPrincipalId}|${p.grant}|${p.hops.length}|${p.targetId}|${p.hops.at(-2)?.id}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    const rootReader = paths.filter((p) => userName(p) === "alice@contoso.com" && p.grant === "Reader");
    expect(rootReader.map((p) => p.targetName).sort()).toEqual([
      "Connectivity",
      "Contoso Development",
      "Contoso Production",
      "Tenant Root Group",
    ]);
  });
});
