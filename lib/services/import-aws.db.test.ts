import fs from "node:fs";
import { corpusPath } from "../testing/corpus";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { listSnapshots } from "../db/snapshots";
import { getStats } from "./get-stats";
import { importAws } from "./import-aws";

const CORPUS = corpusPath("aws/gaad/cloudsplaining");
const TESTDATA = path.resolve(import.meta.dirname, "../providers/aws/testdata");

/** Every GAAD file of the corpus: JSON objects with at least one of the four lists. */
function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".json")) {
        const v = JSON.parse(fs.readFileSync(p, "utf8"));
        if (
          v &&
          !Array.isArray(v) &&
          ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"].some((k) => k in v)
        )
          out.push(p);
      }
    }
  };
  walk(CORPUS);
  return out.sort();
}

async function tableCounts(t: TestDb) {
  const [sources, snapshots, principals, sets, assignments, memberships] = await Promise.all([
    t.db.source.count(),
    t.db.snapshot.count(),
    t.db.principal.count(),
    t.db.permissionSet.count(),
    t.db.assignment.count(),
    t.db.membership.count(),
  ]);
  return { sources, snapshots, principals, sets, assignments, memberships };
}

describe("importAws", () => {
  let t: TestDb;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-import-aws-"));
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const files = corpusFiles();
  describe("corpus GAAD files", () => {
    it.each(files.map((f) => [path.relative(CORPUS, f), f]))(
      "%s: counts equal the list lengths",
      async (_name, file) => {
        const json = JSON.parse(fs.readFileSync(file, "utf8"));
        const len = (k: string) => (Array.isArray(json[k]) ? json[k].length : 0);
        const aws = (json.Policies ?? []).filter((p: { Arn: string }) =>
          p.Arn.startsWith("arn:aws:iam::aws:policy/"),
        ).length;
        const inline =
          (json.UserDetailList ?? []).reduce(
            (n: number, u: { UserPolicyList?: unknown[] }) => n + (u.UserPolicyList?.length ?? 0),
            0,
          ) +
          (json.GroupDetailList ?? []).reduce(
            (n: number, g: { GroupPolicyList?: unknown[] }) => n + (g.GroupPolicyList?.length ?? 0),
            0,
          ) +
          (json.RoleDetailList ?? []).reduce(
            (n: number, r: { RolePolicyList?: unknown[] }) => n + (r.RolePolicyList?.length ?? 0),
            0,
          );
        // Files of the same account go into that account's source (one account, one source): its latest snapshot.
        const res = await importAws(t.db, { gaadFile: file });
        expect(res.error?.message ?? null).toBeNull();
        const stats = (await getStats(t.db)).sources.find((s) => s.name === res.sourceName)!;
        expect(stats.counts).toMatchObject({
          users: len("UserDetailList"),
          groups: len("GroupDetailList"),
          roles: len("RoleDetailList"),
          policies: len("Policies"),
          awsManagedPolicies: aws,
          customerManagedPolicies: len("Policies") - aws,
          inlinePolicies: inline,
        });
      },
    );

    it("example.json matches the manifest: 44 users, 5 groups, 78 roles, 84 policies (38 AWS, 46 customer)", async () => {
      const res = await importAws(t.db, { gaadFile: path.join(CORPUS, "example.json") });
      const s = (await getStats(t.db)).sources.find((x) => x.name === res.sourceName)!;
      expect(s.counts).toMatchObject({
        users: 44,
        groups: 5,
        roles: 78,
        policies: 84,
        awsManagedPolicies: 38,
        customerManagedPolicies: 46,
      });
    });
  });

  it("importing again into an existing source adds a new snapshot; the name defaults to the account", async () => {
    const a = await importAws(t.db, {
      gaadFile: path.join(TESTDATA, "gaad-cli.json"),
      credentialReportFile: path.join(TESTDATA, "credential-report.csv"),
    });
    const b = await importAws(t.db, { gaadFile: path.join(TESTDATA, "gaad-raw.json") });
    expect(a.sourceName).toBe("aws-111122223333");
    expect(b.sourceId).toBe(a.sourceId);
    expect(b.snapshotId).not.toBe(a.snapshotId);
    expect((await listSnapshots(t.db, a.sourceId)).map((s) => s.status)).toEqual(["complete", "complete"]);
    const stats = (await getStats(t.db)).sources.find((s) => s.name === "aws-111122223333")!;
    expect(stats.snapshot?.id).toBe(b.snapshotId);
    expect(stats.counts).toMatchObject({
      users: 2,
      groups: 2,
      roles: 4,
      policies: 3,
      inlinePolicies: 3,
      memberships: 3,
    });
    const alice = await t.db.principal.findFirst({ where: { snapshotId: a.snapshotId, name: "alice" } });
    expect(alice?.mfaRegistered).toBe(true);
    const aliceB = await t.db.principal.findFirst({ where: { snapshotId: b.snapshotId, name: "alice" } });
    expect(aliceB?.mfaRegistered).toBeNull();
  });

  it("an account another source holds is refused, naming that source; so is another account into a source", async () => {
    const before = await tableCounts(t);
    // aws-111122223333 holds account 111122223333 (the test above).
    await expect(
      importAws(t.db, { gaadFile: path.join(TESTDATA, "gaad-cli.json"), sourceName: "copy-of-111122223333" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('AWS account 111122223333 is already held by source "aws-111122223333"'),
    });
    const other = path.join(tmp, "gaad-999988887777.json");
    fs.writeFileSync(
      other,
      fs.readFileSync(path.join(TESTDATA, "gaad-cli.json"), "utf8").replaceAll("111122223333", "999988887777"),
    );
    await expect(importAws(t.db, { gaadFile: other, sourceName: "aws-111122223333" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(
        'Source "aws-111122223333" holds AWS account 111122223333; these files are AWS account 999988887777',
      ),
    });
    expect(await tableCounts(t)).toEqual(before);
  });

  describe("bad files: one clear error each, database unchanged", () => {
    const gaad = fs.readFileSync(path.join(TESTDATA, "gaad-cli.json"), "utf8");
    const cases: [string, () => string, RegExp, string][] = [
      ["truncated", () => write("truncated.json", gaad.slice(0, gaad.length / 2)), /truncated/, "BAD_INPUT"],
      [
        "wrong kind (Graph)",
        () => write("graph.json", '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[]}'),
        /Microsoft Graph/,
        "BAD_INPUT",
      ],
      ["not JSON", () => write("notjson.json", "PK\u0003\u0004 this is a zip"), /neither JSON/, "BAD_INPUT"],
      ["empty", () => write("empty.json", ""), /empty/, "BAD_INPUT"],
      ["200 MB", () => huge("huge.json", 200 * 1024 * 1024), /is 20[01] MB; the import limit is 128 MB/, "TOO_LARGE"],
    ];
    function write(name: string, text: string): string {
      const f = path.join(tmp, name);
      fs.writeFileSync(f, text);
      return f;
    }
    /** A real 200 MB GAAD-looking file, written in chunks (never held in memory). */
    function huge(name: string, bytes: number): string {
      const f = path.join(tmp, name);
      const fd = fs.openSync(f, "w");
      const user = JSON.stringify({
        Path: "/",
        UserName: "u",
        UserId: "AIDAXXXXXXXXXXXXXXXXX",
        Arn: "arn:aws:iam::111122223333:user/u",
        GroupList: [],
      });
      const chunk = Buffer.from(`${user},`.repeat(Math.floor((1 << 20) / (user.length + 1))));
      fs.writeSync(fd, '{"UserDetailList":[');
      let written = 0;
      while (written < bytes) written += fs.writeSync(fd, chunk);
      fs.writeSync(fd, `${user}]}`);
      fs.closeSync(fd);
      return f;
    }
    it.each(cases)("%s", async (_name, make, message, code) => {
      const file = make();
      const before = await tableCounts(t);
      const rss = process.memoryUsage().rss;
      await expect(importAws(t.db, { gaadFile: file })).rejects.toMatchObject({
        code,
        message: expect.stringMatching(message),
      });
      expect(await tableCounts(t)).toEqual(before);
      expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
      fs.rmSync(file);
    });
  });
});
