import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyzed,
  caCoverage,
  effectivePermissions,
  loadActionCatalog,
  mfaStatus,
  tierOf,
  type ActionCatalog,
  type SourceModel,
} from "../analysis";
import { awsEvents, entraEvents } from "../bench/analysis-org";
import type { ConnectorEvent, ModelBatchInput } from "../model";
import { ingest } from "./ingest";
import { loadSample } from "./load-sample";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { latestCompleteSnapshots, loadSnapshotModel } from "../db/load-snapshot";
import { loadScopedModel, loadSnapshotFrame } from "../db/load-scoped-model";
import { ensureSource } from "../db/sources";

/**
 * Table test: for every principal, what the person / principal pages and the CA matrix evaluate (tier with reasons,
 * MFA, CA coverage with why, AWS effective permissions) is the same on the scoped model as on the whole snapshot.
 */

let catalog: ActionCatalog;

/** Everything a page shows about one principal, evaluated on `model`. */
function evaluate(model: SourceModel, id: string) {
  const kind = model.principals.find((p) => p.providerId === id)!.kind;
  const a = analyzed(model, catalog);
  const eff =
    model.kind === "aws" && ["user", "role", "group"].includes(kind)
      ? effectivePermissions(model, id, catalog, { limit: 50 })
      : null;
  return {
    tier: tierOf(model, id, catalog),
    mfa: mfaStatus(model, id, catalog),
    ca: model.kind === "entra" && kind === "user" && a.caCollected ? caCoverage(model, id, catalog) : null,
    caCollected: a.caCollected,
    access: eff && {
      summary: eff.summary,
      actions: eff.actions,
      hasBoundary: eff.effective.hasBoundary,
      sources: eff.effective.sources.map((s) => `${s.permissionSet.providerId}|${s.via}|${s.viaName ?? ""}`),
    },
    groups: a.index.groupsOf(id),
    directGroups: a.index.directGroupsOf.get(id) ?? [],
    policies: a.caFacts.map((f) => f.control.providerId),
    datasets: model.datasets,
  };
}

type Evaluation = ReturnType<typeof evaluate>;

/** The features the table must cover for it to prove anything; counted on the whole-snapshot results. */
function coverage(results: Evaluation[]) {
  const why = results.flatMap((r) => r.ca?.coverage.flatMap((c) => c.why) ?? []);
  return {
    groupReasons: results.filter((r) =>
      [...r.tier.reasons, ...r.tier.eligibleReasons].some((x) => x.via?.startsWith("group")),
    ).length,
    eligible: results.filter((r) => r.tier.eligibleTier).length,
    nestedMembers: results.filter((r) => r.groups.length > r.directGroups.length).length,
    nestedCa: why.filter((w) => w.includes("(nested)")).length,
    byRole: why.filter((w) => w.startsWith("holds role")).length,
    excluded: results.filter((r) => r.ca?.coverage.some((c) => c.status === "excluded")).length,
    guests: why.filter((w) => w.startsWith("guest")).length,
    breakGlass: results.filter((r) => r.mfa.breakGlass).length,
    boundaries: results.filter((r) => r.access?.hasBoundary).length,
    viaGroupAccess: results.filter((r) => r.access?.sources.some((s) => s.includes("|group|"))).length,
  };
}

/** Compares every principal of every latest snapshot: one at a time (the person page) and in pages (the CA matrix). */
async function compareAll(t: TestDb, opts: { singleKinds: string[]; page: number }) {
  const features: ReturnType<typeof coverage>[] = [];
  // Scoped models are about principals: the sample's Azure estate holds none (its grants are the Entra side's).
  const snaps = (await latestCompleteSnapshots(t.db)).filter((s) => s.kind === "aws" || s.kind === "entra");
  expect(snaps.map((s) => s.kind).sort()).toEqual(["aws", "entra"]);
  for (const snap of snaps) {
    const full = await loadSnapshotModel(t.db, snap.snapshotId);
    const expected = new Map(full.principals.map((p) => [p.providerId, evaluate(full, p.providerId)]));
    features.push(coverage([...expected.values()]));
    const frame = await loadSnapshotFrame(t.db, snap.snapshotId);
    let singles = 0;
    for (const p of full.principals) {
      if (!opts.singleKinds.includes(p.kind)) continue;
      const scoped = await loadScopedModel(t.db, snap.snapshotId, [p.providerId], frame);
      expect(evaluate(scoped, p.providerId), `${full.sourceName} ${p.kind} ${p.name}`).toEqual(
        expected.get(p.providerId),
      );
      // Scoped means scoped: the principal, its groups — not the snapshot.
      expect(scoped.principals.length).toBeLessThan(Math.max(2, full.principals.length / 2));
      singles++;
    }
    expect(singles).toBeGreaterThan(0);
    for (let i = 0; i < full.principals.length; i += opts.page) {
      const ids = full.principals.slice(i, i + opts.page).map((p) => p.providerId);
      const scoped = await loadScopedModel(t.db, snap.snapshotId, ids, frame);
      for (const id of ids) expect(evaluate(scoped, id), `${full.sourceName} ${id} (page)`).toEqual(expected.get(id));
    }
  }
  return features;
}

const sum = (fs: ReturnType<typeof coverage>[]) =>
  Object.fromEntries(
    Object.keys(fs[0]!).map((k) => [k, fs.reduce((n, f) => n + f[k as keyof typeof f], 0)]),
  ) as ReturnType<typeof coverage>;

type Features = ReturnType<typeof coverage>;

function expectCovered(f: Features, keys: (keyof Features)[]): void {
  expect(Object.fromEntries(keys.map((k) => [k, f[k] > 0]))).toEqual(Object.fromEntries(keys.map((k) => [k, true])));
}

beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe("loadScopedModel equals the whole snapshot, principal by principal", () => {
  describe("sample organisation", () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await freshTestDb();
      await loadSample(t.db, { rebase: false });
    });
    afterAll(async () => t.close());

    it("every principal: tier, MFA, CA coverage, effective permissions", async () => {
      const f = sum(
        await compareAll(t, {
          singleKinds: ["user", "group", "role", "servicePrincipal", "managedIdentity"],
          page: 40,
        }),
      );
      // The sample exercises what the scoped loader must follow (its CA policies name no parent group of a nested one).
      expectCovered(f, [
        "groupReasons",
        "eligible",
        "nestedMembers",
        "byRole",
        "excluded",
        "guests",
        "breakGlass",
        "boundaries",
        "viaGroupAccess",
      ]);
    }, 240_000);

    it("a scoped model keeps 'not collected' apart: datasets and CA collection as the snapshot says", async () => {
      const [snap] = (await latestCompleteSnapshots(t.db)).filter((s) => s.kind === "entra");
      const scoped = await loadScopedModel(t.db, snap!.snapshotId, []);
      const full = await loadSnapshotModel(t.db, snap!.snapshotId);
      expect(scoped.datasets).toEqual(full.datasets);
      expect(scoped.accessControls).toEqual(full.accessControls);
      expect(scoped.namedLocations).toEqual(full.namedLocations);
      expect(scoped.principals).toEqual([]);
    });

    it("an unknown snapshot is NOT_FOUND", async () => {
      await expect(loadScopedModel(t.db, "no-such-snapshot", ["x"])).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });

  describe("generated organisation (lib/bench/analysis-org) with boundaries, unassigned inline policies, group cycles and role-holding groups", () => {
    let t: TestDb;
    const size = { people: 300, awsShare: 0.6 };
    const READONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    const GA = "62e90394-69f5-4237-9190-012177145e10";

    async function* plus(
      events: AsyncIterable<ConnectorEvent>,
      extra: ModelBatchInput,
    ): AsyncGenerator<ConnectorEvent> {
      let done = false;
      for await (const e of events) {
        // before the datasets: the snapshot's data batches end there
        if (!done && e.type === "dataset") {
          yield { type: "batch", batch: extra };
          done = true;
        }
        yield e;
      }
    }

    beforeAll(async () => {
      t = await freshTestDb();
      const aws = await ensureSource(t.db, { kind: "aws", name: "gen-aws" });
      const entra = await ensureSource(t.db, { kind: "entra", name: "gen-entra" });
      const arn = (n: string) => `arn:aws:iam::111111111111:user/${n}`;
      await ingest(
        t.db,
        plus(awsEvents(size), {
          principals: [
            // an admin held back by a read-only boundary (attribute form), and one by a boundary assignment
            {
              kind: "user",
              providerId: "AIDAB1",
              name: "bounded1",
              displayName: "bounded1",
              arn: arn("bounded1"),
              attributes: { permissionsBoundaryArn: READONLY },
              raw: null,
            },
            {
              kind: "user",
              providerId: "AIDAB2",
              name: "bounded2",
              displayName: "bounded2",
              arn: arn("bounded2"),
              raw: null,
            },
          ],
          memberships: [
            { groupProviderId: "AGPA0", memberProviderId: "AIDAB1", direct: true },
            { groupProviderId: "AGPA0", memberProviderId: "AIDAB2", direct: true },
          ],
          assignments: [
            { principalProviderId: "AIDAB2", permissionSetProviderId: READONLY, scope: "*", kind: "boundary" },
          ],
          permissionSets: [
            // inline policies recorded without an assignment row: found by owner id and by owner ARN
            {
              kind: "inlinePolicy",
              providerId: `${arn("bounded2")}#inline/iam`,
              name: "iam",
              builtIn: false,
              ownerProviderId: arn("bounded2"),
              document: null,
              statements: [
                {
                  effect: "Allow",
                  actions: ["iam:CreateAccessKey"],
                  notActions: [],
                  resources: ["*"],
                  notResources: [],
                },
              ],
            },
            {
              kind: "inlinePolicy",
              providerId: "AIDA7#inline/s3",
              name: "s3",
              builtIn: false,
              ownerProviderId: "AIDA7",
              document: null,
              statements: [
                { effect: "Allow", actions: ["s3:PutObject"], notActions: [], resources: ["*"], notResources: [] },
              ],
            },
            {
              kind: "inlinePolicy",
              providerId: "AGPA5#inline/kms",
              name: "kms",
              builtIn: false,
              ownerProviderId: "AGPA5",
              document: null,
              statements: [{ effect: "Allow", actions: ["kms:*"], notActions: [], resources: ["*"], notResources: [] }],
            },
          ],
        }),
        { sourceId: aws.id, origin: "api", refresh: false },
      );
      await ingest(
        t.db,
        plus(entraEvents(size), {
          memberships: [
            // a cycle (g-105 is already in g-5) and a transitive row that indexSource ignores when direct rows exist
            { groupProviderId: "g-105", memberProviderId: "g-5", direct: true },
            { groupProviderId: "g-7", memberProviderId: "u-1", direct: false },
          ],
          // a role-assignable group holding Global Administrator, and one eligible for it: users two levels down hold it
          assignments: [
            { principalProviderId: "g-1", permissionSetProviderId: GA, scope: "/", kind: "direct" },
            { principalProviderId: "g-2", permissionSetProviderId: GA, scope: "/", kind: "eligible" },
          ],
        }),
        { sourceId: entra.id, origin: "api", refresh: false },
      );
    });
    afterAll(async () => t.close());

    it("every principal: tier, MFA, CA coverage, effective permissions", async () => {
      // One at a time for users (the person page); every principal in pages of 50 (the CA matrix).
      const f = sum(await compareAll(t, { singleKinds: ["user"], page: 50 }));
      expectCovered(f, [
        "groupReasons",
        "eligible",
        "nestedMembers",
        "nestedCa",
        "byRole",
        "excluded",
        "breakGlass",
        "viaGroupAccess",
      ]);
      expect(f.boundaries).toBe(2);
    }, 240_000);
  });
});
