import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectItem, readAzureFiles } from "./import-files";

const DIR = path.join(import.meta.dirname, "testdata/contoso");
const file = (name: string) => path.join(DIR, name);
const json = (name: string) => JSON.parse(fs.readFileSync(file(name), "utf8"));

describe("detectItem: every fixture's items are recognised as what they are", () => {
  const rows: [string, string[]][] = [
    ["az-role-assignment-list.json", ["roleAssignments", "classicAdministrators"]],
    ["az-role-definition-list.json", ["roleDefinitions"]],
    ["az-account-management-group-list.json", ["managementGroups"]],
    ["az-account-management-group-show-recurse.json", ["managementGroups"]],
    ["az-account-list.json", ["subscriptions"]],
    ["az-group-list.json", ["resourceGroups"]],
    ["arm-deny-assignments.json", ["denyAssignments"]],
    ["arm-role-eligibility-schedule-instances.json", ["pimEligible"]],
    ["arm-role-assignment-schedule-instances.json", ["pimActive"]],
  ];
  it.each(rows)("%s", (name, kinds) => {
    const parsed = json(name);
    const items = Array.isArray(parsed) ? parsed : Array.isArray(parsed.value) ? parsed.value : [parsed];
    expect([...new Set(items.map(detectItem))].sort()).toEqual([...kinds].sort());
  });
});

describe("readAzureFiles on the Contoso folder", () => {
  const r = readAzureFiles([DIR]);
  const node = (id: string) => r.nodes.find((n) => n.providerId.toLowerCase() === id.toLowerCase());
  it("builds the tree: root → Contoso → Landing Zones → Production, resource groups under their subscriptions", () => {
    const prod = node("/subscriptions/00000000-1111-2222-3333-444444444444")!;
    expect(prod).toMatchObject({ kind: "subscription", name: "Contoso Production" });
    expect(prod.parentProviderId).toBe("/providers/Microsoft.Management/managementGroups/landingzones");
    expect(prod.attributes.state).toBe("Enabled");
    expect(node("/providers/Microsoft.Management/managementGroups/landingzones")!.parentProviderId).toBe(
      "/providers/Microsoft.Management/managementGroups/contoso",
    );
    expect(
      node("/providers/Microsoft.Management/managementGroups/aaaabbbb-0000-cccc-1111-dddd2222eeee")!.parentProviderId,
    ).toBeNull();
    expect(node("/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-data")!.parentProviderId).toBe(
      "/subscriptions/00000000-1111-2222-3333-444444444444",
    );
    expect(r.tenantId).toBe("aaaabbbb-0000-cccc-1111-dddd2222eeee");
  });
  it("role definitions with permissions and assignable scopes; the custom '*' role", () => {
    const custom = r.permissionSets.find((p) => p.name === "Landing Zone Operator")!;
    expect(custom).toMatchObject({
      kind: "azureRbacRole",
      builtIn: false,
      providerId: "c0ffee00-1234-4cde-8f00-aabbccddeeff",
    });
    expect(custom.attributes.assignableScopes).toEqual([
      "/providers/Microsoft.Management/managementGroups/landingzones",
    ]);
    const contributor = r.permissionSets.find((p) => p.name === "Contributor")!;
    expect(contributor.builtIn).toBe(true);
    expect(contributor.statements[0]!.notActions).toContain("Microsoft.Authorization/*/Write");
    const blob = r.permissionSets.find((p) => p.name === "Storage Blob Data Reader")!;
    expect(blob.statements[0]!.dataActions).toEqual([
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
    ]);
  });
  it("assignments: direct, the PIM activation as active, eligible, classic administrator, deny (with exclusions)", () => {
    const by = (k: string) => r.assignments.filter((a) => a.kind === k);
    expect(by("direct").length).toBe(12);
    expect(by("active").map((a) => a.principalProviderId)).toEqual(["5a1c0e1e-0a0a-4b4b-8c8c-000000000003"]);
    expect(by("active")[0]!.attributes).toMatchObject({
      pimAssignmentType: "Activated",
      endDateTime: "2024-09-02T16:00:00.000Z",
    });
    expect(by("eligible")).toHaveLength(1);
    expect(by("classicAdministrator")[0]).toMatchObject({
      principalProviderId: "legacy-admin@contoso.com",
      permissionSetProviderId: "ServiceAdministrator;AccountAdministrator",
      scope: "/subscriptions/00000000-1111-2222-3333-444444444444",
    });
    const deny = by("deny")[0]!;
    expect(deny.principalProviderId).toBe("00000000-0000-0000-0000-000000000000");
    expect(deny.attributes.excludePrincipals).toEqual([
      { id: "7c3e2a3a-2c2c-4d4d-aeae-000000000001", type: "ServicePrincipal" },
    ]);
    const abac = r.assignments.find((a) => a.attributes.conditionVersion === "2.0" && a.scope.endsWith("rg-data"))!;
    expect(String(abac.attributes.condition)).toMatch(/^\(\(!\(ActionMatches/);
    expect(r.assignments.some((a) => a.attributes.delegatedManagedIdentityResourceId)).toBe(true);
  });
  it("every dataset is collected with its count", () => {
    expect(r.datasets.roleAssignments).toMatchObject({ collected: true, count: 13 });
    expect(r.datasets.pimActive).toMatchObject({ collected: true, count: 1 });
    expect(r.datasets.managementGroups).toMatchObject({ collected: true, count: 4 });
  });
});

describe("readAzureFiles: bad input gets a clear error naming the file and item", () => {
  const tmp = (name: string, text: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-import-"));
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const rows: [string, string, RegExp][] = [
    ["not JSON", "{", /not valid JSON/],
    ["an unknown object", '[{"hello": 1}]', /not an Azure RBAC export/],
    [
      "a role assignment without a principalId",
      JSON.stringify([
        {
          type: "Microsoft.Authorization/roleAssignments",
          id: "/subscriptions/x/providers/Microsoft.Authorization/roleAssignments/y",
          roleDefinitionId: "z",
        },
      ]),
      /needs an id, a principalId/,
    ],
    ["a scalar", "42", /expected a JSON array or object/],
  ];
  it.each(rows)("%s", (_, text, message) => {
    const p = tmp("bad.json", text);
    expect(() => readAzureFiles([p])).toThrow(message);
    try {
      readAzureFiles([p]);
    } catch (e) {
      expect(String((e as Error).message)).toContain(p);
    }
  });
  it("a datasets absent from the files is 'not collected', never zero", () => {
    const r = readAzureFiles([file("az-role-definition-list.json")]);
    expect(r.datasets.roleAssignments).toMatchObject({ collected: false, reason: "not in the imported files" });
  });
});
