import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assignment, ConnectorEvent, PrincipalInput } from "../../model";
import { fixtureTenant } from "../../fakes/entra/fixture-tenant";
import { FakeEntraServer } from "../../fakes/entra/server";
import { FakeTenant } from "../../fakes/entra/tenant";
import { fakeEntraInput } from "../../testing/entra-fake";
import { awsAppReason } from "./aws-apps";
import { prepareEntraImport } from "./import-files";
import { readEntra } from "./reader";

const DIR = path.join(import.meta.dirname, "testdata/aws-apps");
const IDC = "c2a4e6f8-1b3d-4f5a-9c7e-0d2f4a6b8c01";
const SAML = "c2a4e6f8-1b3d-4f5a-9c7e-0d2f4a6b8c02";
const OTHER = "c2a4e6f8-1b3d-4f5a-9c7e-0d2f4a6b8c03";

interface Read {
  datasets: Record<string, { collected: boolean; permission?: string | null; count?: number | null }>;
  sps: Map<string, PrincipalInput>;
  appRoles: Assignment[];
}

async function collect(events: AsyncIterable<ConnectorEvent>): Promise<Read> {
  const out: Read = { datasets: {}, sps: new Map(), appRoles: [] };
  for await (const e of events) {
    if (e.type === "dataset") out.datasets[e.name] = e.status;
    if (e.type !== "batch") continue;
    for (const p of e.batch.principals ?? []) if (p.kind === "servicePrincipal") out.sps.set(p.providerId, p);
    for (const a of e.batch.assignments ?? []) if (a.kind === "appRole") out.appRoles.push(a as Assignment);
  }
  out.appRoles.sort((a, b) => `${a.scope}${a.principalProviderId}`.localeCompare(`${b.scope}${b.principalProviderId}`));
  return out;
}

/** What the AWS apps' datasets must yield from testdata/aws-apps, whichever way it is read. */
function expectAwsApps(r: Read) {
  expect(r.datasets.appRoleAssignedTo).toMatchObject({ collected: true, count: 4 });
  expect(r.datasets.provisioningJobs?.collected).toBe(true);
  const rows = r.appRoles.map((a) => [
    a.scope,
    a.principalProviderId,
    a.attributes.principalType,
    a.attributes.appRoleValue ?? null,
  ]);
  expect(rows).toEqual([
    [IDC, "6e1f3a52-0b8d-4c39-9d2e-1a7b5c3e9f02", "User", null],
    [IDC, "9b0c7d14-5e2a-4f6b-8c3d-2e4f6a8b0c01", "Group", null],
    [
      SAML,
      "9b0c7d14-5e2a-4f6b-8c3d-2e4f6a8b0c01",
      "Group",
      "arn:aws:iam::210987654321:role/EntraAdmin,arn:aws:iam::210987654321:saml-provider/EntraID",
    ],
    [
      SAML,
      "9b0c7d14-5e2a-4f6b-8c3d-2e4f6a8b0c02",
      "Group",
      "arn:aws:iam::210987654321:role/EntraReadOnly,arn:aws:iam::210987654321:saml-provider/EntraID",
    ],
  ]);
  expect(r.appRoles[0]!.permissionSetProviderId).toBe(`${IDC}/8774f594-1d59-4279-b9d9-59ef09a23530`);
  const idc = r.sps.get(IDC)!.attributes as Record<string, unknown>;
  expect(idc).toMatchObject({
    awsApp: "identifier",
    appRoleAssignmentRequired: true,
    servicePrincipalNames: expect.arrayContaining([
      "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-93670c2d1e",
    ]),
    provisioning: {
      templateId: "aWSSingleSignOn",
      status: "Quarantine",
      schedule: "Active",
      quarantine: { reason: "EncounteredQuarantineException", since: "2026-11-18T04:40:00.000Z", seriesCount: 3 },
      lastRun: { state: "Failed", error: "The SCIM endpoint rejected the credentials (401 Unauthorized)." },
      lastSuccessfulRun: { state: "Succeeded", ended: "2026-11-17T06:00:41.000Z" },
    },
  });
  // An AWS app that does not provision: no job (null), not "not collected" (undefined).
  expect((r.sps.get(SAML)!.attributes as Record<string, unknown>).provisioning).toBeNull();
  // Other apps: nothing of this is kept.
  const other = r.sps.get(OTHER)!.attributes as Record<string, unknown>;
  expect([other.awsApp, other.appRoles, other.provisioning]).toEqual([undefined, undefined, undefined]);
}

describe("AWS apps in Entra: which service principals", () => {
  it.each([
    [
      "Identity Center entity id",
      { servicePrincipalNames: ["https://us-east-1.signin.aws.amazon.com/platform/saml/d-1"] },
      "identifier",
    ],
    [
      "single-account app, second instance",
      { servicePrincipalNames: ["https://signin.aws.amazon.com/saml#2"] },
      "identifier",
    ],
    ["older multi-account app", { servicePrincipalNames: ["urn:amazon:webservices"] }, "identifier"],
    [
      "custom SAML app with AWS role values",
      { appRoles: [{ value: "arn:aws:iam::123456789012:role/R,arn:aws:iam::123456789012:saml-provider/P" }] },
      "appRole",
    ],
    ["gallery name only", { displayName: "AWS IAM Identity Center (successor to AWS Single Sign-On)" }, "name"],
    ["unrelated app", { displayName: "Awesome Wiki", servicePrincipalNames: ["https://wiki.example/saml"] }, null],
    ["AWS in a longer word", { displayName: "Lawsuit tracker" }, null],
  ])("%s", (_row, sp, expected) => {
    expect(awsAppReason({ id: "x", ...sp })).toBe(expected);
  });
});

describe("AWS apps in Entra: file import", () => {
  it("reads appRoleAssignedTo with the role values and the provisioning job onto the app", async () => {
    expectAwsApps(await collect(prepareEntraImport([DIR]).events()));
  });

  it("marks both datasets not collected when the files do not hold them", async () => {
    const r = await collect(prepareEntraImport([path.join(DIR, "servicePrincipals.json")]).events());
    expect(r.datasets.appRoleAssignedTo).toMatchObject({ collected: false, permission: "Application.Read.All" });
    expect(r.datasets.provisioningJobs).toMatchObject({ collected: false, permission: "Synchronization.Read.All" });
    expect((r.sps.get(IDC)!.attributes as Record<string, unknown>).provisioning).toBeUndefined();
  });

  it("takes a jobs file's app from its path, and refuses one that names no app", () => {
    const file = path.join(DIR, "servicePrincipals", IDC, "synchronization", "jobs.json");
    expect(prepareEntraImport([file]).counts.provisioningJobs).toBe(1);
    const job = (JSON.parse(fs.readFileSync(file, "utf8")) as { value: object[] }).value[0]!;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "jobs-"));
    fs.writeFileSync(path.join(tmp, "jobs.json"), JSON.stringify({ value: [job] }));
    expect(() => prepareEntraImport([path.join(tmp, "jobs.json")])).toThrow(
      /servicePrincipals\/<id>\/synchronization\/jobs\.json/,
    );
  });
});

describe("AWS apps in Entra: live read from the fake Graph", () => {
  let fake: FakeEntraServer;
  const input = () => fakeEntraInput(fake, 20);
  beforeAll(async () => {
    fake = await FakeEntraServer.start({
      tenant: new FakeTenant(fixtureTenant(DIR)),
      app: { clientId: "11111111-2222-3333-4444-555555555555", clientSecret: "s3cret~value" },
      caMinIntervalMs: 10,
    });
  });
  afterAll(async () => fake.stop());

  it("yields the same rows as the import, asking only about the two AWS apps", async () => {
    fake.resetStats();
    expectAwsApps(await collect(readEntra(input())));
    expect(fake.stats.byResource["servicePrincipals/{id}/appRoleAssignedTo"]).toBe(2);
    expect(fake.stats.byResource["servicePrincipals/{id}/synchronization/jobs"]).toBe(2);
    expect(fake.stats.writeAttempts).toBe(0);
  });

  it("without Synchronization.Read.All: jobs not collected (never 'no job'), assignments still read", async () => {
    fake.denied = new Set(["provisioningJobs"]);
    try {
      const r = await collect(readEntra(input()));
      expect(r.datasets.provisioningJobs).toMatchObject({ collected: false, permission: "Synchronization.Read.All" });
      expect(r.datasets.appRoleAssignedTo).toMatchObject({ collected: true, count: 4 });
      expect((r.sps.get(IDC)!.attributes as Record<string, unknown>).provisioning).toBeUndefined();
    } finally {
      fake.denied = new Set();
    }
  });
});
