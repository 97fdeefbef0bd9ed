import { describe, expect, it } from "vitest";
import builtIns from "../../translate/data/azure-built-in-roles.json";
import { azureRoleTier } from "./role-tier";
import table from "./testdata/role-tiers.json";
import denyTable from "./testdata/role-tiers-deny.json";

// One row per labelled role (testdata/role-tiers.json: source and reason each): built-ins judged from their real
// permissions, custom roles from theirs. The tier comes from the actions, never the name.

interface Perm {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}
const byName = new Map((builtIns as { roles: ({ name: string } & Perm)[] }).roles.map((r) => [r.name, r]));

describe("azureRoleTier", () => {
  it.each(table.rows)("$role → $expected", (row) => {
    const p = (row as { permissions?: Perm }).permissions ?? byName.get(row.role);
    expect(p, `built-in role ${row.role} not in the catalogue`).toBeDefined();
    const t = azureRoleTier({ statements: [{ effect: "Allow", ...p!, resources: ["/"], notResources: [] }] });
    expect(`${t.tier} (${t.detail})`).toMatch(new RegExp(`^${row.expected} `));
  });
});

describe("azureRoleTier under deny assignments", () => {
  it.each(denyTable.rows)("$role with deny $deny.actions → $expected: $why", (row) => {
    const p = byName.get(row.role)!;
    const deny = [
      { effect: "Deny" as const, ...row.deny, dataActions: [], notDataActions: [], resources: ["/"], notResources: [] },
    ];
    const t = azureRoleTier({ statements: [{ effect: "Allow", ...p, resources: ["/"], notResources: [] }] }, deny);
    expect({ role: row.role, tier: t.tier }).toEqual({ role: row.role, tier: row.expected });
  });
});
