import { describe, expect, it } from "vitest";
import { compactJson } from "./compact-json";

describe("compactJson", () => {
  const cases: [string, unknown, string][] = [
    ["scalar", "x", '"x"'],
    [
      "array of values on one line",
      { Action: ["s3:GetObject", "s3:ListBucket"] },
      '{\n  "Action": ["s3:GetObject", "s3:ListBucket"]\n}',
    ],
    ["empty", { a: [], b: {} }, '{\n  "a": [],\n  "b": {}\n}'],
    [
      "nested objects indented",
      { Statement: [{ Effect: "Allow", Resource: "*" }] },
      '{\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Resource": "*"\n    }\n  ]\n}',
    ],
  ];
  for (const [name, v, text] of cases) {
    it(name, () => {
      expect(compactJson(v)).toBe(text);
      expect(JSON.parse(compactJson(v))).toEqual(v);
    });
  }
});
