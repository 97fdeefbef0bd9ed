import { describe, expect, it } from "vitest";
import { generatedTenant } from "../entra/generated-tenant";
import { type AzureEstate, FLAG, PRINCIPAL_KINDS } from "./estate";
import { generateEstate } from "./generate";
import { generatedTenantDirectory, tenantOptionsFor } from "./principals";

const sizes = [
  { name: "a handful of subscriptions", o: { subscriptions: 5, seed: 1 } },
  { name: "a mid-size tenant", o: { subscriptions: 60, seed: 2, roleAssignments: 5000 } },
  { name: "a shallow tree", o: { subscriptions: 20, seed: 3, managementGroupDepth: 2 } },
];

const owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

function rows(e: AzureEstate) {
  const t = e.assignments;
  return [...Array(t.count).keys()].map((i) => ({
    i,
    scope: t.scope[i]!,
    role: e.roleDefinitions[t.role[i]!]!,
    kind: PRINCIPAL_KINDS[t.principalKind[i]!]!,
    principal: t.principal[i]!,
    flags: t.flags[i]!,
  }));
}

describe("generateEstate", () => {
  it.each(sizes)("$name: deterministic, sized as asked, every reference resolves", ({ o }) => {
    const a = generateEstate(o);
    const b = generateEstate(o);
    const snapshot = (e: AzureEstate) =>
      JSON.stringify([
        e.scopes,
        e.subscriptions,
        e.roleDefinitions.slice(-5),
        [...e.assignments.principal],
        [...e.eligibility.role],
        e.denyAssignments,
      ]);
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(generateEstate({ ...o, seed: o.seed + 100 }))).not.toBe(snapshot(a));

    expect(a.subscriptions.length).toBe(o.subscriptions);
    const mgDepth = Math.max(...a.scopes.filter((s) => s.kind === "managementGroup").map((s) => s.depth));
    expect(mgDepth).toBe(o.managementGroupDepth ?? (o.subscriptions >= 12 ? 5 : 3));
    if (o.roleAssignments) expect(a.assignments.count).toBeGreaterThanOrEqual(o.roleAssignments);
    // Parents come before children (one pass over the scopes sees every parent first).
    for (const [i, s] of a.scopes.entries()) expect(s.parent).toBeLessThan(i);
    expect(a.scopes[0]!.name).toBe(a.tenantId);
    // Rows are grouped by scope and `start` delimits them.
    const t = a.assignments;
    for (let s = 0; s < a.scopes.length; s++)
      for (let i = t.start[s]!; i < t.start[s + 1]!; i++) expect(t.scope[i]).toBe(s);
    expect(t.start[a.scopes.length]).toBe(t.count);

    const seen = new Set<string>();
    for (const r of rows(a)) {
      const key = `${r.scope}|${r.role.guid}|${r.kind}|${r.principal}`;
      expect(seen.has(key), `duplicate assignment ${key}`).toBe(false);
      seen.add(key);
      if (r.role.assignableScopes) {
        const chain: number[] = [];
        for (let s = r.scope; s >= 0; s = a.scopes[s]!.parent) chain.push(s);
        expect(
          r.role.assignableScopes.some((s) => chain.includes(s)),
          `${r.role.roleName} not assignable at ${a.scopes[r.scope]!.id}`,
        ).toBe(true);
      }
    }
  });

  it.each(sizes)(
    "$name: the principals are the matching generated Entra tenant's (and deleted ones are not)",
    ({ o }) => {
      const tenantOptions = tenantOptionsFor(o.roleAssignments ?? o.subscriptions * 45);
      const e = generateEstate({ ...o, directory: generatedTenantDirectory(tenantOptions) });
      const tenant = generatedTenant(tenantOptions);
      const index = {
        user: (id: string) => tenant.userIndex(id),
        group: (id: string) => tenant.groupIndex(id),
        servicePrincipal: (id: string) => tenant.spIndex(id),
      };
      for (const r of rows(e)) {
        const id = e.directory.id(r.kind, r.principal);
        const base =
          r.kind === "deletedUser"
            ? "user"
            : r.kind === "deletedGroup"
              ? "group"
              : r.kind === "deletedSp"
                ? "servicePrincipal"
                : r.kind;
        const found = index[base](id);
        if (r.kind.startsWith("deleted")) expect(found, `${id} should be deleted`).toBe(-1);
        else expect(found, `${id} should exist`).toBe(r.principal);
        expect(e.directory.lookup(id)).toEqual({ kind: r.kind, index: r.principal });
      }
    },
  );

  it("gives every Azure finding a true example", () => {
    const e = generateEstate({ subscriptions: 120, seed: 4 });
    const all = rows(e);
    const atSub = all.filter((r) => e.scopes[r.scope]!.kind === "subscription");
    const ownersBySub = new Map<number, number>();
    for (const r of atSub) if (r.role.guid === owner) ownersBySub.set(r.scope, (ownersBySub.get(r.scope) ?? 0) + 1);
    const examples: [string, boolean][] = [
      ["Owner at the tenant root group", all.some((r) => r.scope === 0 && r.role.guid === owner)],
      [
        "User Access Administrator at a management group",
        all.some(
          (r) => e.scopes[r.scope]!.kind === "managementGroup" && r.role.roleName === "User Access Administrator",
        ),
      ],
      ["a subscription with more than three Owners", [...ownersBySub.values()].some((n) => n > 3)],
      [
        "a guest as Owner",
        atSub.some((r) => r.role.guid === owner && r.kind === "user" && e.directory.isGuest(r.principal)),
      ],
      ["a service principal as Owner", atSub.some((r) => r.role.guid === owner && r.kind === "servicePrincipal")],
      ["an assignment to a deleted principal", all.some((r) => r.kind.startsWith("deleted"))],
      [
        "a managed identity's assignment",
        all.some((r) => r.kind === "servicePrincipal" && e.directory.isManagedIdentity(r.principal)),
      ],
      [
        "a custom role with '*' actions, assigned",
        all.some((r) => r.role.roleType === "CustomRole" && r.role.permissions[0]!.actions.includes("*")),
      ],
      [
        "a custom role with data actions",
        e.roleDefinitions.some((d) => d.roleType === "CustomRole" && d.permissions[0]!.dataActions.length > 0),
      ],
      ["an ABAC condition", all.some((r) => r.flags & FLAG.condition)],
      ["a PIM activation", all.some((r) => r.flags & FLAG.activated)],
      ["a delegated managed identity", all.some((r) => r.flags & FLAG.delegatedManagedIdentity)],
      ["an eligible assignment that ends", [...e.eligibility.end].some((d) => d >= 0)],
      ["a permanently eligible assignment", [...e.eligibility.end].some((d) => d < 0)],
      ["a deny assignment from a deployment stack", e.denyAssignments.some((d) => d.name.includes("deployment stack"))],
      [
        "a deny assignment from a managed application",
        e.denyAssignments.some((d) => d.name.includes("managed application")),
      ],
      ["classic administrators", e.classicAdministrators.some((c) => c.role === "CoAdministrator")],
      ["a disabled subscription", e.subscriptions.some((s) => s.state === "Disabled")],
      ["a subscription under the tenant root group", e.subscriptions.some((s) => e.scopes[s.scope]!.parent === 0)],
      ["a subscription the reader cannot read", e.unreadableSubscriptions.length === 1],
    ];
    for (const [name, ok] of examples) expect(ok, name).toBe(true);
  });
});
