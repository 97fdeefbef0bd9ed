import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setProcessDb } from "../db/client";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ZTranslationReportSchema, validateDocument, type TranslationReport } from "../translate";
import { run } from "../cli/commands/translate";
import { loadSample } from "./load-sample";
import { loadTranslationContext, translateLoaded, translatePaths, translatePasted, translateStored } from "./translate";

const INPUTS = path.resolve("lib/translate/testdata/inputs");

describe("translate service and CLI over the loaded sample organisation", () => {
  let t: TestDb;
  let report: TranslationReport;
  beforeAll(async () => {
    t = await freshTestDb();
    await loadSample(t.db, { rebase: false });
    report = await translateLoaded(t.db);
  });
  afterAll(async () => t.close());

  it("--all: every policy, role, CA policy and group of the latest complete snapshots, no errors, valid documents", () => {
    expect(ZTranslationReportSchema.parse(report)).toBeTruthy();
    expect(report.results.filter((r) => r.error)).toEqual([]);
    const kinds = new Set(report.results.map((r) => r.input.kind));
    for (const k of [
      "aws-managed-policy",
      "aws-iam-policy",
      "entra-ca-policy",
      "aws-iam-group",
      "entra-group",
      "entra-directory-role",
    ])
      expect(kinds, k).toContain(k);
    for (const r of report.results)
      for (const s of r.suggestions)
        if (s.document) expect(validateDocument(s.target, s.document), `${r.input.name} ${s.target}`).toEqual([]);
  });

  it("the person resolver links the other side: CA policies attach to matched AWS principals, groups bind matched members", () => {
    const caAttach = report.results
      .filter((r) => r.input.kind === "entra-ca-policy")
      .flatMap((r) => r.suggestions.flatMap((s) => s.attachTo ?? []));
    expect(caAttach.length).toBeGreaterThan(0);
    expect(caAttach.every((p) => p.side === "aws")).toBe(true);
    const groupMembers = report.results
      .filter((r) => r.input.kind === "aws-iam-group")
      .flatMap((r) => r.suggestions.flatMap((s) => s.attachTo ?? []));
    expect(groupMembers.length).toBeGreaterThan(0);
    expect(groupMembers.every((p) => p.side === "entra" && p.kind === "user")).toBe(true);
  });

  it("one stored item (the Translate button): same result as in --all; unknown id → NOT_FOUND", async () => {
    const ca = report.results.find((r) => r.input.kind === "entra-ca-policy")!;
    const first = report.results.find((r) => r.input.kind === "aws-managed-policy")!;
    const one = await translateStored(t.db, { providerId: first.input.name });
    expect(one).toEqual(first);
    expect((await translateStored(t.db, { providerId: ca.input.name })).suggestions).toEqual(ca.suggestions);
    await expect(translateStored(t.db, { providerId: "no-such-policy" })).rejects.toThrow("nothing to translate");
  });

  it("the loaded context is reused until the snapshots or person links change", async () => {
    const a = await loadTranslationContext(t.db);
    expect(await loadTranslationContext(t.db)).toBe(a);
    const [aws, entra] = [a.models.find((m) => m.kind === "aws")!, a.models.find((m) => m.kind === "entra")!];
    await t.db.personLink.create({
      data: {
        leftSourceId: aws.sourceId,
        leftProviderId: aws.principals[0]!.providerId,
        rightSourceId: entra.sourceId,
        rightProviderId: entra.principals[0]!.providerId,
        decision: "rejected",
      },
    });
    expect(await loadTranslationContext(t.db)).not.toBe(a);
  });

  it("files: loaded named locations and people serve pasted / file input too", async () => {
    const r = await translatePaths([INPUTS], t.db);
    expect(r.version).toBe(1);
    expect(
      r.results
        .filter((x) => x.error)
        .map((x) => x.input.name)
        .sort(),
    ).toEqual(["deploy/broken", path.join(INPUTS, "expected.json")].sort());
    const pasted = await translatePasted(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      t.db,
    );
    expect(pasted.results[0]!.error).toBeNull();
    const bad = await translatePasted("{nope", t.db);
    expect(bad.results[0]!.error).toContain("not valid JSON");
  });

  it("CLI: `translate <folder> --json` prints the contract and exits 1 when an item failed; `--all --json` exits 0", async () => {
    setProcessDb(t.db);
    const lines: string[] = [];
    const code = await run({ args: [INPUTS, "--json"], dbUrl: t.url, out: (l) => lines.push(l) });
    expect(code).toBe(1);
    const printed = ZTranslationReportSchema.parse(JSON.parse(lines.join("\n")));
    expect(printed.results.length).toBeGreaterThan(10);
    const all: string[] = [];
    expect(await run({ args: ["--all", "--json"], dbUrl: t.url, out: (l) => all.push(l) })).toBe(0);
    expect(ZTranslationReportSchema.parse(JSON.parse(all.join("\n"))).results.length).toBe(report.results.length);
    const human: string[] = [];
    await run({ args: [path.join(INPUTS, "policy-document.json")], dbUrl: t.url, out: (l) => human.push(l) });
    expect(human.join("\n")).toContain("→ azure-rbac-role");
    await expect(run({ args: [], dbUrl: t.url, out: () => undefined })).rejects.toThrow("usage: translate");
    await expect(run({ args: ["/no/such/path"], dbUrl: t.url, out: () => undefined })).rejects.toThrow("No such file");
  });
});
