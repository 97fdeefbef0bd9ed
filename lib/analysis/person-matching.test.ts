import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFromCase } from "./case-model";
import { MATCH_METHOD_LABEL } from "../model";
import { collapse, fold, MATCH_METHODS, matchPeople, spellings, type LinkOverride } from "./person-matching";

const data = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/person-matching.json"), "utf8"));

describe("normalization", () => {
  it.each([
    ["Zoë Müller", "zoe muller"],
    ["Søren Åström", "soren astrom"],
    ["GROß", "gross"],
  ])("fold(%s) = %s", (a, b) => expect(fold(a)).toBe(b));
  it("collapses separators", () => expect(collapse("Jöhn.O'Smith-Jones_x")).toBe("johnosmithjonesx"));
  it.each([
    ["Müller", ["muller", "mueller"]],
    ["Groß", ["gross"]],
    ["Jürgen", ["jurgen", "juergen"]],
    ["Søren", ["soren", "soeren"]],
    ["Åse", ["ase", "aase"]],
    ["René", ["rene"]],
    ["O'Brien", ["obrien"]],
    ["smith", ["smith"]],
  ])("spellings(%s) = %j", (a, b) => expect(spellings(a)).toEqual(b));
  it("every match method has a label in words", () => {
    for (const m of Object.keys(MATCH_METHODS)) {
      expect(MATCH_METHOD_LABEL[m], m).toBeDefined();
      expect(MATCH_METHOD_LABEL[m], m).toMatch(/^[a-z][a-z -]+$/i);
    }
  });
});

describe("person matching (table)", () => {
  const sources = [sourceFromCase(data.aws), sourceFromCase(data.entra)];
  const people = matchPeople(sources, data.overrides as LinkOverride[]);
  const names = (p: (typeof people)[number]) => p.identities.map((i) => i.name).sort();
  for (const e of data.expected as {
    identities: string[];
    method: string | null;
    ambiguous?: boolean;
    candidates?: string[];
    likelyService?: boolean;
    confidence?: number;
    displayName?: string;
    count?: number;
  }[]) {
    it(`${e.identities.join(" + ")} (${e.method ?? "alone"})`, () => {
      const found = people.filter((p) => JSON.stringify(names(p)) === JSON.stringify([...e.identities].sort()));
      expect(found.length, JSON.stringify(people.map(names))).toBe(e.count ?? 1);
      const p = found[0]!;
      expect(p.method).toBe(e.method);
      expect(p.ambiguous).toBe(e.ambiguous ?? false);
      if (e.candidates) expect(p.candidates.map((c) => c.identity.name).sort()).toEqual(e.candidates);
      if (e.likelyService !== undefined) expect(p.likelyService).toBe(e.likelyService);
      if (e.confidence !== undefined) expect(p.confidence).toBe(e.confidence);
      if (e.displayName) expect(p.displayName).toBe(e.displayName);
    });
  }
  it("never links roles or service principals, and gives stable keys", () => {
    expect(people.flatMap((p) => p.identities).some((i) => i.kind !== "user")).toBe(false);
    const again = matchPeople(sources, data.overrides as LinkOverride[]);
    expect(again.map((p) => p.key)).toEqual(people.map((p) => p.key));
    expect(people.find((p) => p.identities.some((i) => i.providerId === "e-alice"))!.key).toBe(
      "entra:src-entra:e-alice",
    );
  });
  it("links a large directory one to one (timing is measured by npm run bench)", () => {
    const n = 20_000;
    const aws = sourceFromCase({ sourceName: "a", kind: "aws", principals: [] });
    const entra = sourceFromCase({ sourceName: "e", kind: "entra", principals: [] });
    for (let i = 0; i < n; i++) {
      const base = {
        raw: null,
        arn: null,
        email: null,
        upn: null,
        enabled: true,
        guest: false,
        createdAt: null,
        lastActivityAt: null,
        mfaRegistered: null,
        attributes: {},
        tags: {},
      };
      aws.principals.push({
        ...base,
        kind: "user",
        providerId: `A${i}`,
        name: `user${i}.last${i}`,
        displayName: `user${i}.last${i}`,
      });
      entra.principals.push({
        ...base,
        kind: "user",
        providerId: `E${i}`,
        name: `user${i}.last${i}@acme.example`,
        displayName: `User${i} Last${i}`,
        upn: `user${i}.last${i}@acme.example`,
      });
    }
    const ps = matchPeople([aws, entra]);
    expect(ps).toHaveLength(n);
    expect(ps.every((p) => p.identities.length === 2 && p.method === "upnLocalPart")).toBe(true);
  });
});
