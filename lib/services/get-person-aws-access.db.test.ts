import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ACCOUNTS, seedAdaPerson, seedOrgPaths } from "../testing/seed-org-paths";
import { getPersonAwsAccess } from "./get-person-aws-access";

describe("getPersonAwsAccess (the person page's AWS accounts)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("says nothing was traced before any organisation or SAML path is stored (not 'no account')", async () => {
    await t.db.source.create({ data: { kind: "entra", name: "Contoso tenant", settings: {} } });
    const id = await seedAdaPerson(t.db);
    expect(await getPersonAwsAccess(t.db, id)).toEqual({ traced: false, entraIdentities: 1, accounts: [] });
    await t.db.person.deleteMany({});
  });

  it("lists every account a person with no IAM user reaches through an Entra group, with tier, path and MFA", async () => {
    await seedOrgPaths(t.db);
    const id = await seedAdaPerson(t.db);
    const d = await getPersonAwsAccess(t.db, id);
    expect(d.traced).toBe(true);
    expect(
      d.accounts.map((a) => ({
        account: `${a.accountName} ${a.accountId}`,
        tier: a.tier,
        notEnforced: a.notEnforced,
        paths: a.paths.map((r) => `${r.hops.map((h) => h.name).join(" → ")} | ${r.tier} | ${r.mfa}`),
        person: a.paths.map((r) => r.person?.displayName),
      })),
    ).toEqual([
      {
        account: `prod-app ${ACCOUNTS.prod}`,
        tier: "admin",
        notEnforced: 1,
        paths: [
          "ada@contoso.example → AWS-Admins → AWS IAM Identity Center → ada@contoso.example → AWS-Admins → AdministratorAccess → prod-app → AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b | admin | notEnforced",
        ],
        person: ["Ada Lovelace"],
      },
      {
        account: `sandbox ${ACCOUNTS.sandbox}`,
        tier: "admin",
        notEnforced: 1,
        paths: [
          "ada@contoso.example → AWS-Admins → AWS IAM Identity Center → ada@contoso.example → AWS-Admins → AdministratorAccess → sandbox | admin | notEnforced",
        ],
        person: ["Ada Lovelace"],
      },
    ]);
    // The role hop links to the member account's role (prod's IAM was read); every other hop links somewhere too.
    const prod = d.accounts[0]!.paths[0]!;
    expect(prod.hops.filter((h) => h.href === null).map((h) => h.kind)).toEqual([]);
  });
});
