import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxTier } from "../analysis/tiers";
import { ensureSource } from "../db/sources";
import { entraModel } from "../fakes/aws-org/as-models";
import { generateOrganization } from "../fakes/aws-org/generate";
import {
  isUsablePath,
  ZModelBatchSchema,
  type AccessPathAttributes,
  type PersonSummaryJson,
  type Tier,
} from "../model";
import { TEST_CREDENTIALS } from "../testing/aws-org-clients";
import { withFakeOrganization } from "../testing/aws-org-fake";
import { ingest } from "./ingest";
import { syncAwsOrganization } from "./sync-aws-organization";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { openList, walkFigures } from "../testing/number-walk";
import { browsePeople, PEOPLE_TABLE } from "./browse-people";
import { readAzureEstates } from "./refresh-azure-views";
import { loadSample } from "./load-sample";
import { getOverview } from "./overview";
import { listSourceSummaries } from "./browse-sources";
import { overviewFigures, sourceFigures, type OverviewFigure } from "./overview-figures";

/*
 * The number walk: every number of the overview opens a list of exactly that many rows. Each figure's link is
 * opened through the table service its page uses (people, findings, the AWS / Entra inventory tabs), on the sample
 * organisation; a link parameter the list does not understand (and so silently ignores) fails too. Generic over
 * overviewFigures(), so a number added to the overview is walked without changing this test. Runs on SQLite and,
 * with TEST_DATABASE=postgres, on PostgreSQL.
 */

describe("overview number walk (sample organisation)", () => {
  let t: TestDb;
  let figures: OverviewFigure[];
  beforeAll(async () => {
    t = await freshTestDb();
    await loadSample(t.db, { rebase: false });
    figures = overviewFigures(await getOverview(t.db), await readAzureEstates(t.db));
  }, 240_000);
  afterAll(async () => t.close());

  it("has the numbers of both clouds, the people and the findings", () => {
    const ids = figures.map((f) => f.id);
    for (const id of [
      "aws.users",
      "aws.admins",
      "entra.admins",
      "aws.tier.none",
      "entra.stale.never",
      "people.linked",
      "people.awsFederated",
      "people.awsAdmins",
      "azure.assignments.admin",
      "azure.assignments.eligible",
    ])
      expect(ids, id).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("every linked number opens a list of exactly that many rows", async () => {
    const wrong = await walkFigures(t.db, figures);
    expect(wrong).toEqual([]);
  }, 120_000);

  it("every count on the Sources page opens that source's list of exactly that many rows", async () => {
    const wrong: string[] = [];
    const sources = await listSourceSummaries(t.db);
    expect(sources.length).toBe(3);
    for (const s of sources) {
      for (const f of sourceFigures(s.source.kind, s.source.id, s.counts ?? {})) {
        if (f.href === null || f.value === null) {
          wrong.push(`${s.source.name} ${f.label}: not collected in the sample`);
          continue;
        }
        const { total, ignored } = await openList(t.db, f.href);
        if (ignored.length) wrong.push(`${s.source.name} ${f.label}: ${f.href} ignores ${ignored.join(", ")}`);
        if (total !== f.value) wrong.push(`${s.source.name} ${f.label} shows ${f.value}, ${f.href} lists ${total}`);
      }
    }
    expect(wrong).toEqual([]);
    // The Azure estate has its counts too (not an empty cell): every one collected in the sample.
    const azure = sources.find((s) => s.source.kind === "azure")!;
    expect(sourceFigures("azure", azure.source.id, azure.counts ?? {}).map((f) => [f.id, f.value !== null])).toEqual([
      ["source.roleAssignments", true],
      ["source.eligibleAssignments", true],
      ["source.denyAssignments", true],
      ["source.classicAdministrators", true],
    ]);
  }, 60_000);

  it("an Azure source whose dataset was not collected shows it as not collected, never 0, and links nowhere", () => {
    const figs = sourceFigures("azure", "src", { roleAssignments: 3, eligibleAssignments: null });
    expect(figs.find((f) => f.id === "source.eligibleAssignments")).toMatchObject({ value: null, href: null });
    expect(figs.find((f) => f.id === "source.denyAssignments")).toMatchObject({ value: null, href: null });
    expect(figs.find((f) => f.id === "source.roleAssignments")?.href).toBe(
      "/azure?tab=assignments&estate=src&state=roleAssignment",
    );
  });
});

// People whose AWS access is through Entra only (Identity Center, SAML; no IAM user): an organisation synced from the
// local fake (one member account refusing the role) beside its Entra tenant, refreshed as a user's sync refreshes.
const org = generateOrganization({
  accounts: 4,
  users: 20,
  groups: 5,
  permissionSets: 5,
  assignments: 24,
  seed: 33,
  memberRole: { name: "CrosswalkAudit", externalId: "cw-ext-33" },
  lockedAccounts: 1,
});
const fake = withFakeOrganization(org);

describe("overview number walk with federated people (organisation + its Entra tenant)", () => {
  let t: TestDb;
  let figures: OverviewFigure[];
  beforeAll(async () => {
    t = await freshTestDb();
    const res = await syncAwsOrganization(t.db, {
      connection: {
        orgEndpoint: fake.url,
        credentials: TEST_CREDENTIALS,
        memberRoleName: "CrosswalkAudit",
        memberExternalId: "cw-ext-33",
        maxAttempts: 6,
      },
      member: { credentialReportPollMs: 1 },
    });
    expect(res.status).toBe("complete");
    const e = entraModel(org);
    const src = await ensureSource(t.db, { kind: "entra", name: "tenant" });
    // One user in no group and assigned to no app: in the tenant, no path into AWS.
    const nopath = {
      kind: "user" as const,
      providerId: "7e1f0c2a-9b3d-4e5f-8a6b-0c1d2e3f4a5b",
      name: "nora.nopath@fabrikam.example",
      displayName: "Nora Nopath",
      upn: "nora.nopath@fabrikam.example",
      enabled: true,
      raw: {},
    };
    const batch = ZModelBatchSchema.parse({
      principals: [...e.principals, nopath],
      memberships: e.memberships,
      permissionSets: e.permissionSets,
      assignments: e.assignments,
      accessControls: e.accessControls,
      namedLocations: e.namedLocations,
    });
    const r = await ingest(
      t.db,
      (async function* () {
        yield { type: "batch" as const, batch };
      })(),
      { sourceId: src.id, origin: "file" },
    );
    expect(r.error?.message ?? null).toBeNull();
    figures = overviewFigures(await getOverview(t.db));
  }, 240_000);
  afterAll(async () => t.close());

  /** Each person as the stored paths say they should be: AWS through Entra when a usable path exists. */
  async function expectedPeople() {
    const paths = await t.db.accessPath.findMany({
      where: { targetKind: "awsAccount" },
      select: { personId: true, tier: true, attributes: true },
    });
    const usable = new Map<string, (Tier | null)[]>();
    for (const p of paths) {
      if (!p.personId || !isUsablePath({ attributes: p.attributes as AccessPathAttributes })) continue;
      usable.set(p.personId, [...(usable.get(p.personId) ?? []), p.tier as Tier | null]);
    }
    const people = await t.db.person.findMany({ orderBy: { id: "asc" } });
    return people.map((p) => {
      const ids = (p.summary as unknown as PersonSummaryJson).identities;
      const iam = ids.filter((i) => i.cloud === "aws");
      const fed = usable.get(String(p.id)) ?? [];
      return {
        person: p,
        iam: iam.length,
        expected: {
          hasAws: iam.length > 0 || fed.length > 0,
          awsFederated: fed.length > 0,
          awsTier: maxTier(...iam.map((i) => i.tier), ...fed),
        },
      };
    });
  }

  it("a person with a usable path into an AWS account has AWS access at the highest tier of their paths and IAM users", async () => {
    const people = await expectedPeople();
    const wrong = people.flatMap(({ person: p, expected }) => {
      const got = { hasAws: p.hasAws, awsFederated: p.awsFederated, awsTier: p.awsTier };
      return JSON.stringify(got) === JSON.stringify(expected)
        ? []
        : [`${p.displayName}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`];
    });
    expect(wrong).toEqual([]);
    // Each kind of person the fold is about is present (else this test would prove nothing).
    const cases: { name: string; holds: (x: (typeof people)[number]) => boolean }[] = [
      { name: "AWS only through Entra (no IAM user)", holds: (x) => x.expected.awsFederated && x.iam === 0 },
      { name: "admin in AWS through Entra only", holds: (x) => x.iam === 0 && x.person.awsTier === "admin" },
      { name: "in the tenant, no usable path", holds: (x) => !x.expected.hasAws && x.person.hasEntra },
    ];
    for (const c of cases)
      expect({ case: c.name, present: people.some(c.holds) }).toEqual({ case: c.name, present: true });
  });

  it("every linked number opens a list of exactly that many rows, federated people counted as having AWS", async () => {
    expect(await walkFigures(t.db, figures)).toEqual([]);
    const people = await expectedPeople();
    const fig = (id: string) => figures.find((f) => f.id === id)?.value;
    const table: [string, number][] = [
      ["people.awsFederated", people.filter((x) => x.expected.awsFederated).length],
      ["people.awsAdmins", people.filter((x) => x.expected.awsTier === "admin").length],
      ["people.entraOnly", people.filter((x) => !x.expected.hasAws && x.person.hasEntra).length],
      ["people.awsOnly", people.filter((x) => x.expected.hasAws && !x.person.hasEntra).length],
      ["people.linked", people.filter((x) => x.expected.hasAws && x.person.hasEntra).length],
    ];
    for (const [id, n] of table) expect({ id, value: fig(id) }).toEqual({ id, value: n });
    expect(fig("people.awsFederated")).toBeGreaterThan(0);
  });

  it("the people export gives a federated-only person's AWS tier and how they reach AWS", async () => {
    const page = await browsePeople(t.db, new URLSearchParams("side=federated&size=1000"));
    const only = page.rows.filter((r) => r.aws.length === 0);
    expect(only.length).toBeGreaterThan(0);
    for (const r of only) {
      const row = PEOPLE_TABLE.spec.exportRow(r);
      expect({ person: r.displayName, tier: row.awsTier, via: row.awsThroughEntra }).toEqual({
        person: r.displayName,
        tier: r.awsTier,
        via: expect.stringMatching(/^(identityCenter|saml|identityCenter\+saml): \d+ accounts$/),
      });
      expect(r.awsTier).not.toBeNull();
    }
  });
});
