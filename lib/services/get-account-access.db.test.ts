import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ACCOUNTS, ENTRA, type SeededOrg, seedOrgPaths } from "../testing/seed-org-paths";
import { type AccountAccessQuery, getAccountAccess } from "./get-account-access";

describe("getAccountAccess (the account page)", () => {
  let t: TestDb;
  let seeded: SeededOrg;
  beforeAll(async () => {
    t = await freshTestDb();
    seeded = await seedOrgPaths(t.db);
  });
  afterAll(async () => t.close());

  it("is NOT_FOUND for an account nothing knows and for a malformed id", async () => {
    for (const id of ["999999999999", "abc", "22222222222"]) {
      const e = await getAccountAccess(t.db, id).catch((x: unknown) => x);
      expect(isAppError(e) && e.code, id).toBe("NOT_FOUND");
    }
  });

  it("filters: each row is the Entra user and grant of one path, and the counts are those of the rows", async () => {
    const admins = `group:${ENTRA.admins}`;
    const psRead = seeded.paths
      .find((p) => p.grant === "ReadOnlyAccess")!
      .hops.find((h) => h.kind === "permissionSet")!;
    const table: [string, AccountAccessQuery, string[], number][] = [
      [
        "usable paths by default",
        {},
        ["ada@contoso.example AdministratorAccess", "bob@contoso.example ReadOnlyAccess"],
        2,
      ],
      ["highest tier admin", { tier: "admin" }, ["ada@contoso.example AdministratorAccess"], 1],
      ["highest tier read", { tier: "read" }, ["bob@contoso.example ReadOnlyAccess"], 1],
      [
        "MFA not enforced (the Accounts page's '1 without MFA')",
        { mfa: "notEnforced" },
        ["ada@contoso.example AdministratorAccess"],
        1,
      ],
      ["MFA unknown: none here", { mfa: "unknown" }, [], 0],
      ["through the AWS-Admins group", { group: admins }, ["ada@contoso.example AdministratorAccess"], 1],
      ["assigned directly", { group: "direct" }, ["bob@contoso.example ReadOnlyAccess"], 1],
      ["one permission set", { grant: `ps:${psRead.id}` }, ["bob@contoso.example ReadOnlyAccess"], 1],
      ["configured but not usable", { show: "unusable" }, ["cy@contoso.example AdministratorAccess"], 1],
      [
        "all paths",
        { show: "all", group: admins },
        ["ada@contoso.example AdministratorAccess", "cy@contoso.example AdministratorAccess"],
        2,
      ],
    ];
    for (const [name, q, want, people] of table) {
      const d = await getAccountAccess(t.db, ACCOUNTS.prod, q);
      const got = d.rows.map((r) => `${r.entraUser} ${r.hops.find((h) => h.kind === "permissionSet")?.name}`);
      expect({ name, got, paths: d.matched.paths, people: d.matched.people }).toEqual({
        name,
        got,
        paths: want.length,
        people,
      });
      expect({ name, got }).toEqual({ name, got: want });
    }
  });

  it("links each hop to the page that shows it; unusable paths say why", async () => {
    const d = await getAccountAccess(t.db, ACCOUNTS.prod, { show: "all", tier: "admin" });
    const ada = d.rows.find((r) => r.entraUser === "ada@contoso.example")!;
    const id = async (snapshotId: string, providerId: string) =>
      (await t.db.principal.findFirstOrThrow({ where: { snapshotId, providerId } })).id;
    const set = await t.db.permissionSet.findFirstOrThrow({
      where: { snapshotId: seeded.orgSnapshot, name: "AdministratorAccess" },
    });
    const role = await t.db.principal.findFirstOrThrow({ where: { providerId: "AROAPRODADMIN" } });
    expect(ada.hops.map((h) => [h.kind, h.href])).toEqual([
      ["entraUser", `/principals/${await id(seeded.entraSnapshot, ENTRA.ada)}`],
      ["entraGroup", `/principals/${await id(seeded.entraSnapshot, ENTRA.admins)}`],
      [
        "enterpriseApp",
        `/principals/${(await t.db.principal.findFirstOrThrow({ where: { name: "AWS IAM Identity Center" } })).id}`,
      ],
      ["identityCenterUser", `/principals/${await id(seeded.orgSnapshot, "93677a12-idc-ada")}`],
      ["identityCenterGroup", `/principals/${await id(seeded.orgSnapshot, "93677a12-idc-admins")}`],
      ["permissionSet", `/policies/${set.id}`],
      ["awsAccount", `/accounts/${ACCOUNTS.prod}`],
      ["iamRole", `/principals/${role.id}`],
    ]);
    expect(ada.usable).toBe(true);
    const cy = d.rows.find((r) => r.entraUser === "cy@contoso.example")!;
    expect(cy.usable).toBe(false);
    expect(cy.problems).toEqual(["not assigned to the app, which requires assignment"]);
  });

  it("draws Entra groups → permission sets → the account with the people on each edge and MFA on it", async () => {
    const d = await getAccountAccess(t.db, ACCOUNTS.prod);
    expect(d.graph.sources.map((s) => [s.label, s.people])).toEqual([
      ["Assigned to the user directly", 1],
      ["AWS-Admins", 1],
    ]);
    expect(d.graph.grants.map((g) => [g.label, g.tier, g.people])).toEqual([
      ["AdministratorAccess", "admin", 1],
      ["ReadOnlyAccess", "read", 1],
    ]);
    expect(d.graph.edges.map((e) => [e.from.split(":")[0], e.people, e.notEnforced, e.unknownMfa])).toEqual([
      ["group", 1, true, false],
      ["direct", 1, false, false],
    ]);
  });

  it("shows an account outside any organisation (SAML) with its IAM read and no OU path", async () => {
    const d = await getAccountAccess(t.db, ACCOUNTS.legacy);
    expect(d.org).toBeNull();
    expect(d.ouPath).toEqual([]);
    expect(d.account).toMatchObject({ name: "legacy", scps: null, iam: { collected: true } });
    expect(d.rows.map((r) => [r.via, r.hops.find((h) => h.kind === "samlProvider")?.href, r.mfa])).toEqual([
      ["saml", null, "unknown"],
    ]);
    const sandbox = await getAccountAccess(t.db, ACCOUNTS.sandbox);
    expect(sandbox.ouPath.map((n) => n.name)).toEqual(["Root", "Workloads"]);
    expect(sandbox.account.iam.collected).toBe(false);
  });
});
