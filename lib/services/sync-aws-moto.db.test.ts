import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { motoAvailable, type RunningMoto, startMoto } from "../testing/moto";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { latestCompleteSnapshot } from "../db/snapshots";
import { syncAws } from "./sync-aws";

// moto (an IAM emulator written by others) is a second, independent implementation of IAM: the connector must
// agree with it as it agrees with our fake. moto never paginates GAAD and URL-encodes documents as IAM does.
// The machines this project runs on have moto_server and boto3 on PATH (as the organisation moto tests expect): a
// missing one fails here with what to install, never a silent skip.
const hasMoto = motoAvailable() && spawnSync("python3", ["-c", "import boto3"]).status === 0;

describe("syncAws against moto_server", () => {
  let t: TestDb;
  let moto: RunningMoto;
  let url = "";
  let expected: { users: number; groups: number; roles: number; customerPolicies: number; awsPolicies: number };

  beforeAll(async () => {
    if (!hasMoto) throw new Error("moto_server and python3's boto3 are needed: pip install 'moto[server]' boto3");
    t = await freshTestDb();
    moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: "true" });
    url = moto.url;
    const seed = spawnSync("python3", [path.join(import.meta.dirname, "testdata", "seed-moto.py"), url], {
      encoding: "utf8",
    });
    if (seed.status !== 0) throw new Error(`seeding moto failed: ${seed.stderr}`);
    expected = JSON.parse(seed.stdout.trim().split("\n").pop()!);
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    await t?.close();
  });

  it("stores what moto lists, with documents decoded and the credential report merged", async () => {
    const res = await syncAws(t.db, {
      connection: { endpoint: url, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } },
      read: { credentialReportPollMs: 100 },
    });
    expect(res.error?.message ?? null).toBeNull();
    expect(res.sourceName).toBe("moto-example");
    const snap = (await latestCompleteSnapshot(t.db, res.sourceId))!;
    expect(expected.awsPolicies).toBeGreaterThan(100);
    expect(snap.counts).toMatchObject({
      users: expected.users,
      groups: expected.groups,
      roles: expected.roles,
      customerManagedPolicies: expected.customerPolicies,
      awsManagedPolicies: expected.awsPolicies,
      inlinePolicies: 3,
      memberships: 3,
    });
    expect(snap.datasets.credentialReport).toMatchObject({ collected: true });

    const p = (name: string) => t.db.principal.findFirstOrThrow({ where: { snapshotId: res.snapshotId, name } });
    const alice = await p("alice");
    expect(alice.tags).toEqual({ email: "alice@example.com" });
    expect((alice.attributes as { consolePassword: boolean }).consolePassword).toBe(true);
    const ci = await p("ci-bot");
    expect((ci.attributes as { credentials: { type: string; active: boolean }[] }).credentials).toEqual([
      expect.objectContaining({ type: "accessKey", active: true }),
    ]);
    const partner = await p("partner-audit");
    expect((partner.attributes as { trust: unknown[] }).trust).toEqual([
      {
        type: "account",
        value: "444455556666",
        external: true,
        conditions: { StringEquals: { "sts:ExternalId": ["x-1"] } },
      },
    ]);
    expect((await p("open-role")).attributes).toMatchObject({
      trust: [{ type: "wildcard", value: "*", external: true }],
    });
    expect((await p("web-ec2")).attributes).toMatchObject({ instanceProfiles: ["web-ec2"] });

    const deploy = await t.db.permissionSet.findFirstOrThrow({ where: { snapshotId: res.snapshotId, name: "Deploy" } });
    expect(deploy.statements).toEqual([
      {
        effect: "Allow",
        actions: ["ecs:UpdateService", "ecr:PutImage"],
        notActions: [],
        resources: ["*"],
        notResources: [],
        conditions: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } },
      },
    ]);
    // NOTE: moto 5.2 lists a role's PermissionsBoundary in GAAD but not a user's (alice has one): expect the role's.
    const openRole = await p("open-role");
    const b = await t.db.assignment.findMany({ where: { snapshotId: res.snapshotId, kind: "boundary" } });
    expect(b.map((x) => x.principalProviderId)).toContain(openRole.providerId);
  });
});
