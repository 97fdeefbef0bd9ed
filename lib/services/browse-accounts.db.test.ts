import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ACCOUNTS, seedOrgPaths } from "../testing/seed-org-paths";
import { type AccountSummary, listAccounts } from "./browse-accounts";

describe("listAccounts (the Accounts page)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
    await seedOrgPaths(t.db);
  });
  afterAll(async () => t.close());

  it("shows the organisation tree root → OUs → accounts in order, with the accounts under each node", async () => {
    const { organisations } = await listAccounts(t.db);
    expect(organisations.map((o) => o.org.sourceName)).toEqual(["Contoso organisation"]);
    const rows = organisations[0]!.rows.map((r) =>
      r.type === "node"
        ? `${"  ".repeat(r.depth)}${r.name} (${r.accounts})`
        : `${"  ".repeat(r.depth)}#${r.account.name}`,
    );
    expect(rows).toEqual([
      "Root (3)",
      "  Workloads (2)",
      "    Prod (1)",
      "      #prod-app",
      "    #sandbox",
      "  #management",
    ]);
  });

  it("per account: people per tier over usable paths, MFA on the paths, SCPs in force by level, IAM read or why not", async () => {
    const { organisations, outside } = await listAccounts(t.db);
    const byId = new Map<string, AccountSummary>();
    for (const r of organisations[0]!.rows) if (r.type === "account") byId.set(r.account.accountId, r.account);
    for (const a of outside) byId.set(a.accountId, a);
    const row = (id: string) => {
      const a = byId.get(id);
      if (!a) throw new Error(`account ${id} missing`);
      return {
        people: a.access && Object.entries(a.access.peopleByTier).filter(([, n]) => n > 0),
        unusable: a.access?.unusable ?? null,
        mfa: a.access?.mfa ?? null,
        privilegedWithoutMfa: a.access?.privilegedWithoutMfa ?? null,
        scps: a.management
          ? "management"
          : (a.scps?.map((l) => `${l.level}: ${l.policies.map((p) => p.name).join(", ")}`) ?? null),
        iam: a.iam.collected ? "read" : a.iam.reason,
      };
    };
    const table: [string, ReturnType<typeof row>][] = [
      [
        ACCOUNTS.prod,
        {
          // Ada (admin through AWS-Admins) and Bob (read); Cy's path is configured but Cy is not assigned to the app.
          people: [
            ["admin", 1],
            ["read", 1],
          ],
          unusable: 1,
          mfa: { enforced: 1, notEnforced: 1, unknown: 0 },
          privilegedWithoutMfa: 1,
          scps: ["Root: FullAWSAccess", "Workloads: DenyLeaveOrganization", "account: DenyOutsideEU"],
          iam: "read",
        },
      ],
      [
        ACCOUNTS.sandbox,
        {
          people: [["admin", 1]],
          unusable: 0,
          mfa: { enforced: 0, notEnforced: 1, unknown: 0 },
          privilegedWithoutMfa: 1,
          scps: ["Root: FullAWSAccess", "Workloads: DenyLeaveOrganization"],
          iam: `AccessDenied: not authorized to perform sts:AssumeRole on arn:aws:iam::${ACCOUNTS.sandbox}:role/CrosswalkReadOnly`,
        },
      ],
      [
        ACCOUNTS.management,
        {
          people: null,
          unusable: null,
          mfa: null,
          privilegedWithoutMfa: null,
          scps: "management",
          iam: "its IAM was not read (no member-account snapshot of this account)",
        },
      ],
      [
        ACCOUNTS.legacy,
        {
          people: [["write", 1]],
          unusable: 0,
          // Conditional access did not decide: unknown, never counted as "without MFA".
          mfa: { enforced: 0, notEnforced: 0, unknown: 1 },
          privilegedWithoutMfa: 0,
          scps: null,
          iam: "read",
        },
      ],
    ];
    for (const [id, want] of table) expect({ id, ...row(id) }).toEqual({ id, ...want });
    expect(outside.map((a) => a.name)).toEqual(["legacy"]);
  });
});
