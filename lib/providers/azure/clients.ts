import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ManagementGroupsAPI } from "@azure/arm-managementgroups";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { createTokenProvider, type EntraCredential } from "../entra/auth";
import type { Endpoints } from "../entra/clouds";
import type { HttpSend } from "../entra/http";

/** The ARM SDK clients the reader uses, all sending through one guarded HTTP client. */
export interface ArmSdk {
  authorization(subscriptionId?: string): AuthorizationManagementClient;
  managementGroups: ManagementGroupsAPI;
  subscriptions: SubscriptionClient;
  resources(subscriptionId: string): ResourceManagementClient;
}

/**
 * A TokenCredential for the ARM audience of the chosen cloud, from the same app registration (and the same MSAL
 * client-credentials code) the Entra connector signs in with.
 */
export function armCredential(input: {
  tenantId: string;
  clientId: string;
  credential: EntraCredential;
  endpoints: Endpoints;
  send: HttpSend;
}): TokenCredential {
  const tokens = createTokenProvider({ ...input, audience: input.endpoints.armAudience });
  return {
    async getToken() {
      const t = await tokens.getToken();
      return { token: t.token, expiresOnTimestamp: t.expiresOn };
    },
  };
}

// NOTE: the client wants a subscription id even for operations that take a scope; Microsoft's samples pass zeros.
const ANY_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

export function armSdk(input: {
  credential: TokenCredential;
  endpoints: Endpoints;
  httpClient: HttpClient;
  maxRetries?: number;
}): ArmSdk {
  const options = {
    endpoint: input.endpoints.armOrigin,
    // NOTE: the SDKs ask for `${endpoint}/.default` unless told; the token is for the cloud's ARM audience.
    credentialScopes: [`${input.endpoints.armAudience}/.default`],
    httpClient: input.httpClient,
    // The SDK's retry policy waits out Retry-After on 429 (and backs off on 5xx); ARM's buckets refill in seconds.
    retryOptions: { maxRetries: input.maxRetries ?? 8, retryDelayInMs: 500, maxRetryDelayInMs: 30_000 },
  };
  const authorization = new Map<string, AuthorizationManagementClient>();
  return {
    authorization: (subscriptionId = ANY_SUBSCRIPTION) => {
      let c = authorization.get(subscriptionId);
      if (!c) {
        c = new AuthorizationManagementClient(input.credential, subscriptionId, options);
        authorization.set(subscriptionId, c);
      }
      return c;
    },
    managementGroups: new ManagementGroupsAPI(input.credential, options),
    subscriptions: new SubscriptionClient(input.credential, options),
    resources: (subscriptionId) => new ResourceManagementClient(input.credential, subscriptionId, options),
  };
}
