import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureTenant } from "../../fakes/entra/fixture-tenant";
import { FakeEntraServer } from "../../fakes/entra/server";
import { FakeTenant } from "../../fakes/entra/tenant";
import { ID_TOKEN_FAULTS } from "../../testing/id-token-faults";
import { resolveEndpoints } from "./clouds";
import { createHttp } from "./http";
import { authorizeUrl, checkTenantId, newSignInSecrets, redeemCode, type OidcClient } from "./oidc-sign-in";

const REDIRECT = "http://localhost:3000/auth/entra/callback";
let fake: FakeEntraServer;
let http: ReturnType<typeof createHttp>;
let client: OidcClient;

beforeAll(async () => {
  fake = await FakeEntraServer.start({ tenant: new FakeTenant(fixtureTenant("e2e/fixtures/entra")) });
  http = createHttp({ ca: fake.ca });
  client = {
    tenantId: fake.tenantId,
    clientId: fake.signIn.app.clientId,
    clientSecret: fake.signIn.app.clientSecret,
    endpoints: resolveEndpoints({ authorityHost: fake.host }),
    redirectUri: REDIRECT,
    send: http.send,
  };
});
afterAll(async () => {
  http.close();
  await fake.stop();
});

/** The browser's part, against the fake's account picker. */
async function pick(url: string, user: string): Promise<URLSearchParams> {
  const u = new URL(url);
  u.searchParams.set("fake_user", user);
  const r = await http.send("GET", u.toString(), {});
  expect(r.status, r.body).toBe(302);
  return new URL(r.headers.location!).searchParams;
}

describe("OpenID Connect sign-in through MSAL", () => {
  it("asks for OpenID scopes only, with PKCE S256, the state and the nonce", async () => {
    const s = await newSignInSecrets();
    const url = new URL(await authorizeUrl(client, s));
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.base}/${fake.tenantId}/oauth2/v2.0/authorize`);
    const q = url.searchParams;
    expect(q.get("scope")!.split(" ").sort()).toEqual(["offline_access", "openid", "profile"]);
    expect(q.get("code_challenge")).toBe(s.codeChallenge);
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("state")).toBe(s.state);
    expect(q.get("nonce")).toBe(s.nonce);
    expect(q.get("redirect_uri")).toBe(REDIRECT);
    expect(q.get("client_secret")).toBeNull();
    expect(url.toString()).not.toContain(client.clientSecret);
  });

  it("redeems the code for a verified identity: object id, tenant, name, app roles", async () => {
    const s = await newSignInSecrets();
    const back = await pick(await authorizeUrl(client, s), "ava@fabrikam.example");
    expect(back.get("state")).toBe(s.state);
    const who = await redeemCode(client, { code: back.get("code")!, codeVerifier: s.codeVerifier, nonce: s.nonce });
    expect(who).toEqual({
      objectId: "7a1f0c2e-1111-4c3a-9d2e-0a0b0c0d0e01",
      tenantId: fake.tenantId,
      username: "ava@fabrikam.example",
      displayName: "Ava Admin",
      roles: ["Crosswalk.Admin"],
      groups: [],
    });
  });

  it.each([
    ["another PKCE verifier", { codeVerifier: "A".repeat(43) }, /AADSTS501481/],
    ["a made-up code", { code: "not-a-code" }, /AADSTS70008/],
  ])("passes on the identity platform's refusal of %s", async (_name, over, message) => {
    const s = await newSignInSecrets();
    const back = await pick(await authorizeUrl(client, s), "ben@fabrikam.example");
    const r = { code: back.get("code")!, codeVerifier: s.codeVerifier, nonce: s.nonce, ...over };
    await expect(redeemCode(client, r)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(message),
    });
  });

  it.each(ID_TOKEN_FAULTS)("refuses an id token with %s", async (_name, fault, reason) => {
    fake.signIn.fault = fault(fake);
    try {
      const s = await newSignInSecrets();
      const back = await pick(await authorizeUrl(client, s), "ava@fabrikam.example");
      await expect(
        redeemCode(client, { code: back.get("code")!, codeVerifier: s.codeVerifier, nonce: s.nonce }),
      ).rejects.toMatchObject({ code: "UNAUTHORIZED", message: expect.stringMatching(reason) });
    } finally {
      fake.signIn.fault = null;
    }
  });

  it("refuses a wrong client secret with the platform's reason", async () => {
    const s = await newSignInSecrets();
    const back = await pick(await authorizeUrl(client, s), "ben@fabrikam.example");
    await expect(
      redeemCode(
        { ...client, clientSecret: "wrong" },
        { code: back.get("code")!, codeVerifier: s.codeVerifier, nonce: s.nonce },
      ),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", message: /AADSTS7000215/ });
  });

  it("names an unreachable identity platform as such", async () => {
    const gone = { ...client, endpoints: resolveEndpoints({ authorityHost: "127.0.0.1:1" }) };
    await expect(authorizeUrl(gone, await newSignInSecrets())).rejects.toMatchObject({ code: "UPSTREAM" });
  });

  it.each(["common", "organizations", "consumers"])("refuses the multi-tenant authority %s", (t) => {
    expect(() => checkTenantId(t)).toThrow(/any tenant/);
  });
});
