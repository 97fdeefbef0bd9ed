import * as idstore from "@aws-sdk/client-identitystore";
import * as orgs from "@aws-sdk/client-organizations";
import * as sso from "@aws-sdk/client-sso-admin";
import { describe, expect, it } from "vitest";
import { withFakeOrganization } from "../../testing/aws-org-fake";
import { generateOrganization } from "./generate";

// Every member the fake puts on the wire must be a member of the AWS SDK's model of that output: the SDK drops what
// its model does not know, so a key in the raw JSON that is missing from the SDK's result is a shape error (a
// misspelt or invented field). Each row is one operation, called raw and through the SDK with the same input.

const org = generateOrganization({ accounts: 6, users: 20, groups: 6, permissionSets: 14, assignments: 50, seed: 4 });
const ic = org.identityCenters[0]!;
const fake = withFakeOrganization(org);

/** Key paths of a JSON value, arrays collapsed to []; Date and Uint8Array are leaves. */
function paths(v: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, `${prefix}[]`, out);
  else if (v && typeof v === "object" && !(v instanceof Date) && !(v instanceof Uint8Array)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === "$metadata") continue;
      out.add(`${prefix}.${k}`);
      paths(x, `${prefix}.${k}`, out);
    }
  }
  return out;
}

const member = org.accounts[1]!.Id;
const ps =
  ic.permissionSets.find((p) => p.boundary && p.inlinePolicy && p.customerManagedPolicies.length > 0) ??
  ic.permissionSets[0]!;
const withBoundary = ic.permissionSets.find((p) => p.boundary)!;
const assigned = ic.assignments[0]!;
const user = ic.users[0]!;
const group = ic.groups[0]!;
const I = ic.instance.InstanceArn;
const S = ic.instance.IdentityStoreId;

type Row = [string, string, Record<string, unknown>, "organizations" | "ssoAdmin" | "identityStore"];
const rows: Row[] = [
  ["AWSOrganizationsV20161128", "DescribeOrganization", {}, "organizations"],
  ["AWSOrganizationsV20161128", "ListRoots", {}, "organizations"],
  ["AWSOrganizationsV20161128", "ListOrganizationalUnitsForParent", { ParentId: org.root.Id }, "organizations"],
  ["AWSOrganizationsV20161128", "ListAccounts", {}, "organizations"],
  ["AWSOrganizationsV20161128", "ListAccountsForParent", { ParentId: org.root.Id }, "organizations"],
  [
    "AWSOrganizationsV20161128",
    "ListChildren",
    { ParentId: org.root.Id, ChildType: "ORGANIZATIONAL_UNIT" },
    "organizations",
  ],
  ["AWSOrganizationsV20161128", "ListParents", { ChildId: member }, "organizations"],
  ["AWSOrganizationsV20161128", "ListPolicies", { Filter: "SERVICE_CONTROL_POLICY" }, "organizations"],
  ["AWSOrganizationsV20161128", "DescribePolicy", { PolicyId: "p-FullAWSAccess" }, "organizations"],
  [
    "AWSOrganizationsV20161128",
    "ListPoliciesForTarget",
    { TargetId: member, Filter: "RESOURCE_CONTROL_POLICY" },
    "organizations",
  ],
  ["AWSOrganizationsV20161128", "ListTargetsForPolicy", { PolicyId: "p-FullAWSAccess" }, "organizations"],
  ["AWSOrganizationsV20161128", "ListDelegatedAdministrators", {}, "organizations"],
  ["SWBExternalService", "ListInstances", {}, "ssoAdmin"],
  ["SWBExternalService", "ListPermissionSets", { InstanceArn: I }, "ssoAdmin"],
  [
    "SWBExternalService",
    "DescribePermissionSet",
    { InstanceArn: I, PermissionSetArn: ps.PermissionSetArn },
    "ssoAdmin",
  ],
  [
    "SWBExternalService",
    "ListManagedPoliciesInPermissionSet",
    { InstanceArn: I, PermissionSetArn: ps.PermissionSetArn },
    "ssoAdmin",
  ],
  [
    "SWBExternalService",
    "ListCustomerManagedPolicyReferencesInPermissionSet",
    { InstanceArn: I, PermissionSetArn: ps.PermissionSetArn },
    "ssoAdmin",
  ],
  [
    "SWBExternalService",
    "GetInlinePolicyForPermissionSet",
    { InstanceArn: I, PermissionSetArn: ps.PermissionSetArn },
    "ssoAdmin",
  ],
  [
    "SWBExternalService",
    "GetPermissionsBoundaryForPermissionSet",
    { InstanceArn: I, PermissionSetArn: withBoundary.PermissionSetArn },
    "ssoAdmin",
  ],
  [
    "SWBExternalService",
    "ListAccountsForProvisionedPermissionSet",
    { InstanceArn: I, PermissionSetArn: assigned.PermissionSetArn },
    "ssoAdmin",
  ],
  [
    "SWBExternalService",
    "ListPermissionSetsProvisionedToAccount",
    { InstanceArn: I, AccountId: assigned.AccountId },
    "ssoAdmin",
  ],
  [
    "SWBExternalService",
    "ListAccountAssignments",
    { InstanceArn: I, AccountId: assigned.AccountId, PermissionSetArn: assigned.PermissionSetArn },
    "ssoAdmin",
  ],
  [
    "SWBExternalService",
    "ListAccountAssignmentsForPrincipal",
    { InstanceArn: I, PrincipalId: assigned.PrincipalId, PrincipalType: assigned.PrincipalType },
    "ssoAdmin",
  ],
  ["AWSIdentityStore", "ListUsers", { IdentityStoreId: S }, "identityStore"],
  ["AWSIdentityStore", "ListGroups", { IdentityStoreId: S }, "identityStore"],
  ["AWSIdentityStore", "ListGroupMemberships", { IdentityStoreId: S, GroupId: group.GroupId }, "identityStore"],
  [
    "AWSIdentityStore",
    "ListGroupMembershipsForMember",
    { IdentityStoreId: S, MemberId: { UserId: user.UserId } },
    "identityStore",
  ],
  ["AWSIdentityStore", "DescribeUser", { IdentityStoreId: S, UserId: user.UserId }, "identityStore"],
  ["AWSIdentityStore", "DescribeGroup", { IdentityStoreId: S, GroupId: group.GroupId }, "identityStore"],
];
const commands: Record<string, Record<string, unknown>> = {
  organizations: orgs,
  ssoAdmin: sso,
  identityStore: idstore,
};

describe("the fake's JSON is in the shapes of the AWS SDK's models", () => {
  it.each(rows)("%s.%s", async (prefix, op, input, client) => {
    const res = await fetch(fake.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `${prefix}.${op}`,
        authorization: "AWS4-HMAC-SHA256 Credential=AKIAFAKEMANAGEMENT01/20260101/us-east-1/x/aws4_request",
      },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(200);
    const raw = await res.json();
    const Command = commands[client]![`${op}Command`] as new (i: unknown) => never;
    const c = fake.clients()[client] as { send: (c: never) => Promise<unknown> };
    const viaSdk = await c.send(new Command(structuredClone(input)));
    const sent = paths(raw);
    expect(sent.size).toBeGreaterThan(0);
    expect([...sent].filter((p) => !paths(viaSdk).has(p))).toEqual([]);
  });
});
