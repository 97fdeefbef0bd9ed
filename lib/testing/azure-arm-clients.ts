import https from "node:https";
import tls from "node:tls";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ManagementGroupsAPI } from "@azure/arm-managementgroups";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { createDefaultHttpClient, type HttpClient } from "@azure/core-rest-pipeline";
import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import type { GeneratedTenantOptions } from "../fakes/entra/generated-tenant";
import { generatedTenant } from "../fakes/entra/generated-tenant";
import { FakeEntraServer } from "../fakes/entra/server";
import { FakeTenant } from "../fakes/entra/tenant";
import type { AzureEstate } from "../fakes/azure-arm/estate";
import { type GenerateEstateOptions, generateEstate } from "../fakes/azure-arm/generate";
import { generatedTenantDirectory, tenantOptionsFor } from "../fakes/azure-arm/principals";
import { type FakeArmOptions, FakeArmServer } from "../fakes/azure-arm/server";
import { createHttp, MsalNetwork } from "../providers/entra/http";

// Test and bench helpers that drive the fake ARM through the real Azure SDK packages (the only code outside
// lib/providers/azure allowed to import them: .dependency-cruiser.cjs says why).

export const ARM_SCOPE = "https://management.azure.com/.default";

/**
 * A TokenCredential over MSAL's client-credentials flow against the fake identity platform: what the Azure SDK
 * clients take, with the certificate of the fake trusted.
 */
export function msalCredential(entra: FakeEntraServer): TokenCredential & { requests: number } {
  const http = createHttp({ ca: entra.ca });
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: entra.app.clientId,
      clientSecret: entra.app.clientSecret,
      authority: `${entra.base}/${entra.tenantId}`,
      knownAuthorities: [entra.host],
    },
    system: {
      networkClient: new MsalNetwork(http.send),
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
    },
  });
  const credential = {
    requests: 0,
    async getToken(scopes: string | string[]): Promise<AccessToken | null> {
      credential.requests++;
      const r = await app.acquireTokenByClientCredential({ scopes: Array.isArray(scopes) ? scopes : [scopes] });
      if (!r) return null;
      return { token: r.accessToken, expiresOnTimestamp: r.expiresOn?.getTime() ?? Date.now() + 3_000_000 };
    },
  };
  return credential;
}

/** The SDKs' default HTTP client, sending through an agent that trusts the fake's certificate. */
export function trustingHttpClient(ca: string, maxSockets = 16): HttpClient {
  const inner = createDefaultHttpClient();
  const agent = new https.Agent({ keepAlive: true, maxSockets, ca: [...tls.rootCertificates, ca] });
  return {
    sendRequest(request) {
      request.agent = agent;
      return inner.sendRequest(request);
    },
  };
}

export interface ArmClients {
  authorization(subscriptionId?: string): AuthorizationManagementClient;
  managementGroups: ManagementGroupsAPI;
  subscriptions: SubscriptionClient;
  resources(subscriptionId: string): ResourceManagementClient;
  resourceGraph: ResourceGraphClient;
}

/** Every Azure SDK client Crosswalk might read with, pointed at the fake ARM. */
export function armClients(arm: FakeArmServer, credential: TokenCredential): ArmClients {
  const options = {
    endpoint: arm.base,
    // NOTE: the SDKs ask for `${endpoint}/.default` unless told; ARM tokens are for the ARM audience, whatever host.
    credentialScopes: [ARM_SCOPE],
    httpClient: trustingHttpClient(arm.ca),
  };
  return {
    // NOTE: the client wants a subscription id even for calls that take a scope (Microsoft's own samples pass zeros).
    authorization: (subscriptionId = "00000000-0000-0000-0000-000000000000") =>
      new AuthorizationManagementClient(credential, subscriptionId, options),
    managementGroups: new ManagementGroupsAPI(credential, options),
    subscriptions: new SubscriptionClient(credential, options),
    resources: (subscriptionId) => new ResourceManagementClient(credential, subscriptionId, options),
    resourceGraph: new ResourceGraphClient(credential, options),
  };
}

export interface AzureFakes {
  estate: AzureEstate;
  entra: FakeEntraServer;
  arm: FakeArmServer;
  credential: TokenCredential & { requests: number };
  clients: ArmClients;
  stop(): Promise<void>;
}

/** Starts a fake Entra tenant and a fake ARM over a generated estate whose principals the tenant holds. */
export async function startAzureFakes(
  estateOptions: GenerateEstateOptions,
  armOptions: Omit<FakeArmOptions, "estate" | "tokens"> = {},
): Promise<AzureFakes> {
  const tenantOptions: GeneratedTenantOptions = tenantOptionsFor(
    estateOptions.roleAssignments ?? estateOptions.subscriptions * 45,
  );
  const directory = estateOptions.directory ?? generatedTenantDirectory(tenantOptions);
  const estate = generateEstate({ ...estateOptions, directory });
  const entra = await FakeEntraServer.start({
    tenant: new FakeTenant(generatedTenant(tenantOptions)),
    tenantId: estate.tenantId,
  });
  const arm = await FakeArmServer.start({ estate, tokens: entra, ...armOptions });
  const credential = msalCredential(entra);
  return {
    estate,
    entra,
    arm,
    credential,
    clients: armClients(arm, credential),
    async stop() {
      await arm.stop();
      await entra.stop();
    },
  };
}
