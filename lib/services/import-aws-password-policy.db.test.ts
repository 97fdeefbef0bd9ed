import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSnapshotModel } from "../db/load-snapshot";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { importAws } from "./import-aws";

const TESTDATA = path.resolve(import.meta.dirname, "../providers/aws/testdata");

describe("import aws --password-policy reaches the analysis model", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  it("with the file: the policy is on the SourceModel; without: absent (not collected), never a default", async () => {
    const withPolicy = await importAws(t.db, {
      gaadFile: path.join(TESTDATA, "gaad-cli.json"),
      passwordPolicyFile: path.join(TESTDATA, "password-policy.json"),
      sourceName: "acct",
    });
    expect(withPolicy.error).toBeFalsy();
    const m1 = await loadSnapshotModel(t.db, withPolicy.snapshotId);
    expect(m1.datasets.passwordPolicy).toMatchObject({ collected: true });
    expect(m1.passwordPolicy).toMatchObject({ minimumPasswordLength: 8, passwordReusePrevention: null });

    const without = await importAws(t.db, {
      gaadFile: path.join(TESTDATA, "gaad-raw.json"),
      sourceName: "acct",
    });
    expect(without.error).toBeFalsy();
    const m2 = await loadSnapshotModel(t.db, without.snapshotId);
    expect(m2.datasets.passwordPolicy).toMatchObject({ collected: false, permission: "iam:GetAccountPasswordPolicy" });
    expect("passwordPolicy" in m2).toBe(false);
  });
});
