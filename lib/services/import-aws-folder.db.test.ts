import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listHierarchyNodes } from "../db/hierarchy";
import { latestCompleteSnapshot, listSnapshots } from "../db/snapshots";
import { childSources } from "../db/sources";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { importAwsFolder } from "./import-aws-folder";

// lib/providers/aws-org/testdata/org-export: the aws CLI's own output for a 3-account organisation (README there).
const EXPORT = path.join(import.meta.dirname, "../providers/aws-org/testdata/org-export");
const AWS_TD = path.join(import.meta.dirname, "../providers/aws/testdata");
const json = (rel: string) => JSON.parse(fs.readFileSync(path.join(EXPORT, rel), "utf8"));

describe("import aws <folder>", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("an organisation export: tree, SCPs/RCPs, Identity Center and the member accounts, the unread ones not collected", async () => {
    const r = await importAwsFolder(t.db, { path: EXPORT });
    if (r.kind !== "organization") throw new Error(`imported as ${r.kind}`);
    expect(r.error?.message ?? null).toBeNull();
    const snap = await latestCompleteSnapshot(t.db, r.sourceId);
    const accounts = fs.readdirSync(path.join(EXPORT, "accounts")).flatMap((f) => json(`accounts/${f}`).Accounts);
    const groups = json("sso/groups.json").Groups;
    const assignments = fs
      .readdirSync(path.join(EXPORT, "sso/assignments"))
      .flatMap((f) => json(`sso/assignments/${f}`).AccountAssignments);
    const policies = fs.readdirSync(path.join(EXPORT, "policies")).filter((f) => f.endsWith(".json"));
    const memberships = fs
      .readdirSync(path.join(EXPORT, "sso/memberships"))
      .flatMap((f) => json(`sso/memberships/${f}`).GroupMemberships);
    expect(snap?.counts).toMatchObject({
      accounts: accounts.length,
      users: json("sso/users.json").Users.length,
      groups: groups.length,
      memberships: memberships.length,
      permissionSets: fs.readdirSync(path.join(EXPORT, "sso/permission-sets")).filter((f) => f.endsWith(".json"))
        .length,
      accountAssignments: assignments.length,
    });
    expect((snap?.counts.serviceControlPolicies ?? 0) + (snap?.counts.resourceControlPolicies ?? 0)).toBe(
      policies.length,
    );
    for (const [name, d] of Object.entries(snap?.datasets ?? {}))
      expect({ name, collected: d.collected }).toEqual({ name, collected: true });
    // Every account sits under the parent its list-accounts-for-parent file names.
    const nodes = await listHierarchyNodes(t.db, r.snapshotId);
    for (const f of fs.readdirSync(path.join(EXPORT, "accounts")))
      for (const a of json(`accounts/${f}`).Accounts)
        expect({ account: a.Id, parent: nodes.find((n) => n.providerId === a.Id)?.parentProviderId }).toEqual({
          account: a.Id,
          parent: f.replace(/\.json$/, ""),
        });

    const byId = new Map(r.members.map((m) => [m.accountId, m]));
    expect(byId.get("676897168127")).toMatchObject({ status: "complete", reason: null });
    expect(byId.get("907495060865")).toMatchObject({ status: "notCollected" });
    expect(byId.get("907495060865")?.reason).toMatch(/^AccessDenied on sts:AssumeRole/);
    expect(byId.get("932025096673")).toMatchObject({ status: "notCollected", reason: "no IAM export in the folder" });
    const children = await childSources(t.db, r.sourceId);
    const member = children.find((c) => c.externalId === "676897168127")!;
    expect((await latestCompleteSnapshot(t.db, member.id))?.counts.roles).toBeGreaterThan(0);
    expect(nodes.find((n) => n.providerId === "907495060865")?.attributes).toMatchObject({ readable: false });
  });

  it("a broken organisation file is refused with its name and nothing is stored", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-org-bad-"));
    fs.cpSync(EXPORT, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "sso/users.json"), '{"Users": [ {"UserId": ');
    const before = await t.db.snapshot.count();
    await expect(importAwsFolder(t.db, { path: dir })).rejects.toThrow(/sso\/users\.json: not valid JSON/);
    fs.rmSync(path.join(dir, "sso/users.json"));
    fs.cpSync(path.join(EXPORT, "sso/users.json"), path.join(dir, "sso/users.json"));
    // A per-set file whose path names no permission set cannot be placed.
    fs.renameSync(
      path.join(
        dir,
        "sso/permission-sets",
        fs.readdirSync(path.join(dir, "sso/permission-sets")).find((f) => !f.endsWith(".json"))!,
        "inline-policy.json",
      ),
      path.join(dir, "sso/inline-policy.json"),
    );
    await expect(importAwsFolder(t.db, { path: dir })).rejects.toThrow(
      /sso\/inline-policy\.json: its path must name the permission set id/,
    );
    expect(await t.db.snapshot.count()).toBe(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a plain account folder (one GAAD and its credential report) still imports as one account", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-acct-"));
    fs.copyFileSync(path.join(AWS_TD, "gaad-cli.json"), path.join(dir, "gaad.json"));
    fs.copyFileSync(path.join(AWS_TD, "credential-report.csv"), path.join(dir, "report.csv"));
    const r = await importAwsFolder(t.db, { path: dir });
    expect(r.kind).toBe("account");
    expect(r.status).toBe("complete");
    const runs = await listSnapshots(t.db, r.sourceId);
    expect(runs[0]?.datasets.credentialReport?.collected).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
