import https from "node:https";
import type { FakeEntraServer } from "../fakes/entra/server";

/** One raw HTTPS request to a fake (what the SDKs hide: status, headers, the error envelope). */
export async function rawRequest(
  fake: { base: string; ca: string },
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown } = {},
): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
  const u = new URL(path, fake.base);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      u,
      {
        method,
        ca: fake.ca,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          });
        });
      },
    );
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

/** A client-credentials access token from the fake identity platform for `scope` (e.g. the ARM or Graph audience). */
export async function fakeToken(entra: FakeEntraServer, scope: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: entra.app.clientId,
    client_secret: entra.app.clientSecret ?? "",
    scope,
  }).toString();
  const u = new URL(`/${entra.tenantId}/oauth2/v2.0/token`, entra.base);
  return new Promise((resolve, reject) => {
    const req = https.request(
      u,
      {
        method: "POST",
        ca: entra.ca,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(form)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const j = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { access_token?: string; error?: string };
          if (j.access_token) resolve(j.access_token);
          else reject(new Error(`token request failed: ${j.error}`));
        });
      },
    );
    req.on("error", reject);
    req.write(form);
    req.end();
  });
}
