import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog } from "../analysis/action-catalog";
import { computeAccessPaths } from "../analysis/access-paths";
import type { SourceModel } from "../analysis/source-model";
import { organizationModel } from "../fakes/aws-org/as-models";
import type { AccessPath, ConnectorEvent } from "../model";
import { modelOfEvents } from "../testing/model-of-events";
import { openAwsImport } from "../providers/aws/file-import";
import { prepareEntraImport } from "../providers/entra/import-files";
import { AWS_ORG_DIR, sampleOrganization } from "./aws-org";
import { generateSampleOrg } from "./generate";
import { AWS_ACCOUNT } from "./company";
import { AWS_GAAD_FILE, ENTRA_DIR, SAMPLE_DIR } from "./paths";

/*
 * The sample organisation's committed files through the real Entra and IAM importers and the access-path analysis:
 * for named people, the accounts they reach, how, at which tier and with MFA enforced or not. The organisation
 * snapshot is the generator's own structure (the same one its aws-org/ files are written from).
 */

const DIR = path.resolve(SAMPLE_DIR);
const read = (rel: string) => fs.readFileSync(path.join(DIR, rel), "utf8");

const modelOf = (name: string, kind: SourceModel["kind"], events: AsyncIterable<ConnectorEvent>, externalId?: string) =>
  modelOfEvents(
    {
      sourceId: name,
      sourceName: name,
      kind,
      snapshotId: `${name}-1`,
      finishedAt: null,
      ...(externalId ? { externalId } : {}),
    },
    events,
  );

let paths: AccessPath[];
let entra: SourceModel;
const ACCOUNT: Record<string, string> = {
  management: "310987654321",
  security: "739201845612",
  production: AWS_ACCOUNT,
  data: "152938476120",
  staging: "926304815733",
  dev: "381749205566",
  sandbox: "507283916624",
  legacy: "864120573918",
};

beforeAll(async () => {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(DIR, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else files[r] = read(r);
    }
  };
  walk(ENTRA_DIR);
  files[AWS_GAAD_FILE] = read(AWS_GAAD_FILE);
  const org = sampleOrganization(files, generateSampleOrg().people).org;
  entra = await modelOf("entra", "entra", prepareEntraImport([path.join(DIR, ENTRA_DIR)]).events());
  const accounts = [
    await modelOf(
      "prod",
      "aws",
      (await openAwsImport({ gaadFile: path.join(DIR, AWS_GAAD_FILE) })).events(),
      AWS_ACCOUNT,
    ),
  ];
  for (const id of fs.readdirSync(path.join(DIR, AWS_ORG_DIR, "members"))) {
    const gaad = path.join(DIR, AWS_ORG_DIR, "members", id, "gaad.json");
    if (fs.existsSync(gaad))
      accounts.push(await modelOf(id, "aws", (await openAwsImport({ gaadFile: gaad })).events(), id));
  }
  paths = computeAccessPaths({
    entra,
    organization: { ...organizationModel(org), kind: "awsOrganization" },
    accounts,
    catalog: await loadActionCatalog(),
  });
}, 120_000);

const upnOf = (id: string) => entra.principals.find((p) => p.providerId === id)?.upn ?? id;
const pathsOf = (upn: string) => paths.filter((p) => upnOf(p.entraPrincipalId) === `${upn}@northwind.example`);

describe("the sample organisation: who reaches which account, how", () => {
  // [person, account, via, grant, tier, mfa, why the row is there]
  const rows: [string, string, AccessPath["via"], string, AccessPath["tier"], AccessPath["mfa"], string][] = [
    [
      "kyra.martens",
      "production",
      "identityCenter",
      "AdministratorAccess",
      "admin",
      "enforced",
      "no IAM user, admin through AWS-Platform-Admins",
    ],
    ["kyra.martens", "data", "identityCenter", "AdministratorAccess", "admin", "enforced", "the second account"],
    ["kyra.martens", "staging", "identityCenter", "PowerUserAccess", "privileged", "enforced", "outdated there"],
    [
      "liborio.sartor",
      "production",
      "identityCenter",
      "AdministratorAccess",
      "admin",
      "notEnforced",
      "contractor: CA002 is for employees",
    ],
    [
      "priya.natarajan",
      "legacy",
      "saml",
      `arn:aws:iam::${"864120573918"}:role/EntraAdmin`,
      "admin",
      "enforced",
      "SAML app role to AWS-Prod-Admins",
    ],
    [
      "grace.lindholm",
      "legacy",
      "saml",
      `arn:aws:iam::${"864120573918"}:role/EntraReadOnly`,
      "read",
      "enforced",
      "SAML read-only role to All Staff",
    ],
    ["grace.lindholm", "management", "identityCenter", "Billing", "write", "enforced", "AWS-Billing"],
    [
      "noah.fischer",
      "dev",
      "identityCenter",
      "PowerUserAccess",
      "privileged",
      "enforced",
      "left AWS-Dev-PowerUsers in Entra, still in it in Identity Center",
    ],
    [
      "hiroshi.sato",
      "security",
      "identityCenter",
      "SecurityAudit",
      "read",
      "enforced",
      "hand-made twin, linked by user name only",
    ],
  ];
  it.each(rows)("%s → %s via %s (%s): %s, MFA %s", (who, account, via, grant, tier, mfa) => {
    const hit = pathsOf(who).filter((p) => p.targetId === ACCOUNT[account] && p.via === via && p.grant === grant);
    expect(hit.length, `${who} ${account} ${grant}`).toBeGreaterThan(0);
    expect(hit.map((p) => [p.tier, p.mfa])[0]).toEqual([tier, mfa]);
  });

  it("the person with no IAM user reaches production and data at admin tier through an Entra group, hop by hop", () => {
    const admin = pathsOf("kyra.martens").filter((p) => p.tier === "admin");
    expect(admin.map((p) => p.targetName).sort()).toEqual(["northwind-data", "northwind-production"]);
    expect(admin[0]!.hops.map((h) => h.kind)).toEqual([
      "entraUser",
      "entraGroup",
      "enterpriseApp",
      "identityCenterUser",
      "identityCenterGroup",
      "permissionSet",
      "awsAccount",
      "iamRole",
    ]);
    expect(admin[0]!.hops[1]!.name).toBe("AWS-Platform-Admins");
  });

  it("the on-purpose gaps show in the paths", () => {
    const hiroshi = pathsOf("hiroshi.sato").find((p) => p.grant === "SecurityAudit" && p.targetId === ACCOUNT.security);
    expect(hiroshi?.attributes.match).toBe("name");
    const noah = pathsOf("noah.fischer").find((p) => p.targetId === ACCOUNT.dev);
    expect(String(noah?.attributes.drift)).toMatch(/provisioning drift/);
    const staging = pathsOf("kyra.martens").find((p) => p.targetId === ACCOUNT.staging);
    expect(staging?.attributes.provisioning).toBe("outdated");
    // Not provisioned: an Entra member SCIM has not added yet, and a group outside the provisioning scope.
    expect(pathsOf("andreas.axelsson").filter((p) => p.via === "identityCenter")).toEqual([]);
    expect(pathsOf("thalia.tillman").filter((p) => p.via === "identityCenter")).toEqual([]);
    // The hand-made break-glass user has no Entra counterpart: no path starts in Entra for it.
    expect(
      paths.filter((p) => p.hops.some((h) => h.kind === "identityCenterUser" && h.name === "aws-breakglass")),
    ).toEqual([]);
    // AdministratorAccess to the whole of AWS-Dev-PowerUsers in the sandbox.
    const sandboxAdmins = new Set(
      paths.filter((p) => p.targetId === ACCOUNT.sandbox && p.tier === "admin").map((p) => p.entraPrincipalId),
    );
    expect(sandboxAdmins.size).toBeGreaterThanOrEqual(25);
  });

  it("every enabled All Staff member reaches the legacy account through the SAML read-only role", () => {
    const readers = new Set(paths.filter((p) => p.grant.endsWith("role/EntraReadOnly")).map((p) => p.entraPrincipalId));
    expect(readers.size).toBeGreaterThanOrEqual(300);
  });
});
