import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { STSClient } from "@aws-sdk/client-sts";
import { fromIni, fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsConnection } from "../aws/live/client";
import { enforceOrgReadOnly } from "./read-only";

/** How to reach the management (or delegated-admin) account, and how to enter its member accounts. */
export interface AwsOrgConnection extends Omit<AwsConnection, "roleArn" | "externalId"> {
  /** Identity Center's home region (SSO Admin and Identity Store are regional). Default us-east-1. */
  region?: string | null;
  /** One endpoint for every service (the local fakes, moto). */
  orgEndpoint?: string | null;
  /** The read-only role to assume in every member account, and its external id. */
  memberRoleName: string;
  memberExternalId?: string | null;
}

export type OrgClients = ReturnType<typeof createOrgClients>;

/**
 * Read-only SDK clients of the organisation's services: credentials from the SDK provider chain (or a profile),
 * adaptive retries for throttling (SSO Admin's limits are a few requests per second), and the command allowlist
 * installed before anything else runs.
 */
export function createOrgClients(c: AwsOrgConnection) {
  const credentials = c.credentials ?? (c.profile ? fromIni({ profile: c.profile }) : fromNodeProviderChain());
  const config = {
    region: c.region || "us-east-1",
    credentials,
    retryMode: "adaptive",
    maxAttempts: c.maxAttempts ?? 10,
    ...(c.orgEndpoint ? { endpoint: c.orgEndpoint } : {}),
  } as const;
  return {
    organizations: enforceOrgReadOnly(new OrganizationsClient(config)),
    ssoAdmin: enforceOrgReadOnly(new SSOAdminClient(config)),
    identityStore: enforceOrgReadOnly(new IdentitystoreClient(config)),
    sts: enforceOrgReadOnly(
      new STSClient({
        ...config,
        ...(c.stsEndpoint || c.orgEndpoint ? { endpoint: c.stsEndpoint || c.orgEndpoint! } : {}),
      }),
    ),
    credentials,
  };
}

/** The connection that reads one member account's IAM through the member role (the IAM provider does the rest). */
export function memberConnection(c: AwsOrgConnection, accountId: string): AwsConnection {
  return {
    ...(c.credentials ? { credentials: c.credentials } : {}),
    profile: c.profile ?? null,
    roleArn: `arn:aws:iam::${accountId}:role/${c.memberRoleName}`,
    externalId: c.memberExternalId ?? null,
    endpoint: c.endpoint || c.orgEndpoint || null,
    stsEndpoint: c.stsEndpoint || c.orgEndpoint || null,
    maxAttempts: c.maxAttempts ?? 8,
  };
}
