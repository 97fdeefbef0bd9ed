import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The import-graph rules of .dependency-cruiser.cjs can fire: one violation of each rule is planted in a scratch
 * tree shaped like the repo (app/, lib/<layer>/, node_modules/<sdk>), the repo's config cruises it, and each rule must
 * report its planted import and nothing else. Allowed imports are planted too and must stay silent. A rule whose
 * path pattern stops matching (a folder renamed, a regex typo) fails here instead of passing every lint in silence.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = path.join(ROOT, "node_modules", ".bin", "depcruise");

/** Planted files: path → the modules it imports. A package path is a fake package written under node_modules. */
const PLANTS: Record<string, string[]> = {
  // violations
  "lib/services/cycle-a.ts": ["./cycle-b"],
  "lib/services/cycle-b.ts": ["./cycle-a"],
  "lib/db/reads-analysis.ts": ["../analysis/rule"],
  "lib/model/imports-errors.ts": ["../errors"],
  "lib/analysis/reads-db.ts": ["../db/table"],
  "lib/services/imports-prisma.ts": ["@prisma/client"],
  "lib/services/imports-aws-sdk.ts": ["@aws-sdk/client-iam"],
  "lib/providers/aws/imports-graph.ts": ["@microsoft/microsoft-graph-client"],
  "app/page-reads-table.tsx": ["../lib/db/table"],
  "app/page-runs-analysis.tsx": ["../lib/analysis/rule"],
  "lib/services/imports-page.ts": ["../../app/ok-page"],
  // allowed: must not be reported
  "app/ok-page.tsx": ["../lib/db/client", "../lib/services/ok-service", "../lib/model/ok-model"],
  "lib/services/ok-service.ts": ["../db/table", "../analysis/rule", "../providers/aws/ok-provider"],
  "lib/providers/aws/ok-provider.ts": ["@aws-sdk/client-iam", "../../model/ok-model"],
  "lib/providers/entra/ok-provider.ts": ["@microsoft/microsoft-graph-client", "@azure/msal-node"],
  "lib/db/table.ts": ["@prisma/client", "./client", "../model/ok-model"],
  "lib/db/client.ts": [],
  "lib/analysis/rule.ts": ["../model/ok-model"],
  "lib/model/ok-model.ts": ["zod"],
  "lib/errors.ts": [],
};
const PACKAGES = [
  "@prisma/client",
  "@aws-sdk/client-iam",
  "@microsoft/microsoft-graph-client",
  "@azure/msal-node",
  "zod",
];

/** What each rule must report: exactly these from → to pairs (paths as depcruise prints them). */
const EXPECTED: [rule: string, pairs: string[]][] = [
  // A cycle is reported once, at the first import of the loop.
  ["no-cycle", ["lib/services/cycle-a.ts → lib/services/cycle-b.ts"]],
  ["db-below-domain", ["lib/db/reads-analysis.ts → lib/analysis/rule.ts"]],
  ["model-is-the-bottom", ["lib/model/imports-errors.ts → lib/errors.ts"]],
  ["domain-is-pure", ["lib/analysis/reads-db.ts → lib/db/table.ts"]],
  ["only-db-imports-prisma", ["lib/services/imports-prisma.ts → node_modules/@prisma/client/index.js"]],
  [
    "only-aws-provider-imports-aws-sdk",
    ["lib/services/imports-aws-sdk.ts → node_modules/@aws-sdk/client-iam/index.js"],
  ],
  [
    "only-microsoft-provider-imports-microsoft-sdks",
    ["lib/providers/aws/imports-graph.ts → node_modules/@microsoft/microsoft-graph-client/index.js"],
  ],
  [
    "app-through-services",
    ["app/page-reads-table.tsx → lib/db/table.ts", "app/page-runs-analysis.tsx → lib/analysis/rule.ts"],
  ],
  ["services-below-app", ["lib/services/imports-page.ts → app/ok-page.tsx"]],
];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

let scratch: string;
let violations: Violation[];

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "crosswalk-depcruise-"));
  const write = async (file: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(scratch, file)), { recursive: true });
    await fs.writeFile(path.join(scratch, file), text);
  };
  await write(
    "tsconfig.json",
    JSON.stringify({ compilerOptions: { jsx: "react-jsx", module: "esnext", moduleResolution: "bundler" } }),
  );
  for (const [file, imports] of Object.entries(PLANTS)) {
    await write(
      file,
      `${imports.map((m, i) => `import * as m${i} from "${m}";`).join("\n")}\nexport const planted = ${JSON.stringify(imports)};\n`,
    );
  }
  for (const pkg of PACKAGES) {
    await write(`node_modules/${pkg}/package.json`, JSON.stringify({ name: pkg, version: "0.0.0", main: "index.js" }));
    await write(`node_modules/${pkg}/index.js`, "module.exports = {};\n");
  }
  const run = await promisify(execFile)(DEPCRUISE, ["app", "lib", "--config", CONFIG, "--output-type", "json"], {
    cwd: scratch,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" })); // depcruise exits non-zero on violations
  violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}, 60_000);

afterAll(async () => {
  if (scratch) await fs.rm(scratch, { recursive: true, force: true });
});

describe("dependency-cruiser rules fire on a planted violation", () => {
  it.each(EXPECTED)("%s reports exactly its planted imports", (rule, pairs) => {
    const reported = violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} → ${v.to}`);
    expect(reported.sort(), rule).toEqual([...pairs].sort());
  });

  it("reports nothing but the planted violations (the allowed imports stay silent)", () => {
    const expected = new Set(EXPECTED.flatMap(([rule, pairs]) => pairs.map((p) => `${rule}: ${p}`)));
    const extra = violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).filter((v) => !expected.has(v));
    expect(extra).toEqual([]);
  });
});
