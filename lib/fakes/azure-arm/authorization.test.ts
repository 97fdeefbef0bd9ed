import { describe, expect, it } from "vitest";
import { collectAll, withAzureFakes } from "../../testing/azure-arm-fake";
import { rawRequest } from "../../testing/azure-arm-http";
import { FLAG } from "./estate";

// Microsoft.Authorization reads through @azure/arm-authorization: role assignments, role definitions, deny
// assignments, PIM schedule instances and classic administrators, at each kind of scope and with each filter. The
// expected rows are worked out here from the estate's tables (scope tree walked by parent links), not by the fake.

const ctx = withAzureFakes(
  { subscriptions: 30, seed: 21, roleAssignments: 3000 },
  { readBucket: null, pageSizes: { roleAssignments: 50, providerRoleAssignments: 40, pim: 20, roleDefinitions: 300 } },
);

/** Scope indices: the scope with its ancestors, and everything below it. */
function chainOf(s: number): number[] {
  const out: number[] = [];
  for (let x = s; x >= 0; x = ctx.f.estate.scopes[x]!.parent) out.push(x);
  return out;
}
function subtreeOf(s: number): number[] {
  return ctx.f.estate.scopes.map((_, i) => i).filter((i) => i !== s && chainOf(i).includes(s));
}
const readable = (s: number) => {
  const sub = ctx.f.estate.scopes[s]!.sub;
  return sub < 0 || !ctx.f.estate.unreadableSubscriptions.includes(sub);
};
function rowsAt(table: "assignments" | "eligibility", scopes: number[]): number {
  const t = ctx.f.estate[table];
  const set = new Set(scopes);
  let n = 0;
  for (let i = 0; i < t.count; i++) if (set.has(t.scope[i]!)) n++;
  return n;
}

const sub = () =>
  ctx.f.estate.subscriptions.find(
    (s, k) => !ctx.f.estate.unreadableSubscriptions.includes(k) && s.resourceGroups.length > 2,
  )!;
const mg = () => ctx.f.estate.scopes.findIndex((s) => s.kind === "managementGroup" && s.depth === 3);

describe("role assignments", () => {
  const rows: { name: string; scope: () => number; filter?: string; expected: () => number }[] = [
    {
      name: "subscription, no filter: at, above and below",
      scope: () => sub().scope,
      expected: () => rowsAt("assignments", [...chainOf(sub().scope), ...subtreeOf(sub().scope)]),
    },
    {
      name: "subscription, atScope(): at and above",
      scope: () => sub().scope,
      filter: "atScope()",
      expected: () => rowsAt("assignments", chainOf(sub().scope)),
    },
    {
      name: "resource group, no filter",
      scope: () => sub().resourceGroups[0]!,
      expected: () => rowsAt("assignments", chainOf(sub().resourceGroups[0]!)),
    },
    {
      name: "management group, atScope()",
      scope: () => mg(),
      filter: "atScope()",
      expected: () => rowsAt("assignments", chainOf(mg())),
    },
    {
      name: "management group, no filter: at and above only (children are listed one by one)",
      scope: () => mg(),
      expected: () => rowsAt("assignments", chainOf(mg())),
    },
  ];
  it.each(rows)("$name", async (row) => {
    const scope = ctx.f.estate.scopes[row.scope()]!.id;
    const list = await collectAll(
      ctx.f.clients.authorization().roleAssignments.listForScope(scope, { filter: row.filter }),
    );
    expect(list.length).toBe(row.expected());
    expect(new Set(list.map((a) => a.id)).size).toBe(list.length);
  });

  it("principalId eq: one principal's assignments at, above and below a subscription", async () => {
    const s = sub();
    const t = ctx.f.estate.assignments;
    const inSub = new Set([...chainOf(s.scope), ...subtreeOf(s.scope)]);
    const i = [...Array(t.count).keys()].find((r) => inSub.has(t.scope[r]!) && t.principalKind[r] === 1)!;
    const groupId = ctx.f.estate.directory.id("group", t.principal[i]!);
    const list = await collectAll(
      ctx.f.clients
        .authorization()
        .roleAssignments.listForScope(s.scope === 0 ? "/" : `/subscriptions/${s.subscriptionId}`, {
          filter: `principalId eq '${groupId}'`,
        }),
    );
    let expected = 0;
    for (let r = 0; r < t.count; r++)
      if (inSub.has(t.scope[r]!) && t.principalKind[r] === 1 && t.principal[r] === t.principal[i]) expected++;
    expect(list.length).toBe(expected);
    expect(list.every((a) => a.principalId === groupId && a.principalType === "Group")).toBe(true);
  });

  it("provider level with principalId eq: every readable scope, paged with $skipToken", async () => {
    const owner = ctx.f.estate.directory.id("user", 0);
    const list = await collectAll(
      ctx.f.clients.authorization().roleAssignments.listForScope("/", { filter: `principalId eq '${owner}'` }),
    );
    const t = ctx.f.estate.assignments;
    let expected = 0;
    for (let r = 0; r < t.count; r++)
      if (t.principalKind[r] === 0 && t.principal[r] === 0 && readable(t.scope[r]!)) expected++;
    expect(list.length).toBe(expected);
  });

  it("carries ABAC conditions (2.0), principal types and role definition ids the reader must key by GUID", async () => {
    const t = ctx.f.estate.assignments;
    const all = await collectAll(
      ctx.f.clients.authorization().roleAssignments.listForScope(`/subscriptions/${sub().subscriptionId}`),
    );
    const conditioned = all.filter((a) => a.condition);
    let flagged = 0;
    const inSub = new Set([...chainOf(sub().scope), ...subtreeOf(sub().scope)]);
    for (let r = 0; r < t.count; r++) if (inSub.has(t.scope[r]!) && t.flags[r]! & FLAG.condition) flagged++;
    expect(conditioned.length).toBe(flagged);
    for (const a of conditioned) expect(a.conditionVersion).toBe("2.0");
    expect(new Set(all.map((a) => a.principalType))).toEqual(new Set(["User", "Group", "ServicePrincipal"]));
    for (const a of all) {
      expect(a.roleDefinitionId).toMatch(/\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/);
      if (a.scope!.startsWith("/providers/Microsoft.Management/")) expect(a.roleDefinitionId).toMatch(/^\/providers\//);
      else expect(a.roleDefinitionId).toMatch(/^\/subscriptions\//);
    }
  });

  it("2015-07-01 answers without the condition and audit fields (they came later)", async () => {
    const r = await rawRequest(
      ctx.f.arm,
      "GET",
      `/subscriptions/${sub().subscriptionId}/providers/Microsoft.Authorization/roleAssignments?api-version=2015-07-01&$filter=atScope()`,
      { token: ctx.token },
    );
    expect(r.status).toBe(200);
    const first = (r.body.value as { properties: Record<string, unknown> }[])[0]!;
    expect(Object.keys(first.properties).sort()).toEqual(["principalId", "principalType", "roleDefinitionId", "scope"]);
  });

  const refused: { name: string; path: () => string; status: number; code: string }[] = [
    {
      name: "provider level without a filter (the app holds no role at /)",
      path: () => "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01",
      status: 403,
      code: "AuthorizationFailed",
    },
    {
      name: "a subscription the app cannot read",
      path: () =>
        `/subscriptions/${ctx.f.estate.subscriptions[ctx.f.estate.unreadableSubscriptions[0]!]!.subscriptionId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`,
      status: 403,
      code: "AuthorizationFailed",
    },
    {
      name: "atScope() and principalId together",
      path: () =>
        `/subscriptions/${sub().subscriptionId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent("atScope() and principalId eq 'x'")}`,
      status: 400,
      code: "BadRequest",
    },
  ];
  it.each(refused)("refused: $name", async (row) => {
    const r = await rawRequest(ctx.f.arm, "GET", row.path(), { token: ctx.token });
    expect(r.status).toBe(row.status);
    expect((r.body.error as { code: string }).code).toBe(row.code);
  });
});

describe("role definitions", () => {
  const customsAt = (scope: number, below: boolean) =>
    ctx.f.estate.roleDefinitions.filter(
      (d) =>
        d.roleType === "CustomRole" &&
        d.assignableScopes!.some((s) => chainOf(scope).includes(s) || (below && chainOf(s).includes(scope))),
    ).length;
  const builtIns = () => ctx.f.estate.roleDefinitions.filter((d) => d.roleType === "BuiltInRole").length;
  const rows: { name: string; scope: () => number; filter?: string; expected: () => number }[] = [
    {
      name: "subscription, no filter: built-ins and the custom roles assignable there",
      scope: () => sub().scope,
      expected: () => builtIns() + customsAt(sub().scope, false),
    },
    {
      name: "subscription, type eq 'CustomRole'",
      scope: () => sub().scope,
      filter: "type eq 'CustomRole'",
      expected: () => customsAt(sub().scope, false),
    },
    {
      name: "tenant root group, atScopeAndBelow(): every custom role of the tenant",
      scope: () => 0,
      filter: "atScopeAndBelow()",
      expected: () => builtIns() + ctx.f.estate.roleDefinitions.filter((d) => d.roleType === "CustomRole").length,
    },
    { name: "roleName eq 'Owner'", scope: () => sub().scope, filter: "roleName eq 'Owner'", expected: () => 1 },
    { name: "type eq 'BuiltInRole'", scope: () => 0, filter: "type eq 'BuiltInRole'", expected: () => builtIns() },
  ];
  it.each(rows)("$name", async (row) => {
    const scope = ctx.f.estate.scopes[row.scope()]!;
    const list = await collectAll(ctx.f.clients.authorization().roleDefinitions.list(scope.id, { filter: row.filter }));
    expect(list.length).toBe(row.expected());
    const prefix = scope.sub >= 0 ? scope.id : "";
    for (const d of list) expect(d.id).toBe(`${prefix}/providers/Microsoft.Authorization/roleDefinitions/${d.name}`);
  });

  it("a custom role with '*' actions and one with data actions, as ARM writes them", async () => {
    const list = await collectAll(
      ctx.f.clients.authorization().roleDefinitions.list(ctx.f.estate.scopes[0]!.id, { filter: "atScopeAndBelow()" }),
    );
    const custom = list.filter((d) => d.roleType === "CustomRole");
    expect(custom.some((d) => d.permissions![0]!.actions!.includes("*"))).toBe(true);
    expect(custom.some((d) => (d.permissions![0]!.dataActions ?? []).length > 0)).toBe(true);
    for (const d of custom)
      expect(
        d.assignableScopes!.every(
          (s) => s.startsWith("/subscriptions/") || s.startsWith("/providers/Microsoft.Management/"),
        ),
      ).toBe(true);
    expect(list.find((d) => d.roleName === "Owner")!.assignableScopes).toEqual(["/"]);
  });
});

describe("deny assignments, PIM, classic administrators", () => {
  it("deny assignments at a subscription: Azure-made, for everyone, with exclusions", async () => {
    const withDeny = ctx.f.estate.denyAssignments[0]!;
    const s = ctx.f.estate.subscriptions[ctx.f.estate.scopes[withDeny.scope]!.sub]!;
    const list = await collectAll(
      ctx.f.clients.authorization(s.subscriptionId).denyAssignments.listForScope(`/subscriptions/${s.subscriptionId}`),
    );
    const expected = ctx.f.estate.denyAssignments.filter((d) =>
      [...chainOf(s.scope), ...subtreeOf(s.scope)].includes(d.scope),
    );
    expect(list.map((d) => d.id).sort()).toEqual(
      expected
        .map((d) => `${ctx.f.estate.scopes[d.scope]!.id}/providers/Microsoft.Authorization/denyAssignments/${d.guid}`)
        .sort(),
    );
    for (const d of list) {
      expect(d.isSystemProtected).toBe(true);
      expect(d.principals![0]).toMatchObject({ id: "00000000-0000-0000-0000-000000000000", type: "SystemDefined" });
      expect(d.excludePrincipals!.length).toBeGreaterThan(0);
    }
  });

  const pimRows: { name: string; filter?: string; scopes: () => number[] }[] = [
    { name: "no filter: at, above and below", scopes: () => [...chainOf(sub().scope), ...subtreeOf(sub().scope)] },
    { name: "atScope(): at and above", filter: "atScope()", scopes: () => chainOf(sub().scope) },
  ];
  it.each(pimRows)("eligibility schedule instances, $name", async (row) => {
    const list = await collectAll(
      ctx.f.clients
        .authorization()
        .roleEligibilityScheduleInstances.listForScope(`/subscriptions/${sub().subscriptionId}`, {
          filter: row.filter,
        }),
    );
    expect(list.length).toBe(rowsAt("eligibility", row.scopes()));
    for (const e of list) {
      expect(e.status).toBe("Provisioned");
      expect(e.expandedProperties?.roleDefinition?.displayName).toBeTruthy();
    }
  });
  it.each(pimRows)("assignment schedule instances (every active assignment), $name", async (row) => {
    const list = await collectAll(
      ctx.f.clients
        .authorization()
        .roleAssignmentScheduleInstances.listForScope(`/subscriptions/${sub().subscriptionId}`, { filter: row.filter }),
    );
    expect(list.length).toBe(rowsAt("assignments", row.scopes()));
    for (const a of list.filter((x) => x.assignmentType === "Activated")) {
      expect(a.linkedRoleEligibilityScheduleId).toMatch(/roleEligibilitySchedules\/[0-9a-f-]{36}$/);
      expect(a.endDateTime).toBeTruthy();
    }
  });

  it("PIM activations across the tenant are linked to an eligible assignment", () => {
    const a = ctx.f.estate.assignments;
    let activated = 0;
    for (let i = 0; i < a.count; i++) if (a.flags[i]! & FLAG.activated) activated++;
    expect(activated).toBeGreaterThan(0);
  });

  it("classic administrators of a subscription that still has them", async () => {
    const c = ctx.f.estate.classicAdministrators[0]!;
    const s = ctx.f.estate.subscriptions[c.sub]!;
    const list = await collectAll(ctx.f.clients.authorization(s.subscriptionId).classicAdministrators.list());
    const expected = ctx.f.estate.classicAdministrators.filter((x) => x.sub === c.sub);
    expect(list.map((x) => x.emailAddress).sort()).toEqual(expected.map((x) => x.emailAddress).sort());
    expect(list.map((x) => x.role)).toContain("ServiceAdministrator;AccountAdministrator");
    expect(list.every((x) => x.type === "Microsoft.Authorization/classicAdministrators")).toBe(true);
  });
});
