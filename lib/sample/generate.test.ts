import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateSampleOrg } from "./generate";
import { SAMPLE_DIR } from "./paths";

function readTree(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, readTree(p, base));
    else out[path.relative(base, p).split(path.sep).join("/")] = fs.readFileSync(p, "utf8");
  }
  return out;
}

describe("sample generator", () => {
  const first = generateSampleOrg();

  it("is deterministic: the same seed gives byte-identical files", () => {
    const again = generateSampleOrg();
    expect(Object.keys(again.files).sort()).toEqual(Object.keys(first.files).sort());
    for (const [name, body] of Object.entries(first.files)) expect(again.files[name], name).toBe(body);
  });

  it("another seed gives another organisation", () => {
    const other = generateSampleOrg(7);
    expect(other.files["entra/users.json"]).not.toBe(first.files["entra/users.json"]);
  });

  it("the committed files in prisma/seed/sample-org equal a fresh generation (regenerate: npx tsx lib/sample/write-sample.ts)", () => {
    const committed = readTree(path.resolve(SAMPLE_DIR));
    expect(Object.keys(committed).sort()).toEqual(Object.keys(first.files).sort());
    for (const [name, body] of Object.entries(first.files))
      expect(committed[name] === body, `${name} differs from a fresh generation`).toBe(true);
  });

  it("stays a few MB", () => {
    const bytes = Object.values(first.files).reduce((n, b) => n + Buffer.byteLength(b), 0);
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
    expect(first.people.length).toBeGreaterThan(300);
  });

  it("uses no Math.random", () => {
    const src = fs.readdirSync(import.meta.dirname).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    for (const f of src)
      expect(fs.readFileSync(path.join(import.meta.dirname, f), "utf8"), f).not.toMatch(
        /Math\.random|Date\.now\(|new Date\(\)/,
      );
  });
});
