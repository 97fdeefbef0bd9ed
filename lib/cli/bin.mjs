#!/usr/bin/env node
// `npx crosswalk …` and `npm run crosswalk -- …`: runs the compiled CLI (lib/cli/build.mjs; `npm ci` builds it,
// and it is rebuilt here only when a source changed since). Without esbuild or a writable node_modules, the
// TypeScript CLI runs through tsx instead — slower to start, same behaviour.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freshEntry, readManifest } from "./compiled.mjs";

let entry = freshEntry(readManifest());
if (!entry) {
  try {
    entry = await (await import("./build.mjs")).buildCli();
  } catch (e) {
    process.stderr.write(
      `crosswalk: could not compile the CLI (${e instanceof Error ? e.message : String(e)}); running it through tsx\n`,
    );
  }
}
if (entry) {
  const { runCli } = await import(pathToFileURL(entry).href);
  await runCli(process.argv.slice(2));
} else {
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  const res = spawnSync(process.execPath, [tsx, path.join(import.meta.dirname, "main.ts"), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(res.status ?? 1);
}
