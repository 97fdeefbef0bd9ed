import { describe, expect, it } from "vitest";
import { generateOrganization, organizationSummary } from "./generate";

const sizes = [
  { name: "one account", o: { accounts: 1, seed: 1 } },
  { name: "a few accounts", o: { accounts: 4, seed: 2 } },
  {
    name: "a mid-size organisation",
    o: { accounts: 40, users: 900, groups: 120, permissionSets: 60, assignments: 1800, seed: 3 },
  },
];

describe("generateOrganization", () => {
  it.each(sizes)("$name: deterministic, sized as asked, every reference resolves", ({ o }) => {
    const a = generateOrganization(o);
    const b = generateOrganization(o);
    const { iam: _a, entra: _ea, ...restA } = a;
    const { iam: _b, entra: _eb, ...restB } = b;
    expect(JSON.stringify(restA)).toBe(JSON.stringify(restB));
    const s = organizationSummary(a);
    expect(s.accounts).toBe(o.accounts);
    if ("users" in o)
      expect([s.users, s.groups, s.permissionSets, s.assignments]).toEqual([
        o.users,
        o.groups,
        o.permissionSets,
        o.assignments,
      ]);

    const ids = new Set([a.root.Id, ...a.ous.map((x) => x.Id)]);
    for (const u of a.ous) expect(ids.has(u.parentId), u.Name).toBe(true);
    for (const acct of a.accounts) expect(ids.has(acct.parentId), acct.Name).toBe(true);
    expect(new Set(a.accounts.map((x) => x.Id)).size).toBe(a.accounts.length);
    const targets = new Set([...ids, ...a.accounts.map((x) => x.Id)]);
    for (const p of a.policies) for (const t of p.targets) expect(targets.has(t), p.Name).toBe(true);
    // FullAWSAccess is attached to the root and to every account, as AWS does.
    const full = a.policies.find((p) => p.Id === "p-FullAWSAccess")!;
    expect(full.targets).toContain(a.root.Id);
    for (const acct of a.accounts) expect(full.targets).toContain(acct.Id);

    const ic = a.identityCenters[0]!;
    const users = new Set(ic.users.map((u) => u.UserId));
    const groups = new Set(ic.groups.map((g) => g.GroupId));
    const sets = new Set(ic.permissionSets.map((p) => p.PermissionSetArn));
    const accounts = new Set(a.accounts.map((x) => x.Id));
    expect(users.size).toBe(ic.users.length);
    for (const m of ic.memberships) expect(users.has(m.UserId) && groups.has(m.GroupId)).toBe(true);
    const keys = new Set<string>();
    for (const x of ic.assignments) {
      expect(sets.has(x.PermissionSetArn) && accounts.has(x.AccountId)).toBe(true);
      expect((x.PrincipalType === "USER" ? users : groups).has(x.PrincipalId)).toBe(true);
      keys.add(`${x.AccountId}|${x.PermissionSetArn}|${x.PrincipalId}`);
    }
    expect(keys.size).toBe(ic.assignments.length);
    // Assigned ⇒ provisioned (AWS provisions on assignment).
    const provisioned = new Set(ic.provisioning.map((p) => `${p.PermissionSetArn}|${p.AccountId}`));
    for (const x of ic.assignments) expect(provisioned.has(`${x.PermissionSetArn}|${x.AccountId}`)).toBe(true);
    for (const ps of ic.permissionSets) expect(ps.Name).toMatch(/^[\w+=,.@-]{1,32}$/);
    // SCIM users and groups point at Entra objects; hand-made ones at none.
    ic.users.forEach((u, i) => {
      const link = a.links.users[i];
      if (link === null) expect(u.ExternalIds).toBeUndefined();
      else expect(u.ExternalIds).toEqual([{ Issuer: expect.any(String), Id: a.entra.user(link!).id }]);
    });
  });

  it("the Entra directory is a function of the seed: the same seed gives the same object ids", () => {
    const a = generateOrganization({ accounts: 3, seed: 8 });
    const b = generateOrganization({ accounts: 3, seed: 8 });
    const c = generateOrganization({ accounts: 3, seed: 9 });
    expect(a.entra.user(5)).toEqual(b.entra.user(5));
    expect(a.entra.user(5).id).not.toBe(c.entra.user(5).id);
    expect(a.identityCenters[0]!.users[0]!.ExternalIds![0]!.Id).toBe(a.entra.user(0).id);
  });

  it("some permission sets are changed but not re-provisioned, some stay provisioned without an assignment", () => {
    const o = generateOrganization({
      accounts: 60,
      users: 500,
      groups: 80,
      permissionSets: 120,
      assignments: 3000,
      seed: 11,
    });
    const ic = o.identityCenters[0]!;
    expect(ic.provisioning.some((p) => p.outdated)).toBe(true);
    const assigned = new Set(ic.assignments.map((x) => `${x.PermissionSetArn}|${x.AccountId}`));
    expect(ic.provisioning.some((p) => !assigned.has(`${p.PermissionSetArn}|${p.AccountId}`))).toBe(true);
    expect(ic.permissionSets.some((p) => p.boundary?.ManagedPolicyArn)).toBe(true);
    expect(ic.permissionSets.some((p) => p.boundary?.CustomerManagedPolicyReference)).toBe(true);
    expect(ic.assignments.some((x) => x.PrincipalType === "USER")).toBe(true);
  });

  it("member IAM: locked accounts lack the member role; SAML accounts federate to the Entra tenant", () => {
    const o = generateOrganization({ accounts: 12, seed: 5, lockedAccounts: 2, samlAccounts: 3 });
    expect(o.lockedAccountIds).toHaveLength(2);
    for (const id of o.lockedAccountIds)
      expect(o.iam(id)!.gaad.RoleDetailList.map((r) => r.RoleName)).not.toContain("CrosswalkReadOnly");
    expect(o.samlApps).toHaveLength(3);
    for (const app of o.samlApps) {
      const iam = o.iam(app.accountId)!;
      expect(iam.samlProviders!.map((p) => p.Arn)).toContain(app.providerArn);
      for (const arn of app.roleArns) expect(iam.gaad.RoleDetailList.map((r) => r.Arn)).toContain(arn);
    }
    const suspended = o.accounts.find((x) => x.State === "SUSPENDED");
    if (suspended) expect(o.iam(suspended.Id)).toBeNull();
  });
});
