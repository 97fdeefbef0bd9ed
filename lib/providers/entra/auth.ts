import crypto from "node:crypto";
import { ConfidentialClientApplication, LogLevel, type Configuration } from "@azure/msal-node";
import { AppError } from "../../errors";
import type { Endpoints } from "./clouds";
import { MsalNetwork, type HttpSend } from "./http";

/** How the app proves itself: a client secret, or a certificate (PEM with the private key and the certificate). */
export type EntraCredential = { kind: "secret"; clientSecret: string } | { kind: "certificate"; pem: string };

/** Splits a PEM bundle into its private key and certificate, and computes the SHA-256 thumbprint Entra shows. */
export function parseCertificatePem(pem: string): {
  privateKey: string;
  certificate: string;
  thumbprintSha256: string;
} {
  const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!key)
    throw new AppError("BAD_INPUT", "The certificate PEM has no private key (expected -----BEGIN PRIVATE KEY-----)");
  if (!cert)
    throw new AppError("BAD_INPUT", "The certificate PEM has no certificate (expected -----BEGIN CERTIFICATE-----)");
  let der: Buffer;
  try {
    der = new crypto.X509Certificate(cert).raw;
    // PKCS#1 keys are converted: MSAL signs with PKCS#8.
    const privateKey = crypto.createPrivateKey(key).export({ format: "pem", type: "pkcs8" }).toString();
    return { privateKey, certificate: cert, thumbprintSha256: crypto.createHash("sha256").update(der).digest("hex") };
  } catch (e) {
    throw new AppError(
      "BAD_INPUT",
      `The certificate PEM could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * Client-credentials tokens through MSAL (`ConfidentialClientApplication`), with the authority and the `.default`
 * scope of the chosen cloud: Graph's, or another audience of the same app registration (`audience`, e.g. ARM's).
 * MSAL caches the token and renews it before it expires.
 */
export function createTokenProvider(input: {
  tenantId: string;
  clientId: string;
  credential: EntraCredential;
  endpoints: Endpoints;
  send: HttpSend;
  /** The resource the token is for (default: the cloud's Graph). */
  audience?: string;
}): { getAccessToken: () => Promise<string>; getToken: () => Promise<{ token: string; expiresOn: number }> } {
  if (!/^[0-9a-zA-Z.-]+$/.test(input.tenantId))
    throw new AppError("BAD_INPUT", "The tenant id must be a GUID or a domain name");
  const auth: Configuration["auth"] = {
    clientId: input.clientId,
    authority: `${input.endpoints.authorityOrigin}/${input.tenantId}`,
    knownAuthorities: [input.endpoints.authorityHost],
  };
  if (input.credential.kind === "secret") auth.clientSecret = input.credential.clientSecret;
  else {
    const c = parseCertificatePem(input.credential.pem);
    auth.clientCertificate = { thumbprintSha256: c.thumbprintSha256, privateKey: c.privateKey, x5c: c.certificate };
  }
  const app = new ConfidentialClientApplication({
    auth,
    system: {
      networkClient: new MsalNetwork(input.send),
      // Never log tokens or PII; MSAL's own messages at Error only.
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
    },
  });
  const scopes = [`${input.audience ?? input.endpoints.graphOrigin}/.default`];
  const getToken = async () => {
    try {
      const r = await app.acquireTokenByClientCredential({ scopes });
      if (!r?.accessToken) throw new AppError("UNAUTHORIZED", "The identity platform returned no access token");
      return { token: r.accessToken, expiresOn: r.expiresOn?.getTime() ?? Date.now() + 3_000_000 };
    } catch (e) {
      if (e instanceof AppError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      // AADSTS codes explain the cause (bad secret, unknown app/tenant); they carry no secret.
      const err = new AppError(
        "UNAUTHORIZED",
        `Sign-in to ${input.endpoints.authorityHost} as app ${input.clientId} failed: ${msg.split("\n")[0]}`,
        { cause: e },
      );
      err.name = err.code; // keeps the code through the Graph client's error wrapping
      throw err;
    }
  };
  return { getToken, getAccessToken: async () => (await getToken()).token };
}
