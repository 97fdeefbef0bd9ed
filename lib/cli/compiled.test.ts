import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshEntry } from "./compiled.mjs";

// The bin runs the compiled CLI only while every source it was built from is unchanged; otherwise it rebuilds.
describe("freshEntry: when the compiled CLI may run", () => {
  let root: string;
  let out: string;
  // Whole seconds: utimes takes seconds as a float, which would round a millisecond figure.
  const builtAt = Math.floor(Date.now() / 1000) * 1000 - 10_000;
  const setMtime = (rel: string, ms: number) => fs.utimesSync(path.join(root, rel), ms / 1000, ms / 1000);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "cw-compiled-"));
    out = path.join(root, "out");
    fs.mkdirSync(path.join(root, "lib"), { recursive: true });
    fs.mkdirSync(out);
    for (const f of ["lib/a.ts", "lib/b.ts"]) {
      fs.writeFileSync(path.join(root, f), "");
      setMtime(f, builtAt - 5_000);
    }
    fs.writeFileSync(path.join(out, "main-X.js"), "");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const manifest = () => ({ entry: "main-X.js", builtAt, inputs: ["lib/a.ts", "lib/b.ts"] });

  it.each([
    ["every source older than the build", true, () => {}],
    ["a source edited after the build", false, () => setMtime("lib/b.ts", builtAt + 1000)],
    ["a source edited at the build's start", false, () => setMtime("lib/a.ts", builtAt)],
    ["a source deleted", false, () => fs.rmSync(path.join(root, "lib/a.ts"))],
    ["the entry module missing", false, () => fs.rmSync(path.join(out, "main-X.js"))],
  ] as const)("%s → fresh: %s", (_case, fresh, change) => {
    change();
    expect(freshEntry(manifest(), root, out)).toBe(fresh ? `${out}/main-X.js` : null);
  });

  it("no manifest (never built) → rebuild", () => {
    expect(freshEntry(null, root, out)).toBeNull();
  });
});
