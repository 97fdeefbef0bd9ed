import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ConnectorEvent, DatasetName, DatasetStatusInput, ModelBatchInput } from "../model";
import { ensureSource } from "../db/sources";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { compareClouds } from "./compare-clouds";
import { ingest } from "./ingest";
import { findingsReport, parseSeverityFilter } from "./list-findings";

const data = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/analysis/two-clouds.json"), "utf8"));

// The documented contracts, as schemas: a change that breaks them fails here.
const tier = z.enum(["admin", "privileged", "write", "read", "none"]);
const ZIdentity = z.object({
  source: z.string(),
  kind: z.enum(["user", "role", "group", "servicePrincipal", "managedIdentity"]),
  name: z.string(),
  tier,
  eligibleTier: tier.nullable(),
  mfa: z.object({ registered: z.boolean().nullable(), enforced: z.boolean().nullable() }),
  lastActivity: z.string().nullable(),
  enabled: z.boolean().nullable(),
});
const ZCompare = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  sources: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(["aws", "entra"]),
      snapshot: z.object({ id: z.string(), finishedAt: z.string().nullable() }),
    }),
  ),
  people: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      match: z.object({ method: z.string(), confidence: z.number() }).nullable(),
      ambiguous: z.boolean(),
      aws: z.array(ZIdentity),
      entra: z.array(ZIdentity),
    }),
  ),
});
const ZFindings = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  findings: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(["critical", "high", "medium", "low", "info"]),
      source: z.string().nullable(),
      subject: z.string(),
      subjectKind: z.string(),
      explanation: z.string(),
      evidence: z.record(z.string(), z.unknown()),
      fix: z.string(),
      dataSource: z.string(),
      complete: z.boolean(),
    }),
  ),
});

async function* events(
  batch: ModelBatchInput,
  datasets: Partial<Record<DatasetName, DatasetStatusInput>>,
): AsyncGenerator<ConnectorEvent> {
  yield { type: "batch", batch };
  for (const [name, status] of Object.entries(datasets) as [DatasetName, DatasetStatusInput][])
    yield { type: "dataset", name, status };
}

describe("compare and findings contracts (version 1)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
    const aws = await ensureSource(t.db, { kind: "aws", name: "acme-aws" });
    const entra = await ensureSource(t.db, { kind: "entra", name: "acme-entra" });
    // The Entra tenant without its MFA registration report: registered must come out null, never false.
    const { mfaRegistration: _skip, ...entraDatasets } = data.entra.datasets;
    const entraBatch = structuredClone(data.entra.batch) as { principals: { mfaRegistered?: boolean | null }[] };
    for (const p of entraBatch.principals) p.mfaRegistered = null;
    await ingest(t.db, events(data.aws.batch, data.aws.datasets), { sourceId: aws.id, origin: "file" });
    await ingest(
      t.db,
      events(entraBatch as ModelBatchInput, { ...entraDatasets, mfaRegistration: { collected: false, reason: "403" } }),
      { sourceId: entra.id, origin: "file" },
    );
  }, 120_000);
  afterAll(async () => t.close());

  it("compare: people with both sides, null kept as not collected", async () => {
    const c = ZCompare.parse(await compareClouds(t.db));
    expect(c.sources.map((s) => s.name)).toEqual(["acme-aws", "acme-entra"]);
    const alice = c.people.find((p) => p.aws.some((i) => i.name === "alice@acme.example"))!;
    expect(alice.match).toEqual({ method: "email", confidence: 0.95 });
    expect(alice.aws[0]).toMatchObject({ tier: "admin", mfa: { registered: true, enforced: false }, enabled: true });
    expect(alice.entra[0]).toMatchObject({ tier: "admin", mfa: { registered: null } });
    const dan = c.people.find((p) => p.entra.some((i) => i.name === "dan@acme.example"))!;
    expect(dan.match).toBeNull();
    expect(dan.entra[0]).toMatchObject({ tier: "none", eligibleTier: "admin" });
  });

  it("findings: contract, severity filters and completeness", async () => {
    const all = ZFindings.parse(await findingsReport(t.db));
    expect(all.findings.length).toBeGreaterThan(3);
    const high = ZFindings.parse(await findingsReport(t.db, { severity: parseSeverityFilter("high+") }));
    expect(high.findings.every((f) => f.severity === "critical" || f.severity === "high")).toBe(true);
    expect(high.findings.length).toBeLessThan(all.findings.length);
    // no-mfa-console-user reads the registration report, which this tenant did not give: incomplete there.
    const cov = all.findings.filter((f) => f.rule === "no-mfa-console-user");
    expect(cov.every((f) => f.source === "acme-aws")).toBe(true);
    expect(() => parseSeverityFilter("urgent")).toThrow(/Unknown severity/);
    expect(parseSeverityFilter("critical,low")).toEqual(["critical", "low"]);
  });
});
