import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsEvents, entraEvents } from "../bench/analysis-org";
import type { Db } from "../db/client";
import { ensureSource } from "../db/sources";
import { SAMPLE_NOW } from "../sample/company";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ingest } from "./ingest";
import { loadSample } from "./load-sample";
import { refreshDerived } from "./refresh-derived";

/**
 * Golden test of everything refresh-derived writes (Person + PersonIdentity rows, Finding rows, Principal derived
 * columns, DerivedSummary rows) over the sample organisation and a small generated one. The golden files were
 * recorded with the implementation before the streaming rewrite; a change to them must be explained (a real bug).
 * Re-record with UPDATE_GOLDEN=1 (SQLite); PostgreSQL must then produce the same.
 */

const DIR = path.join(import.meta.dirname, "testdata/refresh-golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** JSON with sorted keys (PostgreSQL jsonb reorders them) and stable dates. */
function canonical(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** Every derived row, with generated ids (sources, snapshots) and wall-clock times replaced by stable names. */
async function dump(db: Db): Promise<Record<string, unknown>> {
  const sources = await db.source.findMany({ select: { id: true, name: true } });
  const snaps = await db.snapshot.findMany({ select: { id: true, sourceId: true, finishedAt: true } });
  const people = await db.person.findMany({ orderBy: { id: "asc" } });
  const identities = await db.personIdentity.findMany({
    orderBy: [{ personId: "asc" }, { sourceId: "asc" }, { providerId: "asc" }],
  });
  const findings = await db.finding.findMany({ orderBy: { id: "asc" }, omit: { id: true, createdAt: true } });
  const principals = await db.principal.findMany({
    where: { tier: { not: null } },
    select: { snapshotId: true, providerId: true, tier: true, mfaEnforced: true, derived: true },
    orderBy: [{ snapshotId: "asc" }, { providerId: "asc" }],
  });
  const summaries = await db.derivedSummary.findMany({ select: { key: true, data: true }, orderBy: { key: "asc" } });
  let text = JSON.stringify(canonical({ people, identities, findings, principals, summaries }));
  const names = new Map<string, string>();
  for (const s of sources) names.set(s.id, `<source:${s.name}>`);
  for (const s of snaps) {
    const src = sources.find((x) => x.id === s.sourceId)!;
    names.set(s.id, `<snapshot:${src.name}>`);
    if (s.finishedAt) names.set(s.finishedAt.toISOString(), `<finished:${src.name}>`);
  }
  for (const [id, name] of names) text = text.split(id).join(name);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * One row a line, so a re-recorded golden diffs well in git. The generated organisation's golden is 5 MB of very
 * repetitive JSON, so it is kept gzipped (`zcat` it to read).
 */
function writeGolden(file: string, data: Record<string, unknown>): void {
  const parts = Object.entries(data).map(
    ([k, rows]) => `${JSON.stringify(k)}: [\n${(rows as unknown[]).map((r) => JSON.stringify(r)).join(",\n")}\n]`,
  );
  const text = `{\n${parts.join(",\n")}\n}\n`;
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(file, file.endsWith(".gz") ? zlib.gzipSync(text, { level: 9 }) : text);
}

function readGolden(file: string): Record<string, unknown[]> {
  const bytes = fs.readFileSync(file);
  return JSON.parse((file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes).toString("utf8")) as Record<
    string,
    unknown[]
  >;
}

/** The People filter "disabled in one cloud, active in the other" lists exactly the people that finding names. */
function mismatchAgreesWithFinding(got: Record<string, unknown>): void {
  const people = got.people as { key: string; enabledMismatch: boolean }[];
  const findings = got.findings as { rule: string; personKey: string | null }[];
  const flagged = people
    .filter((p) => p.enabledMismatch)
    .map((p) => p.key)
    .sort();
  const named = [...new Set(findings.filter((f) => f.rule === "disabled-in-one-cloud").map((f) => f.personKey))].sort();
  expect(flagged.length).toBeGreaterThan(0);
  expect(flagged).toEqual(named);
}

function check(name: string, got: Record<string, unknown>): void {
  mismatchAgreesWithFinding(got);
  const file = path.join(DIR, name);
  if (UPDATE) writeGolden(file, got);
  const want = readGolden(file);
  for (const table of Object.keys(want)) {
    const rows = got[table] as unknown[];
    expect(rows.length, `${name} ${table} rows`).toBe(want[table]!.length);
    // Row by row so a failure names the first differing row instead of printing megabytes.
    for (let i = 0; i < rows.length; i++) expect(rows[i], `${name} ${table}[${i}]`).toEqual(want[table]![i]);
  }
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
}

describe("refresh-derived writes exactly the golden rows", () => {
  let sample: TestDb;
  let generated: TestDb;
  beforeAll(async () => {
    [sample, generated] = await Promise.all([freshTestDb(), freshTestDb()]);
  }, 60_000);
  afterAll(async () => Promise.all([sample?.close(), generated?.close()]));

  it("over the sample organisation", async () => {
    await loadSample(sample.db, { rebase: false });
    await refreshDerived(sample.db, { now: SAMPLE_NOW });
    check("sample-org.json", await dump(sample.db));
  }, 120_000);

  it("over a small generated organisation", async () => {
    const size = { people: 600, awsShare: 0.6 };
    const aws = await ensureSource(generated.db, { kind: "aws", name: "gen-aws" });
    const entra = await ensureSource(generated.db, { kind: "entra", name: "gen-entra" });
    for (const [sourceId, events] of [
      [aws.id, awsEvents(size)],
      [entra.id, entraEvents(size)],
    ] as const) {
      const r = await ingest(generated.db, events, { sourceId, origin: "api", refresh: false });
      expect(r.status, r.error?.message).toBe("complete");
    }
    await refreshDerived(generated.db, { now: new Date("2026-11-01T00:00:00Z") });
    check("generated-org.json.gz", await dump(generated.db));
  }, 120_000);
});
