// Compiles the CLI (lib/cli/main.ts and what it imports from the project) to JavaScript once, so a command starts
// without compiling TypeScript: `npm ci` runs it (postinstall), and the bin runs it again only when a source changed
// since (lib/cli/compiled.mjs). Packages stay external (node_modules is loaded as it is); each command's dynamic
// import stays a chunk of its own, so a command loads only what it uses.
// Run: node lib/cli/build.mjs
import fs from "node:fs";
import path from "node:path";
import { MANIFEST, OUT_DIR, ROOT } from "./compiled.mjs";

/**
 * Packages compiled into the CLI instead of loaded from node_modules at run time. Prisma's runtime is CommonJS, which
 * Node's ES-module loader scans for its exports on every start, and zod is some hundred small modules: bundled, a
 * database command starts ~0.25 s (CPU) sooner. Every other package stays external (native addons, cloud SDKs,
 * exporters: loaded as they are, and only by the commands that use them).
 */
const INLINE = /^(zod|@prisma\/client)(\/|$)/;

/** Output files older than this and not part of the newest build are removed (a running command may still load them). */
const KEEP_OLD_MS = 60 * 60 * 1000;

/** Writes a file so that no reader sees it half-written (another process may be building or running at once). */
function writeAtomic(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/**
 * Compiles TypeScript entry modules the way the CLI is shipped (the bench compiles its references with the same
 * settings). Returns esbuild's result with the files in memory (`write: false`).
 * @param {Record<string, string>} entryPoints output name → source, relative to ROOT
 * @param {string} outdir
 */
export async function compile(entryPoints, outdir) {
  const { build } = await import("esbuild");
  return build({
    absWorkingDir: ROOT,
    entryPoints,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    plugins: [
      {
        name: "external-packages",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            INLINE.test(a.path) ? undefined : { path: a.path, external: true },
          );
        },
      },
    ],
    // Bundled CommonJS (Prisma's runtime) calls require(): an ES module has none of its own.
    banner: {
      js: 'import { createRequire as __cwRequire } from "node:module"; const require = __cwRequire(import.meta.url);',
    },
    outdir,
    // Content-named: a build never overwrites a file that a command running the previous build may still import.
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    write: false,
    metafile: true,
    logLevel: "error",
  });
}

/** Builds the CLI into OUT_DIR and returns the path of its entry module. */
export async function buildCli() {
  const builtAt = Date.now();
  const result = await compile({ main: "lib/cli/main.ts" }, OUT_DIR);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const written = new Set();
  for (const f of result.outputFiles) {
    written.add(path.basename(f.path));
    if (!fs.existsSync(f.path)) writeAtomic(f.path, f.contents);
  }
  const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === "lib/cli/main.ts")?.[0];
  if (!entry) throw new Error("esbuild produced no entry for lib/cli/main.ts");
  // A bundled package changes only with its version: its package.json stands for all its files (one stat, not ~100).
  const inputs = new Set(["lib/cli/build.mjs", "lib/cli/compiled.mjs"]);
  for (const f of Object.keys(result.metafile.inputs)) {
    const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    inputs.add(pkg ? `node_modules/${pkg[1]}/package.json` : f);
  }
  writeAtomic(MANIFEST, JSON.stringify({ entry: path.basename(entry), builtAt, inputs: [...inputs] }));
  written.add(path.basename(MANIFEST));
  for (const f of fs.readdirSync(OUT_DIR)) {
    const p = path.join(OUT_DIR, f);
    if (!written.has(f) && Date.now() - fs.statSync(p).mtimeMs > KEEP_OLD_MS) fs.rmSync(p, { force: true });
  }
  return path.join(OUT_DIR, path.basename(entry));
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const t0 = performance.now();
  buildCli().then(
    (entry) =>
      process.stdout.write(
        `crosswalk: CLI compiled to ${path.relative(ROOT, entry)} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
      ),
    (e) => {
      process.stderr.write(`crosswalk: could not compile the CLI: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
