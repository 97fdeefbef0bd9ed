import { describe, expect, it } from "vitest";
import { COUNT_KEYS } from "../model";
import { countsAsCollected } from "./snapshot-counts";

describe("countsAsCollected", () => {
  const counts = {
    users: 6,
    groups: 4,
    conditionalAccessPolicies: 0,
    namedLocations: 0,
    directoryRoles: 0,
    memberships: 0,
    assignments: 0,
  };

  it("gives null, not 0, for counts whose datasets were not collected", () => {
    const datasets = {
      users: { collected: true },
      groups: { collected: true },
      conditionalAccess: { collected: false },
      namedLocations: { collected: false },
      directoryRoles: { collected: false },
      memberships: { collected: false },
      roleAssignments: { collected: false },
      pimEligibility: { collected: false },
    };
    expect(countsAsCollected("entra", counts, datasets)).toMatchObject({
      users: 6,
      groups: 4,
      conditionalAccessPolicies: null,
      namedLocations: null,
      directoryRoles: null,
      memberships: null,
      assignments: null,
      azureRoles: null,
    });
  });

  it("keeps a collected zero as 0, and counts a key when any of its datasets was collected", () => {
    const datasets = {
      conditionalAccess: { collected: true },
      roleAssignments: { collected: false },
      pimEligibility: { collected: true },
    };
    const out = countsAsCollected("entra", counts, datasets);
    expect(out.conditionalAccessPolicies).toBe(0);
    expect(out.assignments).toBe(0);
  });

  it("leaves counts alone when the snapshot records no dataset for them, and lists every key of the kind", () => {
    const out = countsAsCollected("aws", { users: 3 }, {});
    expect(Object.keys(out)).toEqual(COUNT_KEYS.aws);
    expect(out.users).toBe(3);
    expect(out.roles).toBe(0);
  });
});
