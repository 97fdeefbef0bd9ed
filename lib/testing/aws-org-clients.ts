import { IAMClient } from "@aws-sdk/client-iam";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { STSClient } from "@aws-sdk/client-sts";

/** Credentials of a test caller (static, or the temporary ones STS issued). */
export interface TestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const TEST_CREDENTIALS: TestCredentials = { accessKeyId: "AKIAFAKEMANAGEMENT01", secretAccessKey: "testing" };

/** The real AWS SDK v3 clients of every service the organisation read uses, pointed at one endpoint (tests only). */
export function awsOrgClients(endpoint: string, credentials: TestCredentials = TEST_CREDENTIALS, maxAttempts = 3) {
  const config = { region: "us-east-1", endpoint, credentials, maxAttempts };
  return {
    organizations: new OrganizationsClient(config),
    ssoAdmin: new SSOAdminClient(config),
    identityStore: new IdentitystoreClient(config),
    sts: new STSClient(config),
    iam: new IAMClient(config),
  };
}

export type AwsOrgClients = ReturnType<typeof awsOrgClients>;
