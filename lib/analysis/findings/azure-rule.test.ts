import { describe, expect, it } from "vitest";
import azure from "../azure/testdata/contoso-azure.json";
import { analyze } from "../analyze";
import { sourceFromCase } from "../case-model";
import { RULES, runFindings } from "./index";

// An Azure estate with no Entra snapshot of its tenant: rules that need the directory say so (incomplete, with what
// was not collected) instead of guessing; rules that need only the estate stay complete.

describe("Azure rules without the tenant's directory", () => {
  it("flags their findings incomplete and names the missing Entra datasets", async () => {
    const a = await analyze(
      [
        sourceFromCase({
          sourceName: "contoso-azure",
          kind: "azure",
          externalId: azure.tenantId,
          datasets: azure.datasets,
          hierarchy: azure.nodes,
          permissionSets: azure.permissionSets,
          assignments: azure.assignments,
        }),
      ],
      { now: new Date("2026-12-01T00:00:00Z") },
    );
    const f = runFindings(
      a,
      RULES.filter((r) => r.id.startsWith("azure-")),
    );
    const sp = f.find((x) => x.rule === "azure-admin-to-guest-or-service-principal")!;
    expect(sp).toMatchObject({ complete: false, source: "contoso-azure" });
    expect(sp.evidence.notCollected).toEqual(["Entra (no snapshot of this tenant): users"]);
    expect(f.filter((x) => x.rule === "azure-orphaned-assignment")).toEqual([]);
    const wildcard = f.find((x) => x.rule === "azure-custom-role-wildcard")!;
    expect(wildcard.complete).toBe(true);
  });
});
