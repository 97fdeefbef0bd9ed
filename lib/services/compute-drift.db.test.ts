import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog } from "../analysis/action-catalog";
import { analyzeSource } from "../analysis/analyze";
import { diffSnapshots, driftLines, type DriftLine } from "../analysis/drift";
import { tierOf } from "../analysis/tiers";
import { awsEvents, entraEvents } from "../bench/analysis-org";
import { withChanges } from "../bench/drift-changes";
import type { ConnectorEvent, Tier } from "../model";
import { ingest } from "./ingest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { listDriftChanges } from "../db/drift";
import { ensureDriftPair } from "./compute-drift";
import { loadSnapshotModel } from "../db/load-snapshot";
import { snapshotTiers } from "../db/principals";
import { ensureSource } from "../db/sources";

/**
 * The stored drift (rows that differ found in SQL, diffed on partial models, kept in DriftChange) equals what the
 * pure reference computes from the two full models — for generated snapshot pairs of both clouds, with tiers stored
 * by refresh-derived and without (computed on the spot).
 */

async function reference(db: TestDb["db"], from: string, to: string): Promise<DriftLine[]> {
  const before = await loadSnapshotModel(db, from);
  const after = await loadSnapshotModel(db, to);
  const tiers = async (m: typeof before) => {
    const stored = await snapshotTiers(db, m.snapshotId);
    if (![...stored.values()].some((t) => t === null)) return stored as Map<string, Tier | null>;
    const a = analyzeSource(m, await loadActionCatalog());
    return new Map(m.principals.map((p) => [p.providerId, tierOf(a.index, p.providerId, a.evaluator).tier]));
  };
  return driftLines(diffSnapshots(before, after, { before: await tiers(before), after: await tiers(after) }));
}

async function stored(db: TestDb["db"], sourceId: string, from: string, to: string): Promise<DriftLine[]> {
  const pair = await ensureDriftPair(db, sourceId, from, to);
  const { rows, total } = await listDriftChanges(db, {
    pairIds: [pair.id],
    sort: "area",
    dir: "asc",
    skip: 0,
    take: 100_000,
  });
  expect(rows.length).toBe(total);
  return rows.map(({ area, change, kind, subject, detail }) => ({ area, change, kind, subject, detail }));
}

const CASES: {
  name: string;
  kind: "aws" | "entra";
  events: (changed: boolean) => AsyncIterable<ConnectorEvent>;
  refresh: boolean;
  also?: string[];
}[] = [
  {
    name: "AWS, tiers stored",
    kind: "aws",
    refresh: true,
    also: ["permissionSets:changed"],
    events: (c) =>
      c
        ? withChanges(awsEvents({ people: 400, awsShare: 1 }), { rate: 0.25, policyRate: 0.2 })
        : awsEvents({ people: 400, awsShare: 1 }),
  },
  {
    name: "Entra, tiers stored",
    kind: "entra",
    refresh: true,
    also: ["accessControls:changed"],
    events: (c) =>
      c
        ? withChanges(entraEvents({ people: 400, awsShare: 0 }), { rate: 0.25, policyRate: 0.3, seed: 5 })
        : entraEvents({ people: 400, awsShare: 0 }),
  },
  {
    name: "AWS, no tiers stored (analysed on the spot)",
    kind: "aws",
    refresh: false,
    events: (c) =>
      c
        ? withChanges(awsEvents({ people: 300, awsShare: 1 }, 3), { rate: 0.3, seed: 8 })
        : awsEvents({ people: 300, awsShare: 1 }, 3),
  },
  {
    name: "AWS, the newer state first (everything reversed)",
    kind: "aws",
    refresh: true,
    events: (c) =>
      c
        ? awsEvents({ people: 300, awsShare: 1 }, 4)
        : withChanges(awsEvents({ people: 300, awsShare: 1 }, 4), { rate: 0.3, seed: 2 }),
  },
];

describe("stored drift equals the reference diff of full models", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  for (const c of CASES) {
    it(c.name, async () => {
      const src = await ensureSource(t.db, { kind: c.kind, name: c.name });
      const a = await ingest(t.db, c.events(false), { sourceId: src.id, origin: "api", refresh: c.refresh });
      const b = await ingest(t.db, c.events(true), { sourceId: src.id, origin: "api", refresh: c.refresh });
      expect([a.status, b.status]).toEqual(["complete", "complete"]);
      const want = await reference(t.db, a.snapshotId, b.snapshotId);
      // Every kind of change is exercised (a test that can fail).
      const areas = new Set(want.map((l) => `${l.area}:${l.change}`));
      for (const x of [
        "principals:added",
        "principals:removed",
        "principals:changed",
        "memberships:added",
        "memberships:removed",
        "tiers:changed",
        ...(c.also ?? []),
      ])
        expect(areas).toContain(x);
      expect(await stored(t.db, src.id, a.snapshotId, b.snapshotId)).toEqual(want);
      // Reversed pair too (removed ⇄ added), and an unchanged pair has no drift.
      expect(await stored(t.db, src.id, b.snapshotId, a.snapshotId)).toEqual(
        await reference(t.db, b.snapshotId, a.snapshotId),
      );
      expect(await stored(t.db, src.id, a.snapshotId, a.snapshotId)).toEqual([]);
    });
  }

  it("pages, filters and searches in the database", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "paging" });
    const a = await ingest(t.db, awsEvents({ people: 300, awsShare: 1 }, 6), { sourceId: src.id, origin: "api" });
    const b = await ingest(t.db, withChanges(awsEvents({ people: 300, awsShare: 1 }, 6), { rate: 0.3 }), {
      sourceId: src.id,
      origin: "api",
    });
    const all = await stored(t.db, src.id, a.snapshotId, b.snapshotId);
    const pair = await ensureDriftPair(t.db, src.id, a.snapshotId, b.snapshotId);
    const base = { pairIds: [pair.id], sort: "area" as const, dir: "asc" as const };
    const page2 = await listDriftChanges(t.db, { ...base, skip: 10, take: 10 });
    expect(page2.rows.map((r) => r.subject)).toEqual(all.slice(10, 20).map((l) => l.subject));
    const tiers = await listDriftChanges(t.db, { ...base, area: "tiers", change: "changed", skip: 0, take: 1000 });
    expect(tiers.total).toBe(all.filter((l) => l.area === "tiers").length);
    const needle = all
      .find((l) => l.subject.includes("new-"))!
      .subject.slice(0, 12)
      .toLowerCase();
    const found = await listDriftChanges(t.db, { ...base, needle, skip: 0, take: 1000 });
    expect(found.total).toBe(all.filter((l) => l.subject.toLowerCase().includes(needle)).length);
    expect(found.total).toBeGreaterThan(0);
    const pct = await listDriftChanges(t.db, { ...base, needle: "%", skip: 0, take: 10 });
    expect(pct.total).toBe(0);
  });
});
