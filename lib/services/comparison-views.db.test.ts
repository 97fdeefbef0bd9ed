import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { exportTableRows } from "./browse-table";
import { browseCaCoverage } from "./browse-ca-coverage";
import { browseFindings, FINDINGS_TABLE } from "./browse-findings";
import { browsePeople, PEOPLE_TABLE } from "./browse-people";
import { compareSnapshots } from "./compare-snapshots";
import { getAccessModels } from "./get-access-models";
import { getPerson } from "./get-person";
import { confirmPerson, linkPeople, matchCandidatesOf, splitPerson, undoDecision } from "./link-people";
import { loadSample } from "./load-sample";
import { translateForWorkshop } from "./translate-workshop";

/*
 * The comparison views' services over the sample organisation (loaded through the real importers; refresh-derived
 * runs after each snapshot): filters do what their names say, exports equal what the table shows, person-link
 * decisions change the people and survive a re-sync, drift compares two snapshots.
 */
describe("comparison views over the sample organisation", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
    await loadSample(t.db);
  }, 240_000);
  afterAll(async () => t.close());

  it("people: 'admins without enforced MFA' lists only such people, and the export equals the table", async () => {
    const res = await browsePeople(t.db, { view: "admin-no-mfa", size: "500" });
    expect(res.total).toBeGreaterThan(0);
    for (const r of res.rows) expect(r.adminUnenforced).toBe(true);
    const exported = [];
    for await (const row of exportTableRows(PEOPLE_TABLE, t.db, new URLSearchParams({ view: "admin-no-mfa" })))
      exported.push(row);
    expect(exported.length).toBe(res.total);
    expect(exported.every((r) => r.adminWithoutEnforcedMfa === true)).toBe(true);
  });

  it("people: unmatched rows have one side only; linked rows have both", async () => {
    const un = await browsePeople(t.db, { view: "unmatched", size: "500" });
    expect(un.total).toBeGreaterThan(0);
    for (const r of un.rows) expect(r.aws.length === 0 || r.entra.length === 0).toBe(true);
    for (const r of un.rows)
      expect({ person: r.displayName, federated: !!r.summary.federatedAws }).toEqual({
        person: r.displayName,
        federated: false,
      });
    // AWS access through Entra (the sample's SAML app) is AWS: a linked row has an AWS identity or such access.
    const linked = await browsePeople(t.db, { view: "linked", size: "500" });
    for (const r of linked.rows)
      expect({
        person: r.displayName,
        both: (r.aws.length > 0 || !!r.summary.federatedAws) && r.entra.length > 0,
      }).toEqual({ person: r.displayName, both: true });
  });

  it("person page: both sides with tier reasons, MFA and CA coverage", async () => {
    const linked = await browsePeople(t.db, { view: "linked", sort: "tier", dir: "desc" });
    const p = await getPerson(t.db, linked.rows.find((r) => r.aws.length > 0)!.id);
    expect(p.aws.length).toBeGreaterThan(0);
    expect(p.entra.length).toBeGreaterThan(0);
    const aws = p.aws[0]!;
    expect(aws.tier?.tier).toBeTruthy();
    if (aws.tier!.tier !== "none") expect(aws.tier!.reasons.length).toBeGreaterThan(0);
    const entra = p.entra[0]!;
    expect(entra.caCollected).toBe(true);
    expect(entra.ca?.coverage.length).toBeGreaterThan(0);
    for (const c of entra.ca!.coverage) expect(["applies", "excluded", "notInScope"]).toContain(c.status);
  });

  it("split → the identities become separate people; undoing the decisions → one again; confirm is recorded", async () => {
    const linked = await browsePeople(t.db, { view: "linked", sort: "name", dir: "asc" });
    // A person whose two identities were matched (not one reaching AWS through Entra only).
    const before = linked.rows.find((r) => r.aws.length > 0)!;
    const awsId = before.aws[0]!;
    const afterSplit = await splitPerson(t.db, before.id, "e2e: not the same");
    const split = await getPerson(t.db, afterSplit!);
    expect(split.aws.length === 0 || split.entra.length === 0).toBe(true);
    expect(split.links.some((l) => l.decision === "rejected")).toBe(true);
    let personId = split.person.id;
    for (const l of split.links.filter((x) => x.decision === "rejected"))
      personId = (await undoDecision(t.db, personId, l.id))!;
    const back = await getPerson(t.db, personId);
    expect(back.entra.length).toBeGreaterThan(0);
    expect(back.aws.some((i) => i.providerId === awsId.providerId)).toBe(true);
    const confirmed = await getPerson(t.db, (await confirmPerson(t.db, back.person.id))!);
    expect(confirmed.person.method).toBe("manual");
    expect(confirmed.links.some((l) => l.decision === "confirmed")).toBe(true);
  }, 120_000);

  it("ambiguous match: the candidates are named and one choice links the person with it", async () => {
    const amb = await browsePeople(t.db, { view: "ambiguous", size: "500" });
    const jw = amb.rows.find((r) => r.aws.some((i) => i.name === "jwilson"));
    expect(jw, amb.rows.map((r) => r.displayName).join(", ")).toBeDefined();
    const candidates = await matchCandidatesOf(t.db, jw!);
    expect(candidates.length).toBe(2);
    for (const c of candidates) expect(c.personId, c.name).not.toBeNull();
    const chosen = candidates[0]!;
    const after = await getPerson(t.db, (await linkPeople(t.db, jw!.id, chosen.personId!))!);
    expect(after.person.method).toBe("manual");
    expect(after.aws.map((i) => i.principal?.name)).toContain("jwilson");
    expect(after.entra.map((i) => i.principal?.name ?? i.providerId)).toHaveLength(1);
  }, 120_000);

  it("findings: the severity filter holds and the export equals the table", async () => {
    const res = await browseFindings(t.db, { severity: "high", size: "500" });
    expect(res.total).toBeGreaterThan(0);
    for (const r of res.rows) expect(r.severity).toBe("high");
    let n = 0;
    for await (const row of exportTableRows(FINDINGS_TABLE, t.db, new URLSearchParams({ severity: "high" }))) {
      expect(row.severity).toBe("high");
      n++;
    }
    expect(n).toBe(res.total);
  });

  it("drift: one snapshot says so; a second import compares the last two", async () => {
    const one = await compareSnapshots(t.db, {});
    expect(one.extra.notes.join(" ")).toMatch(/fewer than two/i);
    await loadSample(t.db);
    const two = await compareSnapshots(t.db, {});
    expect(two.extra.notes).toEqual([]);
    expect(two.extra.from).not.toBe(two.extra.to);
    expect(two.total).toBe(0); // the same files twice: nothing changed
  }, 240_000);

  it("coverage matrix: admins only, one cell per CA policy, break-glass labelled", async () => {
    const res = await browseCaCoverage(t.db, { who: "admins" });
    expect(res.extra.policies.length).toBeGreaterThan(0);
    for (const r of res.rows) {
      expect(["admin", "privileged"]).toContain(r.tier);
      expect(r.cells.length).toBe(res.extra.policies.length);
    }
    expect(res.rows.some((r) => r.breakGlass)).toBe(true);
  });

  it("coverage: the matrix, the person page and the findings say the same of each admin (Sync_NWDC01 too)", async () => {
    const res = await browseCaCoverage(t.db, { who: "admins", size: "500" });
    const stateOf = new Map(res.extra.policies.map((p) => [p.id, p.state]));
    const sync = res.rows.find((r) => r.name.startsWith("Sync_NWDC01"));
    expect(sync, res.rows.map((r) => r.name).join(", ")).toBeDefined();
    const noMfa = await browseFindings(t.db, { rule: "admin-without-mfa-enforcement", size: "500" });
    const flagged = new Set(noMfa.rows.map((f) => f.subjectProviderId));
    for (const r of res.rows) {
      // The MFA column is the finding's answer: a row shown with MFA has no finding, and the other way round.
      if (r.mfaEnforced !== null && !r.breakGlass) expect(flagged.has(r.providerId), r.name).toBe(!r.mfaEnforced);
      res.extra.policies.forEach((p, i) => {
        const c = r.cells[i]!;
        // Only a policy that is on can be "enforced"; a targeted report-only or off policy says so.
        if (c.status === "applies")
          expect(c.state, `${r.name} × ${p.name}`).toBe(stateOf.get(p.id) === "on" ? "enforced" : stateOf.get(p.id));
        else expect(c.state, `${r.name} × ${p.name}`).toBe(c.status);
      });
    }
    expect(sync!.mfaEnforced).toBe(false);
    const person = await browsePeople(t.db, { q: "sync_nwdc01" });
    const detail = await getPerson(t.db, person.rows[0]!.id);
    const entra = detail.entra[0]!;
    expect(entra.principal?.mfaEnforced).toBe(false);
    const states = new Set(res.rows.flatMap((r) => r.cells.map((c) => c.state)));
    for (const s of ["enforced", "reportOnly", "off", "excluded", "notInScope"]) expect(states, s).toContain(s);
  });

  it("translator and access models use the loaded data", async () => {
    const report = await translateForWorkshop(
      t.db,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      }),
    );
    expect(report.results[0]?.error).toBeNull();
    expect(report.results[0]?.suggestions.some((s) => s.target === "azure-rbac-role")).toBe(true);
    const bad = await translateForWorkshop(t.db, "{ nope");
    expect(bad.results[0]?.error).toMatch(/JSON/);
    const models = await getAccessModels(t.db);
    const groups = models.concepts.find((c) => c.concept === "Groups")!;
    expect(groups.awsExamples.length).toBe(1);
    expect(groups.entraExamples.length).toBe(1);
  });
});
