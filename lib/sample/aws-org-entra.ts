import crypto from "node:crypto";
import { SAMPLE_NOW } from "./company";
import { ENTRA_DIR } from "./paths";

// The Entra side of Northwind's AWS Organization: the Identity Center enterprise app (its SAML identifier, app roles,
// who is assigned, its provisioning job) and a per-account "AWS Single-Account Access" SAML app, plus two Entra groups
// made for AWS. Patches the generated Entra files (read back as Graph JSON) without drawing from the shared random
// stream, so every other sample file stays as it is.

const GRAPH = "https://graph.microsoft.com/v1.0/$metadata#";
const IDC_APP = "AWS IAM Identity Center (successor to AWS Single Sign-On)";
export const SAML_APP = "AWS Single-Account Access";
const MINUTE = 60_000;

/** A stable GUID from a name. */
export function orgGuid(name: string): string {
  const h = crypto.createHash("sha1").update(`northwind-aws-org:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Number.parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Graph's second-precision timestamps. */
const graphTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

type Json = Record<string, unknown>;
interface GraphList {
  "@odata.context": string;
  value: Json[];
}

/** The generated Entra objects the organisation needs, looked up by UPN and group name. */
export class EntraLookup {
  readonly users = new Map<string, Json>();
  readonly groups = new Map<string, Json>();
  /** Direct members (user and group objects) by group id. */
  readonly members = new Map<string, Json[]>();

  constructor(private readonly files: Record<string, string>) {
    for (const u of this.list("users.json").value) this.users.set(String(u.userPrincipalName), u);
    for (const g of this.list("groups.json").value) {
      this.groups.set(String(g.displayName), g);
      const m = files[`${ENTRA_DIR}/groups/${g.id}/members.json`];
      this.members.set(String(g.id), m ? (JSON.parse(m) as GraphList).value : []);
    }
  }

  list(rel: string): GraphList {
    const body = this.files[`${ENTRA_DIR}/${rel}`];
    if (!body) throw new Error(`sample: no Entra file ${rel}`);
    return JSON.parse(body) as GraphList;
  }

  user(upn: string): Json {
    const u = this.users.get(upn);
    if (!u) throw new Error(`sample: no Entra user ${upn}`);
    return u;
  }

  group(name: string): Json {
    const g = this.groups.get(name);
    if (!g) throw new Error(`sample: no Entra group ${name}`);
    return g;
  }

  /** Enabled users who are direct members of a group (what provisioning and app assignment reach). */
  directUsers(groupName: string): Json[] {
    const ids = (this.members.get(String(this.group(groupName).id)) ?? [])
      .filter((m) => m["@odata.type"] === "#microsoft.graph.user")
      .map((m) => String(m.id));
    const byId = new Map([...this.users.values()].map((u) => [String(u.id), u]));
    return ids.map((id) => byId.get(id)!).filter((u) => u && u.accountEnabled !== false);
  }
}

/** Who the organisation's cases are about (chosen from the roster, so any seed gives a complete organisation). */
export interface OrgCast {
  /** An employee with no IAM user: admin in two accounts through AWS-Platform-Admins only. */
  platformAdmin: string;
  /** A contractor (no enforced MFA policy covers contractors) in the same group. */
  contractorAdmin: string;
  /** Two people in the group that is kept out of the provisioning scope. */
  sandbox: [string, string];
}

/** Groups made for AWS in Entra (beside the AWS-* groups the Entra sample already has). */
export function newGroups(c: OrgCast): { name: string; description: string; users: string[]; created: string }[] {
  return [
    {
      name: "AWS-Platform-Admins",
      description: "AWS IAM Identity Center: platform administrators (production and data accounts)",
      users: [c.platformAdmin, c.contractorAdmin],
      created: "2025-06-02T09:00:00Z",
    },
    {
      name: "AWS-Sandbox-Users",
      description: "AWS IAM Identity Center: sandbox account (requested; kept out of provisioning by a scoping filter)",
      users: c.sandbox,
      created: "2026-10-12T14:00:00Z",
    },
  ];
}

/** The Entra groups assigned to the Identity Center app (all provisioned but AWS-Sandbox-Users). */
export const IDC_ASSIGNED_GROUPS = [
  "AWS-Prod-Admins",
  "AWS-Prod-ReadOnly",
  "AWS-Dev-PowerUsers",
  "AWS-DataScience",
  "AWS-Billing",
  "AWS-SecurityAudit",
  "AWS-Platform-Admins",
  "AWS-Sandbox-Users",
];
export const OUT_OF_SCOPE_GROUP = "AWS-Sandbox-Users";

// NOTE: well-known ids of gallery SAML apps' roles: "User" and "msiam_access" (learn: amazon-web-service-tutorial,
// "Role claim" — the app's manifest lists msiam_access next to the AWS roles).
const USER_ROLE = "18d14569-c3bd-439b-9a66-3a2aee01d14f";
const MSIAM_ACCESS = "7dfd756e-8c27-4472-b2b7-38c17fc5de5e";

export interface SamlAppSpec {
  accountId: string;
  providerName: string;
  /** Role name → the Entra group it is assigned to. */
  roles: { role: string; group: string; displayName: string }[];
}

export interface EntraOrgSide {
  /** Files to add or replace under entra/. */
  files: Record<string, string>;
  identityCenterAppId: string;
}

const json2 = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Adds the groups made for AWS to the lookup and returns their files (groups.json and member lists, under entra/). */
export function addAwsGroups(e: EntraLookup, cast: OrgCast): Record<string, string> {
  const out: Record<string, string> = {};
  // Groups made for AWS.
  const groups = e.list("groups.json");
  const template = e.group("AWS-Billing");
  for (const g of newGroups(cast)) {
    const id = orgGuid(`group:${g.name}`);
    const obj = {
      ...template,
      id,
      displayName: g.name,
      description: g.description,
      mailNickname: g.name,
      createdDateTime: g.created,
    };
    groups.value.push(obj);
    e.groups.set(g.name, obj);
    const members = g.users.map((upn) => {
      const u = e.user(upn);
      return { "@odata.type": "#microsoft.graph.user", id: u.id, displayName: u.displayName, userPrincipalName: upn };
    });
    e.members.set(id, members);
    out[`groups/${id}/members.json`] = json2({ "@odata.context": `${GRAPH}directoryObjects`, value: members });
  }
  out["groups.json"] = json2(groups);

  return Object.fromEntries(Object.entries(out).map(([k, v]) => [`${ENTRA_DIR}/${k}`, v]));
}

/** The Entra files that wire the tenant to the organisation (replacing servicePrincipals.json and groups.json). */
export function entraOrgSide(
  e: EntraLookup,
  identityStoreId: string,
  saml: SamlAppSpec,
  provisioned: { users: number; groups: number },
): EntraOrgSide {
  const out: Record<string, string> = {};
  // The Identity Center app gets its SAML identifier and roles; the SAML app is added.
  const sps = e.list("servicePrincipals.json");
  const idc = sps.value.find((s) => s.displayName === IDC_APP);
  if (!idc) throw new Error(`sample: no ${IDC_APP} service principal`);
  const role = (id: string, value: string | null, displayName: string, description: string) => ({
    allowedMemberTypes: ["User"],
    description,
    displayName,
    id,
    isEnabled: true,
    origin: "ServicePrincipal",
    value,
  });
  Object.assign(idc, {
    appRoleAssignmentRequired: true,
    servicePrincipalNames: [`https://eu-west-1.signin.aws.amazon.com/platform/saml/${identityStoreId}`, idc.appId],
    appRoles: [role(USER_ROLE, null, "User", "User"), role(MSIAM_ACCESS, null, "msiam_access", "msiam_access")],
  });
  const samlId = orgGuid("sp:saml");
  const samlAppId = orgGuid("app:saml");
  const providerArn = `arn:aws:iam::${saml.accountId}:saml-provider/${saml.providerName}`;
  const samlRoles = saml.roles.map((r) => ({
    ...r,
    id: orgGuid(`approle:${r.role}`),
    value: `arn:aws:iam::${saml.accountId}:role/${r.role},${providerArn}`,
  }));
  sps.value.push({
    ...idc,
    id: samlId,
    appId: samlAppId,
    displayName: SAML_APP,
    servicePrincipalNames: ["https://signin.aws.amazon.com/saml", samlAppId],
    appRoles: [
      ...samlRoles.map((r) => role(r.id, r.value, r.displayName, `${r.displayName} in ${saml.accountId}`)),
      role(MSIAM_ACCESS, null, "msiam_access", "msiam_access"),
    ],
  });
  out["servicePrincipals.json"] = json2(sps);

  // Who is assigned: groups only (Northwind assigns no user directly).
  const assignment = (sp: Json, roleId: string, groupName: string, created: string) => {
    const g = e.group(groupName);
    return {
      id: Buffer.from(`${sp.id}:${g.id}:${roleId}`).toString("base64url").slice(0, 43),
      appRoleId: roleId,
      createdDateTime: created,
      principalDisplayName: groupName,
      principalId: g.id,
      principalType: "Group",
      resourceDisplayName: sp.displayName,
      resourceId: sp.id,
    };
  };
  const assignedTo = (sp: Json, value: unknown[]) =>
    json2({ "@odata.context": `${GRAPH}servicePrincipals('${sp.id}')/appRoleAssignedTo`, value });
  out[`servicePrincipals/${idc.id}/appRoleAssignedTo.json`] = assignedTo(
    idc,
    IDC_ASSIGNED_GROUPS.map((g) => assignment(idc, USER_ROLE, g, String(e.group(g).createdDateTime))),
  );
  const samlSp = sps.value.at(-1)!;
  out[`servicePrincipals/${samlId}/appRoleAssignedTo.json`] = assignedTo(
    samlSp,
    samlRoles.map((r) => assignment(samlSp, r.id, r.group, "2021-09-06T08:30:00Z")),
  );

  // The provisioning job: active, last run 35 minutes before the sample's "now"; the SAML app provisions nothing.
  const run = (endedMinutesAgo: number, exported: number) => {
    const ended = new Date(SAMPLE_NOW.getTime() - endedMinutesAgo * MINUTE);
    return {
      activityIdentifier: orgGuid(`run:${endedMinutesAgo}`),
      countEntitled: 0,
      countEntitledForProvisioning: 0,
      countEscrowed: 0,
      countEscrowedRaw: 0,
      countExported: exported,
      countExports: exported,
      countImported: provisioned.users + provisioned.groups,
      countImportedDeltas: exported,
      countImportedReferenceDeltas: 0,
      error: null,
      state: "Succeeded",
      timeBegan: graphTime(new Date(ended.getTime() - 41_000)),
      timeEnded: graphTime(ended),
    };
  };
  const jobs = (sp: Json, value: unknown[]) =>
    json2({ "@odata.context": `${GRAPH}servicePrincipals('${sp.id}')/synchronization/jobs`, value });
  out[`servicePrincipals/${idc.id}/synchronization/jobs.json`] = jobs(idc, [
    {
      id: `aWSSingleSignOn.${orgGuid("job").replace(/-/g, "")}.${idc.id}`,
      templateId: "aWSSingleSignOn",
      schedule: { expiration: null, interval: "PT40M", state: "Active" },
      status: {
        code: "Active",
        countSuccessiveCompleteFailures: 0,
        escrowsPruned: false,
        lastExecution: run(35, 0),
        lastSuccessfulExecution: run(35, 0),
        lastSuccessfulExecutionWithExports: run(24 * 60 + 15, 2),
        progress: [],
        quarantine: null,
        steadyStateFirstAchievedTime: "2023-02-14T12:05:00Z",
        steadyStateLastAchievedTime: graphTime(new Date(SAMPLE_NOW.getTime() - 35 * MINUTE)),
        synchronizedEntryCountByType: [
          { key: "group to Group", value: provisioned.groups },
          { key: "user to User", value: provisioned.users },
        ],
        troubleshootingUrl: null,
      },
      synchronizationJobSettings: [
        { name: "AzureIngestionAttributeOptimization", value: "False" },
        { name: "LookaheadQueryEnabled", value: "False" },
      ],
    },
  ]);
  out[`servicePrincipals/${samlId}/synchronization/jobs.json`] = jobs(samlSp, []);
  return {
    files: Object.fromEntries(Object.entries(out).map(([k, v]) => [`${ENTRA_DIR}/${k}`, v])),
    identityCenterAppId: String(idc.id),
  };
}
