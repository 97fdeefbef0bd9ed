import type { FakeIamAccount } from "../aws-iam/server";

// What a fake AWS Organization holds, in the shapes the APIs return (field names as in the AWS SDK v3 models of
// @aws-sdk/client-organizations, client-sso-admin and client-identitystore). Timestamps are Dates; the servers put
// them on the wire as JSON 1.1 does (epoch seconds). Lower-case fields are the fake's own bookkeeping, not API fields.

export type OrgPolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";
export type AccountState = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";

/** The organization (DescribeOrganization). */
export interface OrgOrganization {
  Id: string;
  Arn: string;
  FeatureSet: "ALL" | "CONSOLIDATED_BILLING";
  MasterAccountArn: string;
  MasterAccountId: string;
  MasterAccountEmail: string;
}

/** The root (ListRoots); PolicyTypes lists the policy types enabled in it. */
export interface OrgRoot {
  Id: string;
  Arn: string;
  Name: string;
  PolicyTypes: { Type: OrgPolicyType; Status: "ENABLED" }[];
}

/** An organizational unit; parentId is the root or OU that holds it. */
export interface OrgUnit {
  Id: string;
  Arn: string;
  Name: string;
  parentId: string;
}

/** A member (or the management) account; parentId is the root or OU that holds it. */
export interface OrgAccount {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  /** Status is deprecated in favour of State (SDK model note) but both are returned. */
  Status: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  State: AccountState;
  JoinedMethod: "CREATED" | "INVITED";
  JoinedTimestamp: Date;
  parentId: string;
}

/** An SCP or RCP with its content and the roots, OUs and accounts it is attached to. */
export interface OrgPolicy {
  Id: string;
  Arn: string;
  Name: string;
  Description: string;
  Type: OrgPolicyType;
  AwsManaged: boolean;
  /** The policy document as a JSON string (DescribePolicy's Content). */
  Content: string;
  targets: string[];
}

/** A delegated administrator account for one service principal (ListDelegatedAdministrators). */
export interface OrgDelegatedAdmin {
  accountId: string;
  servicePrincipal: string;
  DelegationEnabledDate: Date;
}

export interface ExternalId {
  Issuer: string;
  Id: string;
}

/** An identity-store user (ListUsers / DescribeUser, without IdentityStoreId). */
export interface IdcUser {
  UserId: string;
  UserName: string;
  /** The SCIM link to the external IdP's object (absent for users made by hand in Identity Center). */
  ExternalIds?: ExternalId[];
  Name: { Formatted?: string; FamilyName: string; GivenName: string };
  DisplayName: string;
  Emails: { Value: string; Type: string; Primary: boolean }[];
  UserStatus?: "ENABLED" | "DISABLED";
  Title?: string;
  CreatedAt: Date;
  UpdatedAt: Date;
}

/** An identity-store group (ListGroups / DescribeGroup, without IdentityStoreId). */
export interface IdcGroup {
  GroupId: string;
  DisplayName: string;
  ExternalIds?: ExternalId[];
  Description?: string;
  CreatedAt: Date;
  UpdatedAt: Date;
}

export interface IdcMembership {
  MembershipId: string;
  GroupId: string;
  UserId: string;
}

/** A permission set with everything the sso-admin read calls return about it. */
export interface IdcPermissionSet {
  PermissionSetArn: string;
  Name: string;
  Description?: string;
  CreatedDate: Date;
  /** ISO-8601 duration, e.g. PT1H. */
  SessionDuration: string;
  RelayState?: string;
  managedPolicies: { Name: string; Arn: string }[];
  customerManagedPolicies: { Name: string; Path: string }[];
  /** JSON text; absent when the permission set has no inline policy. */
  inlinePolicy?: string;
  boundary?: { ManagedPolicyArn?: string; CustomerManagedPolicyReference?: { Name: string; Path: string } };
}

export interface IdcAssignment {
  AccountId: string;
  PermissionSetArn: string;
  PrincipalType: "USER" | "GROUP";
  PrincipalId: string;
}

/** A permission set provisioned to an account; outdated = changed since it was last provisioned there. */
export interface IdcProvisioning {
  PermissionSetArn: string;
  AccountId: string;
  outdated: boolean;
}

/** One IAM Identity Center instance and its identity store. */
export interface IdentityCenter {
  instance: {
    InstanceArn: string;
    IdentityStoreId: string;
    OwnerAccountId: string;
    Name?: string;
    CreatedDate: Date;
    Status: "ACTIVE";
  };
  users: IdcUser[];
  groups: IdcGroup[];
  memberships: IdcMembership[];
  permissionSets: IdcPermissionSet[];
  assignments: IdcAssignment[];
  provisioning: IdcProvisioning[];
}

/** Everything one fake AWS Organization serves: the organization, Identity Center, and IAM per account. */
export interface FakeOrganization {
  organization: OrgOrganization;
  root: OrgRoot;
  ous: OrgUnit[];
  accounts: OrgAccount[];
  policies: OrgPolicy[];
  delegatedAdministrators: OrgDelegatedAdmin[];
  identityCenters: IdentityCenter[];
  /** IAM of an account of the organization (built on first use; null for an account the fake holds no IAM for). */
  iam(accountId: string): FakeIamAccount | null;
}
