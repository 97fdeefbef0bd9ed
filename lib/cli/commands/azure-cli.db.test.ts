import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setProcessDb } from "../../db/client";
import { freshTestDb, type TestDb } from "../../testing/test-db";
import { run as importAzure } from "./import-azure";
import { run as stats } from "./stats";
import { run as syncAzure } from "./sync-azure";

const CONTOSO = path.resolve(import.meta.dirname, "../../providers/azure/testdata/contoso");

describe("crosswalk import azure / stats / sync azure", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
    setProcessDb(t.db);
  });
  afterAll(async () => t.close());
  const cli = async (fn: typeof stats, args: string[]) => {
    const out: string[] = [];
    const code = await fn({ args, dbUrl: t.url, out: (l) => out.push(l) });
    return { code, out: out.join("\n") };
  };

  it("imports az output and prints each dataset's count; stats --json shows the Azure counts", async () => {
    const r = await cli(importAzure, [path.join(CONTOSO, "az-role-assignment-list.json"), "--source", "contoso"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^Imported 1 file\(s\) into "contoso" \(snapshot \w+\): 13 role assignments, 1 classic administrators$/m,
    );
    expect(r.out).toMatch(
      /^Not collected: roleDefinitions — not in the imported files \(grant Microsoft\.Authorization\/roleDefinitions\/read\)$/m,
    );
    const s = JSON.parse((await cli(stats, ["--json"])).out) as {
      sources: { name: string; kind: string; counts: Record<string, number | null> }[];
    };
    const src = s.sources.find((x) => x.name === "contoso")!;
    expect(src.kind).toBe("azure");
    expect(src.counts).toMatchObject({ roleAssignments: 13, classicAdministrators: 1, roleDefinitions: null });
  });

  it("refuses a secret on the command line before reading or storing anything", async () => {
    const sources = await t.db.source.count();
    const err = await cli(syncAzure, [
      "--tenant-id",
      "aaaabbbb-0000-cccc-1111-dddd2222eeee",
      "--client-id",
      "x",
      "--client-secret",
      "s3cret",
    ]).catch((e) => e);
    expect(err).toMatchObject({ code: "BAD_INPUT", message: expect.stringMatching(/--client-secret-env/) });
    expect(await t.db.source.count()).toBe(sources);
  });
});
