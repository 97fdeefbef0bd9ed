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
import { coverageState } from "../model/access-control";
import { latestCompleteSnapshots, loadSnapshotModel } from "../db/load-snapshot";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { browseCaCoverage } from "./browse-ca-coverage";
import { getPrincipalDetail } from "./browse-principal";
import { browsePeople } from "./browse-people";
import { getPerson } from "./get-person";
import { loadSample } from "./load-sample";

/**
 * The pages that evaluate live (person, principal, CA coverage matrix) read scoped models; what they show must be
 * what the whole snapshot gives. Checked on the sample organisation, page by page.
 */

let t: TestDb;
let catalog: ActionCatalog;
let aws: SourceModel;
let entra: SourceModel;

beforeAll(async () => {
  t = await freshTestDb();
  await loadSample(t.db, { rebase: false });
  catalog = await loadActionCatalog();
  for (const s of await latestCompleteSnapshots(t.db)) {
    const m = await loadSnapshotModel(t.db, s.snapshotId);
    if (m.kind === "aws") aws = m;
    else entra = m;
  }
}, 120_000);
afterAll(async () => t.close());

describe("pages on scoped models show what the whole snapshot gives", () => {
  it("CA coverage matrix: every user on every page, every cell and flag", async () => {
    const policies = (await browseCaCoverage(t.db, {})).extra.policies;
    expect(policies.map((p) => p.id)).toEqual(entra.accessControls.map((c) => c.providerId));
    let seen = 0;
    for (let page = 1; ; page++) {
      const res = await browseCaCoverage(t.db, { page: String(page), size: "100" });
      for (const r of res.rows) {
        const s = caCoverage(entra, r.providerId, catalog);
        const byId = new Map(s.coverage.map((c) => [c.policyId, c]));
        expect(r.cells, r.name).toEqual(
          policies.map((p) => ({
            status: byId.get(p.id)!.status,
            state: coverageState(byId.get(p.id)!.status, p.state),
            why: byId.get(p.id)!.why.join(" "),
          })),
        );
        expect(r.enforcement).toBe(s.enforcement);
        expect(r.breakGlass).toBe(mfaStatus(entra, r.providerId, catalog).breakGlass?.reason ?? null);
      }
      seen += res.rows.length;
      if (res.rows.length < 100) break;
    }
    expect(seen).toBe(entra.principals.filter((p) => p.kind === "user").length);
  }, 120_000);

  it("CA coverage matrix, admins: every admin, then every privileged user, with their totals", async () => {
    const res = await browseCaCoverage(t.db, { who: "admins" });
    const count = (tier: string) =>
      t.db.principal.count({ where: { snapshotId: entra.snapshotId, kind: "user", tier } });
    const [admins, privileged] = [await count("admin"), await count("privileged")];
    expect(admins).toBeGreaterThan(0);
    expect(privileged).toBeGreaterThan(0);
    expect(res.total).toBe(admins + privileged);
    expect(res.rows.map((r) => r.tier)).toEqual([
      ...Array(admins).fill("admin"),
      ...Array(privileged).fill("privileged"),
    ]);
  });

  it("principal page: effective permissions of every AWS user, role and group", async () => {
    const ids = await t.db.principal.findMany({
      where: { snapshotId: aws.snapshotId },
      select: { id: true, providerId: true, kind: true },
    });
    let boundaries = 0;
    for (const p of ids) {
      const d = await getPrincipalDetail(t.db, p.id, { service: "s3" });
      const full = effectivePermissions(aws, p.providerId, catalog, { service: "s3", limit: 2000 });
      expect(d.effectiveError).toBeNull();
      expect(d.effective?.summary, p.providerId).toEqual(full.summary);
      expect(d.effective?.actions).toEqual(full.actions);
      expect(d.effective?.sources.map((s) => `${s.providerId}|${s.via}|${s.viaName ?? ""}`)).toEqual(
        full.effective.sources.map((s) => `${s.permissionSet.providerId}|${s.via}|${s.viaName ?? ""}`),
      );
      if (full.effective.hasBoundary) boundaries++;
    }
    expect(boundaries).toBeGreaterThan(0);
  }, 120_000);

  it("person page: each identity's tier, MFA and CA coverage", async () => {
    const people = await browsePeople(t.db, { view: "linked", sort: "tier", dir: "desc", size: "50" });
    expect(people.rows.length).toBeGreaterThan(0);
    for (const row of people.rows.slice(0, 20)) {
      const p = await getPerson(t.db, row.id);
      for (const d of [...p.aws, ...p.entra]) {
        const m = d.cloud === "aws" ? aws : entra;
        expect(d.error).toBeNull();
        expect(d.tier).toEqual(tierOf(m, d.providerId, catalog));
        expect(d.mfa).toEqual(mfaStatus(m, d.providerId, catalog));
        const { index } = analyzed(m, catalog);
        expect(d.groups.filter((g) => g.direct).map((g) => g.providerId)).toEqual(
          index.directGroupsOf.get(d.providerId) ?? [],
        );
        expect(d.groups.map((g) => g.providerId).sort()).toEqual([...index.groupsOf(d.providerId)].sort());
        if (d.cloud === "entra") expect(d.ca).toEqual(caCoverage(m, d.providerId, catalog));
        else expect(d.access).toEqual(effectivePermissions(m, d.providerId, catalog, { limit: 1 }).summary);
      }
    }
  }, 120_000);
});
