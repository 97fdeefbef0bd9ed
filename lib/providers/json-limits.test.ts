import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectAwsFile } from "./aws/file-import";
import { readJsonFile } from "./entra/read-json";
import { checkJsonLimits } from "./json-limits";

const small = { maxArrayElements: 5, maxValues: 30, maxDepth: 4 };

describe("JSON shape limits before parsing an import", () => {
  it("refuses a valid 20 MB array of 10 million zeros at once, in the AWS and the Entra/Azure readers", () => {
    const zeros = `{"UserDetailList":[${"0,".repeat(10_000_000)}0]}`;
    const t0 = performance.now();
    expect(() => detectAwsFile(zeros, "gaad.json")).toThrow(/gaad.json: an array with more than 1,000,000 elements/);
    expect(performance.now() - t0).toBeLessThan(2000); // before: ~110 s, then out of memory
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-json-"));
    try {
      const f = path.join(dir, "users.json");
      fs.writeFileSync(f, `{"value":[${"0,".repeat(2_000_000)}0]}`);
      expect(() => readJsonFile(f, "users.json")).toThrow(expect.objectContaining({ code: "TOO_LARGE" }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("counts elements, values and depth outside strings only", () => {
    expect(() => checkJsonLimits('["a,b,c,d,e,f,g,[[[[[", 1, 2]', "f", small)).not.toThrow();
    expect(() => checkJsonLimits('["a\\",b,c,d,e,f,g", 1]', "f", small)).not.toThrow();
    expect(() => checkJsonLimits("[1,2,3,4,5]", "f", small)).not.toThrow();
    expect(() => checkJsonLimits("[1,2,3,4,5,6]", "f", small)).toThrow(/f: an array with more than 5 elements/);
    // Many short arrays: each within the element cap, together past the value cap.
    expect(() =>
      checkJsonLimits(`{${Array.from({ length: 12 }, (_, i) => `"k${i}":[1,2]`).join(",")}}`, "f", small),
    ).toThrow(/more than 30 JSON values/);
    expect(() => checkJsonLimits("[[[[1]]]]", "f", small)).not.toThrow();
    expect(() => checkJsonLimits("[[[[[1]]]]]", "f", small)).toThrow(/nested deeper than 4 levels/);
    // Objects' commas do not count as array elements.
    expect(() =>
      checkJsonLimits('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', "f", { ...small, maxValues: 100 }),
    ).not.toThrow();
  });

  it("lets the real exports through", () => {
    const gaad = fs.readFileSync(path.join(import.meta.dirname, "aws/testdata/gaad-raw.json"), "utf8");
    expect(() => checkJsonLimits(gaad, "gaad-raw.json")).not.toThrow();
    expect(detectAwsFile(gaad, "gaad-raw.json").kind).toBe("gaad-raw");
  });
});
