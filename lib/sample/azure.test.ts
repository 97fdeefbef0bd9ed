import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AzureEstateModel, EntraDirectoryModel } from "../analysis/azure/access";
import { azureRuleContext, runAzureRules } from "../analysis/azure/findings/index";
import { azurePaths } from "../analysis/azure/paths";
import type { Membership, Principal } from "../model";
import { readAzureFiles } from "../providers/azure/import-files";
import { prepareEntraImport } from "../providers/entra/import-files";
import { AZURE_DIR } from "./azure";
import { ENTRA_DIR, SAMPLE_DIR } from "./paths";

// The committed sample's Azure export, read by the real import and judged by the real rules: each case the sample
// exists to show (lib/sample/azure.ts) is there, found in the files, not asserted on the generator.

const dir = path.resolve(SAMPLE_DIR);
const azure = readAzureFiles([path.join(dir, AZURE_DIR)]) as unknown as AzureEstateModel;

async function entraModel(): Promise<EntraDirectoryModel> {
  const principals: Principal[] = [];
  const memberships: Membership[] = [];
  const datasets: EntraDirectoryModel["datasets"] = {};
  for await (const e of prepareEntraImport([path.join(dir, ENTRA_DIR)]).events()) {
    if (e.type === "batch") {
      principals.push(...((e.batch.principals ?? []) as Principal[]));
      memberships.push(...((e.batch.memberships ?? []) as Membership[]));
    } else if (e.type === "dataset") datasets[e.name] = e.status;
  }
  return { principals, memberships, datasets };
}

const entra = await entraModel();
const results = runAzureRules(azure, entra);

describe("the sample's Azure estate", () => {
  const hits = (rule: string) => results.find((r) => r.rule.id === rule)!.hits.map((h) => h.subject);

  it("every dataset was exported", () => {
    for (const [name, d] of Object.entries(azure.datasets))
      expect({ name, collected: d.collected }).toEqual({ name, collected: true });
  });

  it.each([
    ["azure-admin-to-guest-or-service-principal", /^sofia\.lindqvist_/, "a guest Owner of Dev/Test"],
    ["azure-admin-to-guest-or-service-principal", /^nw-automation$/, "a managed identity Owner of Production"],
    ["azure-permanent-admin-at-subscription", /^SG-Eng-CloudPlatform$/, "a group permanently Owner of Production"],
    ["azure-subscription-owner-count", /^Northwind Production$/, "more than three owners (the group's members)"],
    ["azure-custom-role-wildcard", /^Northwind Landing Zone Admin$/, "a custom '*' role at a management group"],
    ["azure-orphaned-assignment", /^[0-9a-f-]{36}$/, "a Contributor assignment to a deleted user"],
    ["azure-classic-administrators", /^helena\.vasquez@/, "a classic Service Administrator"],
  ])("%s: %s (%s)", (rule, subject) => {
    const r = results.find((x) => x.rule.id === rule)!;
    expect({ rule, incomplete: r.incomplete }).toEqual({ rule, incomplete: [] });
    expect({ rule, subjects: hits(rule).filter((s) => subject.test(s)).length > 0 }).toEqual({ rule, subjects: true });
  });

  it("Priya Natarajan is Owner of Northwind Production through SG-Eng-CloudPlatform; PIM eligibility and an activation are there", () => {
    const paths = [...azurePaths(azureRuleContext(azure, entra), null)];
    const priya = paths.filter((p) => p.hops[0]!.name.startsWith("priya.natarajan@"));
    expect(priya.map((p) => [p.grant, p.targetName, p.tier, p.hops.map((h) => h.name).join(" > ")])).toContainEqual([
      "Owner",
      "Northwind Production",
      "admin",
      "priya.natarajan@northwind.example > SG-Eng-CloudPlatform > Owner > Northwind Production",
    ]);
    expect(paths.filter((p) => p.eligible && p.grant === "Owner").length).toBeGreaterThan(0);
    expect(paths.some((p) => p.attributes.kind === "active")).toBe(true);
    expect(paths.some((p) => Array.isArray(p.attributes.denied))).toBe(true);
  });
});
