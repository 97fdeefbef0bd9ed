import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelBatchInput } from "../model";
import { diffSourceSnapshots, driftSince } from "./compute-drift";
import { findingCounts, listFindings } from "../db/findings";
import { getPerson, listPeople, personOfIdentity, savePersonLink } from "../db/people";
import { createDb, tuneDb } from "../db/client";
import { acquireLease } from "../db/lease-lock";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { events, ingestTwoClouds, twoClouds } from "../testing/two-clouds";
import { ingest } from "./ingest";
import { getOverview } from "./overview";
import { REFRESH_LEASE, refreshDerived } from "./refresh-derived";

const data = twoClouds;
const NOW = new Date(data.now);

describe("refresh-derived over ingested model batches", () => {
  let t: TestDb;
  let awsId: string;
  let entraId: string;
  beforeAll(async () => {
    t = await freshTestDb();
    ({ awsId, entraId } = await ingestTwoClouds(t.db));
    // ingest refreshed with the wall clock; refresh again at the data's "now" so staleness is deterministic.
    await refreshDerived(t.db, { now: NOW });
  }, 120_000);
  afterAll(async () => t.close());

  it("stores tiers, MFA enforcement and their explanations on principal rows", async () => {
    const rows = await t.db.principal.findMany({
      select: {
        providerId: true,
        tier: true,
        mfaEnforced: true,
        derived: true,
        snapshot: { select: { status: true } },
      },
    });
    const by = new Map(rows.map((r) => [r.providerId, r]));
    for (const [id, tier] of Object.entries(data.expected.tiers)) expect(by.get(id)?.tier, id).toBe(tier);
    for (const [id, enforced] of Object.entries(data.expected.mfaEnforced))
      expect(by.get(id)?.mfaEnforced, id).toBe(enforced);
    const alice = by.get("AIDAALICE")!.derived as { tierReasons: { permissionSet: string; via: string }[] };
    expect(alice.tierReasons[0]).toMatchObject({ permissionSet: "AdministratorAccess", via: "group Admins" });
    const dan = by.get("e-dan")!.derived as { eligibleTier: string };
    expect(dan.eligibleTier).toBe("admin");
  });

  it("links people across the clouds and answers the auditor's filters", async () => {
    const all = await listPeople(t.db, { take: 100 });
    expect(all.total).toBe(6); // 5 AWS + 5 Entra users, 4 of them linked
    for (const [awsName, names] of Object.entries(data.expected.people as Record<string, string[]>)) {
      const row = all.rows.find((r) => r.summary.identities.some((i) => i.cloud === "aws" && i.name === awsName))!;
      expect(row.summary.identities.map((i) => i.name).sort(), awsName).toEqual([...names].sort());
      expect(row.method).not.toBeNull();
    }
    const admins = await listPeople(t.db, { adminWithoutMfa: true });
    expect(admins.rows.map((r) => r.displayName)).toEqual(data.expected.adminWithoutMfa);
    expect((await listPeople(t.db, { presence: "awsOnly" })).rows.map((r) => r.displayName)).toEqual(["svc-backup"]);
    expect((await listPeople(t.db, { presence: "entraOnly" })).rows.map((r) => r.displayName)).toEqual(["Dan Entra"]);
    expect((await listPeople(t.db, { minTier: "admin", sort: "tier" })).total).toBe(2);
    expect((await listPeople(t.db, { q: "carol" })).rows[0]!.awsTier).toBe("read");
    const leaver = (await listPeople(t.db, { q: "leaver" })).rows[0]!;
    expect(leaver.findings).toBeGreaterThan(0);
    // The People filter "disabled in one cloud, active in the other" lists the people that finding names.
    const disabled = await listFindings(t.db, { rule: ["disabled-in-one-cloud"], take: 100 });
    const mismatch = await listPeople(t.db, { disabledMismatch: true, take: 100 });
    expect(mismatch.total).toBeGreaterThan(0);
    expect(mismatch.rows.map((r) => r.key).sort()).toEqual([...new Set(disabled.rows.map((f) => f.personKey))].sort());
  });

  it("lists findings with severity, source, completeness and person", async () => {
    const { rows } = await listFindings(t.db, { take: 500 });
    const got = rows.map((f) => [f.rule, f.subject, f.severity]);
    for (const e of data.expected.findings) expect(got, JSON.stringify(e)).toContainEqual(e);
    expect(rows.every((f) => f.complete)).toBe(true);
    const critical = await listFindings(t.db, { severity: ["critical"] });
    expect(critical.rows.every((f) => f.severity === "critical")).toBe(true);
    expect(critical.rows.some((f) => f.personKey === `entra:${entraId}:e-alice`)).toBe(true);
    const counts = await findingCounts(t.db);
    expect(counts.total).toBe(rows.length);
  });

  it("computes the overview with not-collected kept apart from zero", async () => {
    const o = await getOverview(t.db);
    const aws = o.clouds.find((c) => c.kind === "aws")!;
    expect(aws.users).toBe(5);
    expect(aws.tiers.admin).toBe(2);
    expect(aws.mfaRegistered).toEqual({ yes: 3, no: 2, unknown: 0 });
    expect(aws.stale).not.toBeNull();
    expect(o.people.adminWithoutEnforcedMfa).toBe(1);
  });

  it("keeps a hand-made split across refreshes and later syncs", async () => {
    await savePersonLink(t.db, {
      leftSourceId: awsId,
      leftProviderId: "AIDABOB",
      rightSourceId: entraId,
      rightProviderId: "e-bob",
      decision: "rejected",
    });
    await refreshDerived(t.db, { now: NOW });
    const bobAws = await personOfIdentity(t.db, awsId, "AIDABOB");
    const bobEntra = await personOfIdentity(t.db, entraId, "e-bob");
    expect(bobAws).not.toBe(bobEntra);
    // A new AWS snapshot (a later sync) does not undo the decision.
    expect(
      (await ingest(t.db, events(data.aws.batch, data.aws.datasets), { sourceId: awsId, origin: "file" })).status,
    ).toBe("complete");
    expect(await personOfIdentity(t.db, awsId, "AIDABOB")).not.toBe(await personOfIdentity(t.db, entraId, "e-bob"));
    await savePersonLink(t.db, {
      leftSourceId: awsId,
      leftProviderId: "AIDASVC",
      rightSourceId: entraId,
      rightProviderId: "e-dan",
      decision: "confirmed",
    });
    await refreshDerived(t.db, { now: NOW });
    const p = await getPerson(t.db, (await personOfIdentity(t.db, awsId, "AIDASVC"))!);
    expect(p.method).toBe("manual");
    expect(p.summary.identities.map((i) => i.name).sort()).toEqual(["dan@acme.example", "svc-backup"]);
  });

  it("waits while another process (another database client) holds the refresh lease", async () => {
    const other = createDb(t.url);
    await tuneDb(other, t.url);
    try {
      const held = await acquireLease(other, REFRESH_LEASE, { owner: "cli-elsewhere" });
      let done = false;
      const refresh = refreshDerived(t.db, { now: NOW, lease: { pollMs: 25 } }).then((r) => {
        done = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(done).toBe(false);
      await held.release();
      const r = await refresh;
      expect(r.timings.wait).toBeGreaterThanOrEqual(450);
      expect(await t.db.lock.count()).toBe(0);
    } finally {
      await other.$disconnect();
    }
  });

  it("diffs two snapshots of a source", async () => {
    const batch = structuredClone(data.aws.batch) as { principals: { providerId: string; name: string }[] };
    batch.principals = batch.principals.filter((p) => p.providerId !== "AIDACAROL");
    expect(
      (await ingest(t.db, events(batch as ModelBatchInput, data.aws.datasets), { sourceId: awsId, origin: "file" }))
        .status,
    ).toBe("complete");
    const d = await diffSourceSnapshots(t.db, awsId);
    expect(d.principals.removed.map((x) => x.label)).toEqual(["carol.jones"]);
    expect(d.tiers.find((x) => x.label === "carol.jones")).toMatchObject({ before: "read", after: null });
    const since = await driftSince(t.db, new Date(Date.now() + 60_000));
    expect(since.every((s) => s.diff === null)).toBe(true);
  });
});
