import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCompleteSnapshots } from "../db/load-snapshot";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { askCanPrincipal, type CanResult, parseContextLines, type QuotedStatement } from "./ask-can-principal";
import { loadSample } from "./load-sample";
import table from "./testdata/can-principal-cases.json";

/** One deciding statement as the table writes it: "policy · type · via · statement number[ · failed part]". */
function line(s: QuotedStatement): string {
  if (s.policyType === "aws") return "aws";
  const via = s.policyType === "identity" ? (s.via === "group" ? `group ${s.viaName}` : (s.via ?? "")) : s.via;
  return [s.policyName, s.policyType, via, String(s.statementIndex + 1), s.failed]
    .filter((x) => x !== undefined && x !== "")
    .join(" · ");
}

let t: TestDb;
const ids = new Map<string, number>();

beforeAll(async () => {
  t = await freshTestDb();
  await loadSample(t.db, { rebase: false });
  const aws = (await latestCompleteSnapshots(t.db)).find((s) => s.kind === "aws")!;
  for (const p of await t.db.principal.findMany({
    where: { snapshotId: aws.snapshotId },
    select: { id: true, name: true },
  }))
    ids.set(p.name, p.id);
});
afterAll(async () => t.close());

describe("askCanPrincipal on the sample organisation (can-principal-cases.json)", () => {
  it.each(table.cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const id = ids.get(c.principal);
    expect(id, `principal ${c.principal} in the sample`).toBeDefined();
    const r: CanResult = await askCanPrincipal(t.db, id!, {
      action: c.action,
      resource: c.resource,
      context: "context" in c ? c.context : "",
    });
    expect(r.error).toBeNull();
    const a = r.answer!;
    expect(a.decision).toBe(c.decision);
    expect(a.matched.map(line)).toEqual(c.matched);
    if ("nearMisses" in c) expect(a.nearMisses.map(line)).toEqual(c.nearMisses);
    expect(a.missingContextValues).toEqual(c.missing);
    if ("details" in c) expect(a.details).toMatchObject(c.details as object);
    // Every statement quoted from a stored document carries its text and lines; stored policies link to their page.
    for (const s of [...a.matched, ...a.nearMisses].filter((s) => s.policyType !== "aws")) {
      expect(s.text, line(s)).toBeTruthy();
      expect(s.lines!.end, line(s)).toBeGreaterThanOrEqual(s.lines!.start);
      if (s.policyType !== "resource") expect(s.policyPageId, line(s)).toBeGreaterThan(0);
    }
  });

  it("quotes the statement exactly as the policy page prints the document", async () => {
    const r = await askCanPrincipal(t.db, ids.get("jwilson")!, { action: "s3:ListAllMyBuckets" });
    const s = r.answer!.matched[0]!;
    const doc = await t.db.permissionSet.findUnique({ where: { id: s.policyPageId! }, select: { document: true } });
    const printed = JSON.stringify(doc!.document, null, 2).split("\n");
    // Statements of the Statement array print 4 spaces in.
    expect(printed.slice(s.lines!.start - 1, s.lines!.end).map((l) => l.slice(4))).toEqual(s.text!.split("\n"));
  });

  it("names what is not collected, and refuses groups, Entra principals and bad input", async () => {
    const r = await askCanPrincipal(t.db, ids.get("jwilson")!, {});
    expect(r.answer).toBeNull();
    expect(r.notCollected.join("\n")).toContain("Service and resource control policies");
    expect((await askCanPrincipal(t.db, ids.get("jwilson")!, { action: "s3 GetObject" })).error).toContain(
      "is not an action",
    );
    expect(
      (await askCanPrincipal(t.db, ids.get("jwilson")!, { action: "s3:GetObject", context: "aws:SourceIp 1.2.3.4" }))
        .error,
    ).toContain("Context line 1");
    await expect(askCanPrincipal(t.db, ids.get("Admins")!, { action: "s3:GetObject" })).rejects.toThrow(
      "AWS users and roles",
    );
  });
});

describe("parseContextLines", () => {
  it.each([
    ["aws:SourceIp=203.0.113.9", { "aws:SourceIp": "203.0.113.9" }],
    ["aws:TagKeys=a\naws:tagkeys=b", { "aws:TagKeys": ["a", "b"] }],
    ["  aws:PrincipalTag/Cost Center = R&D=1 \n\n", { "aws:PrincipalTag/Cost Center": "R&D=1" }],
  ])("%j", (text, expected) => expect(parseContextLines(text)).toEqual(expected));
  it.each(["novalue", "=x"])("refuses %j", (text) => expect(() => parseContextLines(text)).toThrow("Context line 1"));
});
