import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog, type ActionCatalog } from "../action-catalog";
import { expectedKey, type PathCase, pathKey, rowErrors, runCase, upnOf } from "./eval-case";
import { parseSamlRoleValue } from "./index";

// Hand-made organisations with known answers, each written from the AWS / Microsoft pages it cites (testdata/).
const DIR = path.join(import.meta.dirname, "testdata");
const CASES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, c: JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as PathCase }));

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe.each(CASES)("$file", ({ c }) => {
  it("cites its sources", () => {
    expect(c.sources.length).toBeGreaterThan(0);
    for (const s of c.sources) expect(s.url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|learn\.microsoft\.com)\//);
  });

  it("finds exactly the expected paths", () => {
    expect(runCase(c, catalog).map(pathKey).sort()).toEqual(c.expected.map(expectedKey).sort());
  });

  it.each(c.expected.map((e) => [e.row, e] as const))("%s", (_row, e) => {
    const p = runCase(c, catalog).find((x) => pathKey(x) === expectedKey(e));
    expect(rowErrors(e, p), JSON.stringify(p?.attributes.tierReasons)).toEqual([]);
  });

  it.each(c.absent.map((a) => [a.row, a] as const))("no path: %s", (_row, a) => {
    const got = runCase(c, catalog).filter(
      (p) => upnOf(p).toLowerCase() === a.user.toLowerCase() && p.targetId === a.account,
    );
    expect(got.map(pathKey)).toEqual([]);
  });
});

describe("SAML role values", () => {
  it.each([
    ["role first", "arn:aws:iam::123456789012:role/R,arn:aws:iam::123456789012:saml-provider/P", true],
    ["provider first", "arn:aws:iam::123456789012:saml-provider/P,arn:aws:iam::123456789012:role/R", true],
    ["spaces around the comma", "arn:aws:iam::123456789012:role/R , arn:aws:iam::123456789012:saml-provider/P", true],
    [
      "provider of another account",
      "arn:aws:iam::123456789012:role/R,arn:aws:iam::210987654321:saml-provider/P",
      false,
    ],
    ["role only", "arn:aws:iam::123456789012:role/R", false],
    ["a plain app role value", "Admin", false],
  ])("%s", (_name, value, ok) => {
    const v = parseSamlRoleValue(value);
    expect(v !== null).toBe(ok);
    if (v)
      expect(v).toEqual({
        roleArn: "arn:aws:iam::123456789012:role/R",
        providerArn: "arn:aws:iam::123456789012:saml-provider/P",
        accountId: "123456789012",
      });
  });
});
