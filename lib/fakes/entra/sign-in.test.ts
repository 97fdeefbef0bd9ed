import crypto from "node:crypto";
import https from "node:https";
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureTenant } from "./fixture-tenant";
import { FakeEntraServer } from "./server";
import { redirectMatches } from "./sign-in";
import { FakeTenant } from "./tenant";

const AVA = "7a1f0c2e-1111-4c3a-9d2e-0a0b0c0d0e01";
const BEN = "7a1f0c2e-2222-4c3a-9d2e-0a0b0c0d0e02";
const GINA = "7a1f0c2e-4444-4c3a-9d2e-0a0b0c0d0e04";
const REDIRECT = "http://127.0.0.1:41731/auth/entra/callback";

let server: FakeEntraServer;

function call(method: string, path: string, body?: string) {
  return new Promise<{ status: number; location: string | undefined; text: string }>((resolve, reject) => {
    const req = https.request(
      new URL(path, server.base),
      {
        method,
        ca: server.ca,
        headers: body !== undefined ? { "content-type": "application/x-www-form-urlencoded" } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const verifier = crypto.randomBytes(32).toString("base64url");
const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");

function authorizeParams(over: Record<string, string | null> = {}): URLSearchParams {
  const p = new URLSearchParams({
    client_id: server.signIn.app.clientId,
    response_type: "code",
    redirect_uri: REDIRECT,
    scope: "openid profile offline_access",
    state: "st-1",
    nonce: "n-1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    response_mode: "query",
  });
  for (const [k, v] of Object.entries(over)) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  return p;
}

const authorizePath = () => `/${server.tenantId}/oauth2/v2.0/authorize`;

/** Picks a user on the fake's page; returns the redirect back to the app. */
async function pick(user: string, over: Record<string, string | null> = {}): Promise<URL> {
  const form = authorizeParams(over);
  form.set("fake_user", user);
  const r = await call("POST", authorizePath(), form.toString());
  expect(r.status, r.text).toBe(302);
  return new URL(r.location!);
}

async function redeem(code: string, over: Record<string, string> = {}) {
  const form = new URLSearchParams({
    grant_type: "authorization_code",
    client_id: server.signIn.app.clientId,
    client_secret: server.signIn.app.clientSecret,
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    scope: "openid profile offline_access",
    ...over,
  });
  const r = await call("POST", `/${server.tenantId}/oauth2/v2.0/token`, form.toString());
  return { status: r.status, json: JSON.parse(r.text) as Record<string, string> };
}

async function verify(idToken: string) {
  const jwks = JSON.parse((await call("GET", `/${server.tenantId}/discovery/v2.0/keys`)).text) as JSONWebKeySet;
  return jwtVerify(idToken, createLocalJWKSet(jwks), {
    issuer: `${server.base}/${server.tenantId}/v2.0`,
    audience: server.signIn.app.clientId,
  });
}

beforeAll(async () => {
  server = await FakeEntraServer.start({ tenant: new FakeTenant(fixtureTenant("e2e/fixtures/entra")) });
});
afterAll(async () => {
  await server.stop();
});

describe("fake identity platform: user sign-in", () => {
  it("publishes the authorize endpoint and the JWKS in its OpenID configuration", async () => {
    const conf = JSON.parse((await call("GET", `/${server.tenantId}/v2.0/.well-known/openid-configuration`)).text);
    expect(conf.authorization_endpoint).toBe(`${server.base}${authorizePath()}`);
    const keys = JSON.parse((await call("GET", new URL(conf.jwks_uri).pathname)).text).keys;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", use: "sig", kid: server.signIn.kid });
    expect(keys[0].d).toBeUndefined(); // never the private part
  });

  it("shows a page to pick an account, listing enabled users only", async () => {
    const r = await call("GET", `${authorizePath()}?${authorizeParams()}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain("ava@fabrikam.example");
    expect(r.text).not.toContain(GINA); // disabled
  });

  it.each([
    ["unknown app", { client_id: "00000000-0000-0000-0000-000000000000" }, "AADSTS700016"],
    ["unregistered redirect", { redirect_uri: "https://evil.example/cb" }, "AADSTS50011"],
  ])("refuses on its own page: %s", async (_name, over, code) => {
    const r = await call("GET", `${authorizePath()}?${authorizeParams(over)}`);
    expect(r.status).toBe(400);
    expect(r.text).toContain(code);
  });

  it.each([
    ["no PKCE", { code_challenge: null }, "invalid_request"],
    ["plain PKCE", { code_challenge_method: "plain" }, "invalid_request"],
    ["a Graph scope", { scope: "openid https://graph.microsoft.com/User.ReadWrite.All" }, "invalid_scope"],
    ["no openid", { scope: "profile" }, "invalid_request"],
  ])("sends the error back to the app: %s", async (_name, over, error) => {
    const r = await call("GET", `${authorizePath()}?${authorizeParams(over)}`);
    expect(r.status).toBe(302);
    const back = new URL(r.location!);
    expect(back.searchParams.get("error")).toBe(error);
    expect(back.searchParams.get("state")).toBe("st-1");
  });

  it("redeems a code once, with the PKCE verifier, for an id token signed by its published key", async () => {
    const back = await pick("ava@fabrikam.example");
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("st-1");
    const code = back.searchParams.get("code")!;
    const r = await redeem(code);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const { payload } = await verify(r.json.id_token!);
    expect(payload).toMatchObject({
      oid: AVA,
      tid: server.tenantId,
      nonce: "n-1",
      preferred_username: "ava@fabrikam.example",
      roles: ["Crosswalk.Admin"],
    });
    const again = await redeem(code);
    expect(again.json.error_description).toContain("AADSTS54005");
  });

  it("refuses a wrong PKCE verifier and a wrong client secret", async () => {
    const code = (await pick(BEN)).searchParams.get("code")!;
    expect((await redeem(code, { code_verifier: "x".repeat(43) })).json.error_description).toContain("AADSTS501481");
    const code2 = (await pick(BEN)).searchParams.get("code")!;
    const r = await redeem(code2, { client_secret: "wrong" });
    expect(r.status).toBe(401);
    expect(r.json.error_description).toContain("AADSTS7000215");
  });

  it("refuses a disabled user", async () => {
    const form = authorizeParams();
    form.set("fake_user", GINA);
    const r = await call("POST", authorizePath(), form.toString());
    expect(r.status).toBe(400);
    expect(r.text).toContain("AADSTS50057");
  });

  it("spoils id tokens on request: a foreign key fails verification", async () => {
    server.signIn.fault = { foreignKey: true };
    try {
      const r = await redeem((await pick(BEN)).searchParams.get("code")!);
      await expect(verify(r.json.id_token!)).rejects.toThrow(/signature/);
    } finally {
      server.signIn.fault = null;
    }
  });
});

describe("app roles and groups in the id token", () => {
  it("gives roles assigned to the user or to a group it is a direct member of, and transitive groups", async () => {
    const base = fixtureTenant("e2e/fixtures/entra");
    const outer = "5c2d9e10-aaaa-4b1e-8f00-00000000b001";
    const inner = "5c2d9e10-bbbb-4b1e-8f00-00000000b002";
    const members: Record<string, { "@odata.type": string; id: string }[]> = {
      [outer]: [{ "@odata.type": "#microsoft.graph.group", id: inner }],
      [inner]: [{ "@odata.type": "#microsoft.graph.user", id: BEN }],
    };
    const sp = base.servicePrincipal(0);
    const auditorRole = "0b8e6c7a-0002-4d5e-9f00-00000000c0a2";
    const tenant = new FakeTenant({
      ...base,
      members: (g) => members[base.group(g).id] ?? [],
      // The auditor role to the outer group (Ben is in it only through the inner one) and to the inner group.
      appRoleAssignedTo: () => [
        ...(base.appRoleAssignedTo?.(0) ?? []),
        { id: "g1", appRoleId: auditorRole, principalId: outer, principalType: "Group", resourceId: sp.id },
      ],
    });
    const s = await FakeEntraServer.start({ tenant });
    try {
      expect(s.signIn.rolesOf(BEN)).toEqual(["Crosswalk.Viewer"]); // not through the nested group
      expect(s.signIn.groupsOf(BEN, true).sort()).toEqual([outer, inner].sort());
      expect(s.signIn.groupsOf(BEN, false)).toEqual([inner]);
      const t2 = new FakeTenant({
        ...base,
        members: (g) => members[base.group(g).id] ?? [],
        appRoleAssignedTo: () => [
          { id: "g2", appRoleId: auditorRole, principalId: inner, principalType: "Group", resourceId: sp.id },
        ],
      });
      s.tenant = t2;
      expect(s.signIn.rolesOf(BEN)).toEqual(["Crosswalk.Auditor"]);
      expect(s.signIn.rolesOf("7a1f0c2e-3333-4c3a-9d2e-0a0b0c0d0e03")).toEqual([]); // break-glass: none
    } finally {
      await s.stop();
    }
  });

  it.each([
    ["http://127.0.0.1/auth/entra/callback", "http://127.0.0.1:3000/auth/entra/callback", true],
    ["http://localhost/auth/entra/callback", "http://localhost:41731/auth/entra/callback", true],
    ["http://127.0.0.1/auth/entra/callback", "http://127.0.0.1:3000/other", false],
    ["https://crosswalk.example/auth/entra/callback", "https://crosswalk.example:8443/auth/entra/callback", false],
    ["https://crosswalk.example/auth/entra/callback", "https://crosswalk.example/auth/entra/callback", true],
  ])("redirect URI %s matches %s: %s", (registered, asked, ok) => {
    expect(redirectMatches(registered, asked)).toBe(ok);
  });
});
