import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSnapshots, latestCompleteSnapshot } from "../db/snapshots";
import { listSources } from "../db/sources";
import { diffSnapshots, driftLines } from "../analysis/drift";
import { loadSnapshotModel } from "../db/load-snapshot";
import { snapshotTiers } from "../db/principals";
import type { Tier } from "../model";
import { EARLIER_AT } from "../sample/earlier";
import { SAMPLE_DIR } from "../sample/paths";
import { compareSnapshots } from "./compare-snapshots";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { SAMPLE_AWS_SOURCE, SAMPLE_AZURE_SOURCE, SAMPLE_ENTRA_SOURCE, loadSample } from "./load-sample";
import { accessPathsOf } from "../db/access-paths";
import { buildReportDocument } from "./build-report";
import { getPersonAzureScopes } from "./get-person-azure-scopes";

// biome-ignore lint/suspicious/noExplicitAny: the sample's export files, read as plain JSON to compare with what was stored
type Obj = Record<string, any>;
const read = (rel: string): Obj => JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, rel), "utf8")) as Obj;

describe("loadSample (through the real AWS and Entra import services)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("stores both halves as complete snapshots whose counts equal the files", async () => {
    const res = await loadSample(t.db, { rebase: false });
    expect(res.aws.status).toBe("complete");
    expect(res.entra.status).toBe("complete");
    expect(res.shiftedDays).toBe(0);
    const sources = await listSources(t.db);
    expect(sources.map((s) => [s.name, s.kind])).toEqual([
      [SAMPLE_AWS_SOURCE, "aws"],
      [SAMPLE_AZURE_SOURCE, "azure"],
      [SAMPLE_ENTRA_SOURCE, "entra"],
    ]);
    expect(sources.find((s) => s.kind === "azure")?.parentId).toBe(res.entra.sourceId);

    const gaad = read("aws/authorization-details.json");
    const aws = await latestCompleteSnapshot(t.db, res.aws.sourceId);
    expect(aws?.counts).toMatchObject({
      users: gaad.UserDetailList.length,
      groups: gaad.GroupDetailList.length,
      roles: gaad.RoleDetailList.length,
      policies: gaad.Policies.length,
    });
    expect(aws?.datasets.credentialReport).toMatchObject({ collected: true, count: gaad.UserDetailList.length });

    const entra = await latestCompleteSnapshot(t.db, res.entra.sourceId);
    const sps = read("entra/servicePrincipals.json").value as Obj[];
    expect(entra?.counts).toMatchObject({
      users: read("entra/users.json").value.length,
      groups: read("entra/groups.json").value.length,
      directoryRoles: read("entra/roleDefinitions.json").value.length,
      servicePrincipals: sps.filter((s) => s.servicePrincipalType !== "ManagedIdentity").length,
      managedIdentities: sps.filter((s) => s.servicePrincipalType === "ManagedIdentity").length,
      conditionalAccessPolicies: read("entra/conditionalAccessPolicies.json").value.length,
      namedLocations: read("entra/namedLocations.json").value.length,
    });
    for (const d of [
      "users",
      "signInActivity",
      "groups",
      "memberships",
      "directoryRoles",
      "roleAssignments",
      "pimEligibility",
      "mfaRegistration",
      "conditionalAccess",
    ]) {
      expect(entra?.datasets[d]?.collected, d).toBe(true);
    }
    // The people are the ones the files name.
    const zoe = await t.db.principal.findFirst({
      where: { snapshotId: res.entra.snapshotId, upn: "zoe.muller@northwind.example" },
    });
    expect(zoe?.displayName).toBe("Zoë Müller");
    const cto = await t.db.principal.findFirst({ where: { snapshotId: res.aws.snapshotId, name: "hvasquez" } });
    expect(cto?.mfaRegistered).toBe(false);
  });

  it("Azure: Priya Natarajan is Owner of Northwind Production through a group — her access path, her person's Entra tier", async () => {
    const person = await t.db.person.findFirstOrThrow({ where: { displayName: "Priya Natarajan" } });
    expect([person.entraTier, person.awsTier]).toEqual(["admin", "admin"]);
    const paths = (await accessPathsOf(t.db, { personId: person.key })).filter((p) => p.targetKind === "azureScope");
    const owner = paths.find((p) => p.targetName === "Northwind Production" && p.grant === "Owner");
    expect(owner).toMatchObject({ via: "azureRbac", tier: "admin", eligible: false });
    expect(owner?.hops.map((h) => h.name)).toEqual([
      "priya.natarajan@northwind.example",
      "SG-Eng-CloudPlatform",
      "Owner",
      "Northwind Production",
    ]);
    // The person page: Northwind Production with the group path and its resource groups, admin there.
    const scopes = await getPersonAzureScopes(t.db, person.key);
    const prod = scopes.find((s) => s.name === "Northwind Production");
    expect(prod).toMatchObject({
      kind: "subscription",
      tier: "admin",
      resourceGroups: ["rg-data", "rg-fleet", "rg-ops"],
    });
    expect(prod?.paths.find((p) => p.role === "Owner")).toMatchObject({
      group: "SG-Eng-CloudPlatform",
      grantedAt: { name: "Northwind Production" },
      inherited: false,
      state: "direct",
      tier: "admin",
    });
    // The audit report carries the same path, one row per person and path (the person filter keeps hers).
    const audit = await buildReportDocument(t.db, { kind: "audit", format: "json", person: "Priya Natarajan" });
    const table = audit.sections
      .find((s) => s.id === "resource-access")
      ?.blocks.flatMap((b) => (b.type === "table" && b.table.id === "azure-access-paths" ? [b.table] : []))[0];
    expect(table, "azure-access-paths table").toBeDefined();
    const rows: unknown[][] = [];
    for await (const page of Array.isArray(table!.rows) ? [table!.rows] : table!.rows.pages()) rows.push(...page);
    expect(rows.find((r) => r[0] === "Northwind Production" && r[5] === "Owner")).toEqual([
      "Northwind Production",
      "subscription",
      "Priya Natarajan",
      "priya.natarajan@northwind.example",
      "SG-Eng-CloudPlatform",
      "Owner",
      "Northwind Production",
      "admin",
      "permanent",
      "",
      owner?.mfa === "enforced" ? true : owner?.mfa === "notEnforced" ? false : null,
      "priya.natarajan@northwind.example → SG-Eng-CloudPlatform → Owner → Northwind Production",
    ]);
    expect(
      rows.every((r) => r[2] === "Priya Natarajan"),
      "the person filter keeps only her rows",
    ).toBe(true);
    // Every path's person, snapshots and tier are set; PIM-eligible paths exist beside active ones.
    const all = await t.db.accessPath.findMany({ where: { targetKind: "azureScope" } });
    expect(all.length).toBeGreaterThan(20);
    expect(all.some((p) => p.eligible)).toBe(true);
    expect(all.filter((p) => p.tier === null)).toEqual([]);
    const findings = await t.db.finding.groupBy({ by: ["rule"], where: { rule: { startsWith: "azure-" } } });
    expect(findings.map((f) => f.rule).sort()).toEqual([
      "azure-admin-to-guest-or-service-principal",
      "azure-classic-administrators",
      "azure-custom-role-wildcard",
      "azure-orphaned-assignment",
      "azure-permanent-admin-at-subscription",
      "azure-subscription-owner-count",
    ]);
  });

  it("loading again adds a new snapshot of each source; rebasing moves dates to today", async () => {
    const now = new Date("2027-03-01T12:00:00Z");
    const res = await loadSample(t.db, { now });
    expect(res.shiftedDays).toBeGreaterThan(90);
    expect(await listSnapshots(t.db, res.aws.sourceId)).toHaveLength(2);
    expect(await listSnapshots(t.db, res.entra.sourceId)).toHaveLength(2);
    // Helena's password was used 2 days before the sample's date: still 2 days before "now" after rebasing.
    const cto = await t.db.principal.findFirst({ where: { snapshotId: res.aws.snapshotId, name: "hvasquez" } });
    const attrs = cto?.attributes as { passwordLastUsedAt?: string };
    const age = (now.getTime() - new Date(attrs.passwordLastUsedAt!).getTime()) / 86_400_000;
    expect(age).toBeGreaterThan(1);
    expect(age).toBeLessThan(3);
  });

  it("with history: an earlier snapshot of each source, dated then, whose drift shows the last weeks' changes", async () => {
    const h = await freshTestDb();
    try {
      const res = await loadSample(h.db, { rebase: false, history: true });
      expect(res.earlier?.aws.status).toBe("complete");
      const snaps = await listSnapshots(h.db, res.aws.sourceId);
      expect(snaps.map((s) => s.id)).toEqual([res.aws.snapshotId, res.earlier!.aws.snapshotId]);
      expect(snaps[1]!.finishedAt).toEqual(EARLIER_AT);
      const lines = async (sourceId: string) => {
        const page = await compareSnapshots(h.db, { source: sourceId, size: "1000" });
        return page.rows.map((r) => `${r.area} ${r.change} ${r.subject}`);
      };
      const aws = await lines(res.aws.sourceId);
      const entra = await lines(res.entra.sourceId);
      expect(aws).toEqual(
        expect.arrayContaining([
          "principals added kristen.reichel",
          "principals removed olivier.petit",
          "memberships removed noah.fischer in CloudPlatform",
          "permissionSets changed NorthwindDeveloperAccess",
        ]),
      );
      expect(aws.some((l) => l.startsWith("tiers changed noah.fischer"))).toBe(true);
      expect(entra).toEqual(
        expect.arrayContaining([
          "principals added kristen.reichel@northwind.example",
          "principals removed olivier.petit@northwind.example",
          "memberships added noah.fischer@northwind.example in SG-Sales",
          "memberships removed noah.fischer@northwind.example in SG-Eng-Backend",
          "assignments added Cloud Application Administrator → camille.laurent@northwind.example",
          "accessControls changed CA004: Block legacy authentication",
        ]),
      );
      expect(entra.some((l) => l.startsWith("tiers changed camille.laurent@northwind.example"))).toBe(true);
      // The stored drift equals the reference diff of the two full models.
      for (const [e, c] of [
        [res.earlier!.aws, res.aws],
        [res.earlier!.entra, res.entra],
      ] as const) {
        const want = driftLines(
          diffSnapshots(await loadSnapshotModel(h.db, e.snapshotId), await loadSnapshotModel(h.db, c.snapshotId), {
            before: (await snapshotTiers(h.db, e.snapshotId)) as Map<string, Tier | null>,
            after: (await snapshotTiers(h.db, c.snapshotId)) as Map<string, Tier | null>,
          }),
        );
        const page = await compareSnapshots(h.db, { source: c.sourceId, size: "1000" });
        expect(
          page.rows.map(({ area, change, kind, subject, detail }) => ({ area, change, kind, subject, detail })),
        ).toEqual(want);
      }
      // The "over time" chart: one stored drift per consecutive pair, the newer snapshot's date.
      const overTime = (await compareSnapshots(h.db, { source: res.aws.sourceId })).extra.history;
      expect(overTime.map((p) => [p.at, p.added + p.removed + p.changed])).toEqual([
        [snaps[0]!.finishedAt!.toISOString(), aws.length],
      ]);
      // Since a date between the two: both clouds, the same changes.
      const since = await compareSnapshots(h.db, {
        since: new Date(EARLIER_AT.getTime() + 86_400_000).toISOString(),
        size: "1000",
      });
      expect(since.total).toBe(aws.length + entra.length);
    } finally {
      await h.close();
    }
  }, 120_000);
});
