// Where the compiled CLI lives and whether it is up to date. Plain JavaScript: the bin reads it before anything is
// compiled, on every call, so it does only a handful of stats.
import fs from "node:fs";
import path from "node:path";

/** The project root (this file is lib/cli/compiled.mjs). */
export const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The compiled CLI: content-named ES modules written by lib/cli/build.mjs, and manifest.json naming the entry and the
 * sources it was built from. Under node_modules so that `npm ci` starts from nothing and every tool already ignores it.
 */
export const OUT_DIR = path.join(ROOT, "node_modules", ".cache", "crosswalk-cli");
export const MANIFEST = path.join(OUT_DIR, "manifest.json");

/**
 * @typedef {{ entry: string; builtAt: number; inputs: string[] }} Manifest
 * entry: the entry module's file name in OUT_DIR; builtAt: epoch ms read before the sources were;
 * inputs: the project files bundled, relative to ROOT.
 */

/** The manifest, or null when there is no build (or it cannot be read). @returns {Manifest | null} */
export function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  } catch {
    return null;
  }
}

/**
 * The entry module to import when the build is current: every source it was built from unchanged since (an edited,
 * regenerated or deleted file makes it stale). null when it must be rebuilt. Runs on every command, so it is written
 * for speed: one stat per source (~380), no path normalisation, no exceptions.
 * @param {Manifest | null} manifest
 * @param {string} [root] the project root the inputs are relative to
 * @param {string} [outDir] where the entry module is
 */
export function freshEntry(manifest, root = ROOT, outDir = OUT_DIR) {
  if (!manifest) return null;
  for (const input of manifest.inputs) {
    const st = fs.statSync(`${root}/${input}`, { throwIfNoEntry: false });
    if (!st || st.mtimeMs >= manifest.builtAt) return null;
  }
  const entry = `${outDir}/${manifest.entry}`;
  return fs.existsSync(entry) ? entry : null;
}
