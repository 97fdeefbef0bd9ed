import { describe, expect, it } from "vitest";
import {
  type AzureEstateModel,
  azureGrants,
  directoryOf,
  type EntraDirectoryModel,
  grantsAt,
  hierarchyIndex,
  highestGrant,
} from "./access";
import azure from "./testdata/contoso-azure.json";
import entra from "./testdata/contoso-entra.json";

// Effective Azure access on the Contoso estate: inherited from every scope above, groups expanded through nesting,
// delegation conditions narrowing RBAC Administrator, PIM eligibility kept apart.

const model = azure as unknown as AzureEstateModel;
const dir = directoryOf(entra as unknown as EntraDirectoryModel);
const grants = azureGrants(model, dir);
const index = hierarchyIndex(model.nodes);
const RG = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-data";
const frank = "5a1c0e1e-0a0a-4b4b-8c8c-000000000006";

describe("Azure access", () => {
  it("a resource group inherits from its subscription, the management groups above it and the root", () => {
    const at = grantsAt(grants, index, RG);
    const row = (who: string, role: string) => {
      const g = at.find((x) => x.principalId === who && x.roleName === role);
      return g ? g.inheritedFrom : "absent";
    };
    expect(row("5a1c0e1e-0a0a-4b4b-8c8c-000000000001", "Owner")).toBe(
      "/subscriptions/00000000-1111-2222-3333-444444444444",
    );
    expect(row(frank, "Owner")).toBe("/providers/Microsoft.Management/managementGroups/landingzones");
    expect(row(frank, "Reader")).toBe(
      "/providers/Microsoft.Management/managementGroups/aaaabbbb-0000-cccc-1111-dddd2222eeee",
    );
    expect(row("5a1c0e1e-0a0a-4b4b-8c8c-000000000005", "Storage Blob Data Reader")).toBeNull();
  });
  it("frank holds Owner through Platform Engineers inside Cloud Admins", () => {
    const g = grants.find((x) => x.principalId === frank && x.roleName === "Owner")!;
    expect(g.viaGroup?.name).toBe("Cloud Admins");
    expect(g.tier).toBe("admin");
  });
  it("RBAC Administrator under a delegation condition is privileged, not admin", () => {
    const g = grants.find((x) => x.roleName === "Role Based Access Control Administrator")!;
    expect([g.tier, g.detail]).toEqual(["privileged", expect.stringMatching(/delegation condition/)]);
  });
  it("bob's highest tier now is admin (UAA on Development); his eligible Owner is reported apart", () => {
    const bob = grants.filter((x) => x.principalId === "5a1c0e1e-0a0a-4b4b-8c8c-000000000002");
    expect(highestGrant(bob)?.roleName).toBe("User Access Administrator");
    expect(highestGrant(bob, true)).toMatchObject({ roleName: "Owner", kind: "eligible" });
  });
});
