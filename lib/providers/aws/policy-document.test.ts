import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Statement } from "../../model";
import { AppError } from "../../errors";
import { parsePolicyDocument } from "./policy-document";

interface Row {
  name: string;
  source: string;
  input: unknown;
  expected: { version?: string; statements: Statement[] } | { error: string };
}

const { rows } = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "testdata/policy-documents.json"), "utf8"),
) as { rows: Row[] };

describe("parsePolicyDocument (the one AWS policy parser)", () => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    if ("error" in row.expected) {
      let thrown: unknown = null;
      try {
        parsePolicyDocument(row.input, "doc");
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).code).toBe("BAD_INPUT");
      expect((thrown as AppError).message).toMatch(new RegExp(row.expected.error));
      return;
    }
    const { version, statements } = parsePolicyDocument(row.input, "doc");
    expect({ version, statements }).toEqual({ version: row.expected.version, statements: row.expected.statements });
  });
});
