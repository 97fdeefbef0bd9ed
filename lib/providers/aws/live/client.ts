import { IAMClient, type IAMClientConfig } from "@aws-sdk/client-iam";
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { env } from "../../../env";
import { enforceReadOnly } from "./read-only";

type Credentials = NonNullable<IAMClientConfig["credentials"]>;

/** How to reach an account. Nothing here is a secret: keys come from the SDK's provider chain, never from us. */
export interface AwsConnection {
  /** A profile of ~/.aws/config (static keys, assume-role, or SSO `sso_*` settings). Default: the provider chain. */
  profile?: string | null;
  /** Assume this role first (cross-account read), optionally with an external id. */
  roleArn?: string | null;
  externalId?: string | null;
  /** IAM endpoint override (LocalStack, moto, national clouds); AWS_ENDPOINT_URL_IAM works too (read by the SDK). */
  endpoint?: string | null;
  /** STS endpoint for --role-arn (default: the SDK's, which honours AWS_ENDPOINT_URL_STS). */
  stsEndpoint?: string | null;
  /** Tests: explicit credentials instead of the provider chain. */
  credentials?: Credentials;
  /** Retry budget for throttling and transient errors (adaptive mode). */
  maxAttempts?: number;
}

// The SDK warns on stderr that future versions will need Node 22; that notice is not about this run and would break
// the CLI's "one clear line on stderr" contract. The SDK documents this switch for it.
// biome-ignore lint/style/noProcessEnv: sets (never reads) a switch the AWS SDK reads itself.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// IAM is a global service signed for us-east-1 (domain brief 1.5).
const REGION = "us-east-1";

function credentialsFor(c: AwsConnection): Credentials {
  const base = c.credentials ?? (c.profile ? fromIni({ profile: c.profile }) : fromNodeProviderChain());
  if (!c.roleArn) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: c.roleArn,
      RoleSessionName: "crosswalk-read-only",
      ...(c.externalId ? { ExternalId: c.externalId } : {}),
    },
    clientConfig: { region: REGION, ...(c.stsEndpoint ? { endpoint: c.stsEndpoint } : {}) },
  });
}

/** The endpoint a connection will use, for provenance and messages. */
export function effectiveEndpoint(c: AwsConnection): string {
  const e = env();
  return c.endpoint || e.AWS_ENDPOINT_URL_IAM || e.AWS_ENDPOINT_URL || "https://iam.amazonaws.com";
}

/**
 * An IAM client that can only read: region us-east-1, credentials from the SDK provider chain (or profile /
 * assume-role), adaptive retries for `Throttling`, and the command allowlist installed before anything else runs.
 */
export function createReadOnlyIamClient(c: AwsConnection): IAMClient {
  const client = new IAMClient({
    region: REGION,
    credentials: credentialsFor(c),
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    retryMode: "adaptive",
    maxAttempts: c.maxAttempts ?? 8,
  });
  return enforceReadOnly(client);
}
