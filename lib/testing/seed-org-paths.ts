// A small AWS organisation reached from an Entra tenant, stored as the sync would store it, with access paths as the
// derived refresh writes them: the db tests of the Accounts page, the account page, the person page and the report
// read it. Ids are shaped like the real ones (r-…, ou-…, 12-digit accounts, Identity Center ARNs).
import { insertAccessPaths } from "../db/access-paths";
import type { Db } from "../db/client";
import { failSnapshot, finishSnapshot, startSnapshot, writeBatch } from "../db/snapshots";
import { ensureSource } from "../db/sources";
import { type AccessHop, type AccessPath, ZAccessPathSchema, ZModelBatchSchema } from "../model";

export const ACCOUNTS = {
  management: "111111111111",
  prod: "222222222222",
  sandbox: "333333333333",
  /** Reached by a per-account SAML app; in no stored organisation. */
  legacy: "444444444444",
} as const;

const PS_ADMIN = "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-0a1b2c3d4e5f6a7b";
const PS_READ = "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-1b2c3d4e5f6a7b8c";
const SP_IDC = "5b7c3a8e-1f2d-4c6b-9a0e-2d4f6b8a0c1e";
const SP_SAML = "6c8d4b9f-2a3e-4d7c-8b1f-3e5a7c9b1d2f";

const user = (id: string, upn: string, name: string) => ({
  kind: "user" as const,
  providerId: id,
  name: upn,
  displayName: name,
  upn,
  enabled: true,
  raw: {},
});

export const ENTRA = {
  ada: "0a1b2c3d-0000-4000-8000-00000000ada0",
  bob: "0a1b2c3d-0000-4000-8000-00000000b0b0",
  cy: "0a1b2c3d-0000-4000-8000-0000000000c0",
  dee: "0a1b2c3d-0000-4000-8000-0000000000d0",
  admins: "0a1b2c3d-0000-4000-8000-0000000a0a00",
} as const;

export interface SeededOrg {
  entraSnapshot: string;
  orgSource: string;
  orgSnapshot: string;
  prodSource: string;
  legacySnapshot: string;
  paths: AccessPath[];
}

/** Stores the tenant, the organisation, two member accounts (one refusing the role) and the paths. */
export async function seedOrgPaths(db: Db): Promise<SeededOrg> {
  const entra = await ensureSource(db, { kind: "entra", name: "Contoso tenant" });
  const e = await startSnapshot(db, entra.id, "api");
  await writeBatch(
    db,
    e,
    ZModelBatchSchema.parse({
      principals: [
        user(ENTRA.ada, "ada@contoso.example", "Ada Lovelace"),
        user(ENTRA.bob, "bob@contoso.example", "Bob Byte"),
        user(ENTRA.cy, "cy@contoso.example", "Cy Cipher"),
        user(ENTRA.dee, "dee@contoso.example", "Dee Datum"),
        { kind: "group", providerId: ENTRA.admins, name: "AWS-Admins", displayName: "AWS-Admins", raw: {} },
        {
          kind: "servicePrincipal",
          providerId: SP_IDC,
          name: "AWS IAM Identity Center",
          displayName: "AWS IAM Identity Center",
          raw: {},
        },
        { kind: "servicePrincipal", providerId: SP_SAML, name: "AWS legacy", displayName: "AWS legacy", raw: {} },
      ],
    }),
  );
  await finishSnapshot(db, e, { status: "complete", datasets: {}, errors: [], provenance: {} });

  const orgSource = await ensureSource(db, {
    kind: "awsOrganization",
    name: "Contoso organisation",
    externalId: ACCOUNTS.management,
  });
  const o = await startSnapshot(db, orgSource.id, "api");
  const scp = (id: string, name: string) => ({
    kind: "serviceControlPolicy" as const,
    providerId: id,
    name,
    builtIn: id === "p-FullAWSAccess",
    statements: [],
    document: {},
  });
  const guardrail = (policy: string, target: string) => ({
    principalProviderId: target,
    permissionSetProviderId: policy,
    scope: target,
    kind: "guardrail" as const,
  });
  await writeBatch(
    db,
    o,
    ZModelBatchSchema.parse({
      hierarchyNodes: [
        {
          providerId: "r-ab12",
          kind: "root",
          name: "Root",
          parentProviderId: null,
          attributes: { managementAccountId: ACCOUNTS.management },
        },
        { providerId: "ou-ab12-11111111", kind: "organizationalUnit", name: "Workloads", parentProviderId: "r-ab12" },
        {
          providerId: "ou-ab12-22222222",
          kind: "organizationalUnit",
          name: "Prod",
          parentProviderId: "ou-ab12-11111111",
        },
        {
          providerId: ACCOUNTS.management,
          kind: "account",
          name: "management",
          parentProviderId: "r-ab12",
          attributes: { status: "ACTIVE" },
        },
        {
          providerId: ACCOUNTS.prod,
          kind: "account",
          name: "prod-app",
          parentProviderId: "ou-ab12-22222222",
          attributes: { status: "ACTIVE", email: "prod@contoso.example" },
        },
        {
          providerId: ACCOUNTS.sandbox,
          kind: "account",
          name: "sandbox",
          parentProviderId: "ou-ab12-11111111",
          attributes: { status: "ACTIVE" },
        },
      ],
      principals: [
        {
          kind: "user",
          providerId: "93677a12-idc-ada",
          name: "ada@contoso.example",
          displayName: "Ada Lovelace",
          raw: {},
        },
        { kind: "user", providerId: "93677a12-idc-bob", name: "bob@contoso.example", displayName: "Bob Byte", raw: {} },
        { kind: "user", providerId: "93677a12-idc-cy", name: "cy@contoso.example", displayName: "Cy Cipher", raw: {} },
        { kind: "group", providerId: "93677a12-idc-admins", name: "AWS-Admins", displayName: "AWS-Admins", raw: {} },
      ],
      permissionSets: [
        scp("p-FullAWSAccess", "FullAWSAccess"),
        scp("p-denyleave", "DenyLeaveOrganization"),
        scp("p-regions", "DenyOutsideEU"),
        {
          kind: "identityCenterPermissionSet",
          providerId: PS_ADMIN,
          name: "AdministratorAccess",
          builtIn: false,
          statements: [],
          document: {},
        },
        {
          kind: "identityCenterPermissionSet",
          providerId: PS_READ,
          name: "ReadOnlyAccess",
          builtIn: false,
          statements: [],
          document: {},
        },
      ],
      assignments: [
        guardrail("p-FullAWSAccess", "r-ab12"),
        guardrail("p-denyleave", "ou-ab12-11111111"),
        guardrail("p-regions", ACCOUNTS.prod),
      ],
    }),
  );
  await finishSnapshot(db, o, { status: "complete", datasets: {}, errors: [], provenance: {} });

  const prod = await ensureSource(db, {
    kind: "aws",
    name: "prod-app",
    parentId: orgSource.id,
    externalId: ACCOUNTS.prod,
  });
  const ps = await startSnapshot(db, prod.id, "api");
  await writeBatch(
    db,
    ps,
    ZModelBatchSchema.parse({
      principals: [
        {
          kind: "role",
          providerId: "AROAPRODADMIN",
          name: "AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b",
          displayName: "AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b",
          arn: `arn:aws:iam::${ACCOUNTS.prod}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b`,
          raw: {},
        },
      ],
    }),
  );
  await finishSnapshot(db, ps, { status: "complete", datasets: {}, errors: [], provenance: {} });
  const sandbox = await ensureSource(db, {
    kind: "aws",
    name: "sandbox",
    parentId: orgSource.id,
    externalId: ACCOUNTS.sandbox,
  });
  await failSnapshot(db, await startSnapshot(db, sandbox.id, "api"), [
    {
      code: "ACCESS_DENIED",
      message: `AccessDenied: not authorized to perform sts:AssumeRole on arn:aws:iam::${ACCOUNTS.sandbox}:role/CrosswalkReadOnly`,
    },
  ]);

  const legacy = await ensureSource(db, { kind: "aws", name: "legacy", externalId: ACCOUNTS.legacy });
  const ls = await startSnapshot(db, legacy.id, "api");
  await finishSnapshot(db, ls, { status: "complete", datasets: {}, errors: [], provenance: {} });

  const hop = (kind: AccessHop["kind"], id: string, name: string): AccessHop => ({ kind, id, name });
  const idcPath = (
    who: keyof typeof ENTRA,
    upn: string,
    personId: string | null,
    account: string,
    accountName: string,
    set: "admin" | "read",
    extra: { group?: boolean; mfa?: AccessPath["mfa"]; signIn?: string } = {},
  ): AccessPath =>
    ZAccessPathSchema.parse({
      entraSnapshotId: e,
      targetSnapshotId: o,
      entraPrincipalId: ENTRA[who],
      personId,
      targetKind: "awsAccount",
      targetId: account,
      targetName: accountName,
      via: "identityCenter",
      grant: set === "admin" ? "AdministratorAccess" : "ReadOnlyAccess",
      hops: [
        hop("entraUser", ENTRA[who], upn),
        ...(extra.group ? [hop("entraGroup", ENTRA.admins, "AWS-Admins")] : []),
        hop("enterpriseApp", SP_IDC, "AWS IAM Identity Center"),
        hop("identityCenterUser", `93677a12-idc-${who}`, upn),
        ...(extra.group ? [hop("identityCenterGroup", "93677a12-idc-admins", "AWS-Admins")] : []),
        hop(
          "permissionSet",
          set === "admin" ? PS_ADMIN : PS_READ,
          set === "admin" ? "AdministratorAccess" : "ReadOnlyAccess",
        ),
        hop("awsAccount", account, accountName),
        ...(set === "admin" && account === ACCOUNTS.prod
          ? [
              hop(
                "iamRole",
                `arn:aws:iam::${ACCOUNTS.prod}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b`,
                "AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b",
              ),
            ]
          : []),
      ],
      tier: set === "admin" ? "admin" : "read",
      mfa: extra.mfa ?? "notEnforced",
      attributes: {
        match: "externalId",
        signIn: extra.signIn ?? "assigned",
        assignment: extra.group ? "group" : "user",
        ...(extra.group ? { group: "AWS-Admins" } : {}),
        ...(extra.mfa === "enforced" ? { mfaPolicies: [{ id: "ca-1", name: "Require MFA for AWS" }] } : {}),
      },
    });
  const paths: AccessPath[] = [
    idcPath("ada", "ada@contoso.example", "person-ada", ACCOUNTS.prod, "prod-app", "admin", { group: true }),
    idcPath("ada", "ada@contoso.example", "person-ada", ACCOUNTS.sandbox, "sandbox", "admin", { group: true }),
    idcPath("bob", "bob@contoso.example", null, ACCOUNTS.prod, "prod-app", "read", { mfa: "enforced" }),
    // Cy is in the Identity Center group but not assigned to the app in Entra: configured, not usable.
    idcPath("cy", "cy@contoso.example", null, ACCOUNTS.prod, "prod-app", "admin", {
      group: true,
      signIn: "notAssigned",
    }),
    ZAccessPathSchema.parse({
      entraSnapshotId: e,
      targetSnapshotId: ls,
      entraPrincipalId: ENTRA.dee,
      personId: null,
      targetKind: "awsAccount",
      targetId: ACCOUNTS.legacy,
      targetName: "legacy",
      via: "saml",
      grant: `arn:aws:iam::${ACCOUNTS.legacy}:role/Deployer`,
      hops: [
        hop("entraUser", ENTRA.dee, "dee@contoso.example"),
        hop("enterpriseApp", SP_SAML, "AWS legacy"),
        hop("awsAccount", ACCOUNTS.legacy, "legacy"),
        hop("samlProvider", `arn:aws:iam::${ACCOUNTS.legacy}:saml-provider/EntraID`, "EntraID"),
        hop("iamRole", `arn:aws:iam::${ACCOUNTS.legacy}:role/Deployer`, "Deployer"),
      ],
      tier: "write",
      mfa: "unknown",
      attributes: { signIn: "assigned", roleArn: `arn:aws:iam::${ACCOUNTS.legacy}:role/Deployer` },
    }),
  ];
  await insertAccessPaths(db, paths);
  return { entraSnapshot: e, orgSource: orgSource.id, orgSnapshot: o, prodSource: prod.id, legacySnapshot: ls, paths };
}

/** A person row for Ada (her Entra user only: no IAM user anywhere), as refresh-derived would store her. */
export async function seedAdaPerson(db: Db): Promise<number> {
  const entra = await db.source.findFirstOrThrow({ where: { kind: "entra" }, select: { id: true, name: true } });
  const identity = {
    sourceId: entra.id,
    sourceName: entra.name,
    cloud: "entra" as const,
    providerId: ENTRA.ada,
    kind: "user",
    name: "ada@contoso.example",
    tier: "none" as const,
    eligibleTier: null,
    mfa: { registered: true, enforced: false, enforcement: null },
    lastActivityAt: null,
    enabled: true,
    guest: false,
    breakGlass: false,
  };
  const p = await db.person.create({
    data: {
      key: `${entra.id}|${ENTRA.ada}`,
      displayName: "Ada Lovelace",
      summary: { identities: [identity], candidates: [] },
      search: "ada lovelace ada@contoso.example",
      maxTier: "none",
      hasEntra: true,
      identities: {
        create: [{ sourceId: entra.id, providerId: ENTRA.ada, cloud: "entra", name: "ada@contoso.example" }],
      },
    },
    select: { id: true },
  });
  return p.id;
}
