import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evidenceText } from "./evidence-text";

const { cases } = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "testdata/evidence/evidence-text.json"), "utf8"),
) as {
  cases: { rule: string; evidence: Record<string, unknown>; text: string }[];
};

describe("finding evidence in words (testdata/evidence/evidence-text.json)", () => {
  for (const c of cases) {
    it(c.rule, () => {
      const text = evidenceText(c.evidence);
      expect(text, c.rule).toBe(c.text);
      // Never the stored JSON nor a code word: no braces, quotes, match-method keys or provider ids of named things.
      expect(text, c.rule).not.toMatch(/[{}"]|upnLocalPart|initialLast|ProviderId|managementGroup\b/);
    });
  }
});
