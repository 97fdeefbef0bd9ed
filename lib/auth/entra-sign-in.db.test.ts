import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixtureTenant } from "../fakes/entra/fixture-tenant";
import { FakeEntraServer } from "../fakes/entra/server";
import { FakeTenant } from "../fakes/entra/tenant";
import { createHttp } from "../providers/entra/http";
import { ID_TOKEN_FAULTS } from "../testing/id-token-faults";
import { freshTestDb, type TestDb } from "../testing/test-db";
import {
  beginEntraSignIn,
  DEFAULT_ROLE_MAP_TEXT,
  finishEntraSignIn,
  getEntraSignInSettings,
  saveEntraSignInSettings,
  type EntraSignInDeps,
} from "./entra-sign-in";

const AVA = "7a1f0c2e-1111-4c3a-9d2e-0a0b0c0d0e01";
const BEN = "7a1f0c2e-2222-4c3a-9d2e-0a0b0c0d0e02";
const BREAK_GLASS = "7a1f0c2e-3333-4c3a-9d2e-0a0b0c0d0e03";
const ENGINEERING = "5c2d9e10-bbbb-4b1e-8f00-00000000b002";
const REDIRECT = "http://127.0.0.1:3000/auth/entra/callback";

let fake: FakeEntraServer;
let http: ReturnType<typeof createHttp>;
let t: TestDb;
let deps: EntraSignInDeps;

beforeAll(async () => {
  const base = fixtureTenant("e2e/fixtures/entra");
  // Break Glass 1 is in Engineering (a group no role maps to unless a test says so).
  const tenant = new FakeTenant({
    ...base,
    members: (g) =>
      base.group(g).id === ENGINEERING ? [{ "@odata.type": "#microsoft.graph.user", id: BREAK_GLASS }] : [],
  });
  fake = await FakeEntraServer.start({ tenant });
  http = createHttp({ ca: fake.ca });
  deps = { key: crypto.randomBytes(32), send: http.send };
});
afterAll(async () => {
  http.close();
  await fake.stop();
});

beforeEach(async () => {
  await t?.close();
  t = await freshTestDb();
  fake.signIn.fault = null;
  await configure();
});
afterAll(async () => {
  await t.close();
});

async function configure(over: Partial<Parameters<typeof saveEntraSignInSettings>[1]> = {}) {
  return saveEntraSignInSettings(
    t.db,
    {
      enabled: true,
      tenantId: fake.tenantId,
      clientId: fake.signIn.app.clientId,
      clientSecret: fake.signIn.app.clientSecret,
      authorityHost: fake.host,
      roleMap: DEFAULT_ROLE_MAP_TEXT,
      ...over,
    },
    "admin",
    deps,
  );
}

/** The browser's part: follow the authorize URL, pick the user on the fake's page, come back with the query. */
async function signInAs(user: string): Promise<{ query: URLSearchParams; state: string }> {
  const { url, state } = await beginEntraSignIn(t.db, { redirectUri: REDIRECT, next: "/people" }, deps);
  const page = await http.send("GET", url, {});
  expect(page.status, page.body).toBe(200);
  const form = new URL(url).searchParams;
  form.set("fake_user", user);
  const back = await http.send(
    "POST",
    url.split("?")[0]!,
    { "content-type": "application/x-www-form-urlencoded" },
    form.toString(),
  );
  expect(back.status, back.body).toBe(302);
  const to = new URL(back.headers.location!);
  expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
  return { query: to.searchParams, state };
}

const finish = (query: URLSearchParams, browserState: string | undefined) =>
  finishEntraSignIn(t.db, { query, browserState, redirectUri: REDIRECT }, deps);

async function counts() {
  return { users: await t.db.appUser.count(), sessions: await t.db.appSession.count() };
}

describe("sign in with Entra ID against the fake identity platform", () => {
  it("makes an account linked by the object id, with the role the app role maps to, and updates it later", async () => {
    const { query, state } = await signInAs("ava@fabrikam.example");
    const { user, next } = await finish(query, state);
    expect(next).toBe("/people");
    expect(user).toMatchObject({ username: "ava@fabrikam.example", role: "admin" });
    const row = await t.db.appUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ entraObjectId: AVA, entraTenantId: fake.tenantId, passwordHash: null });
    expect(row.displayName).toBe("Ava Admin");
    // Only OpenID scopes were asked for (MSAL adds offline_access itself): no Graph or Azure scope.
    for (const scopes of fake.signIn.requestedScopes)
      expect(
        scopes.every((s) => ["openid", "profile", "offline_access"].includes(s)),
        scopes.join(" "),
      ).toBe(true);

    // The mapping changes: Ava's Crosswalk.Admin now makes only an auditor. Same account, new role.
    await configure({ roleMap: { viewer: "", auditor: "Crosswalk.Auditor Crosswalk.Admin", admin: "Other.Admin" } });
    const again = await signInAs(AVA);
    const second = await finish(again.query, again.state);
    expect(second.user.id).toBe(user.id);
    expect(second.user.role).toBe("auditor");
    expect(await t.db.appUser.count()).toBe(1);
  });

  it("maps groups (object ids) too", async () => {
    await configure({ roleMap: { viewer: ENGINEERING, auditor: "", admin: "" } });
    const { query, state } = await signInAs(BREAK_GLASS);
    expect((await finish(query, state)).user).toMatchObject({
      username: "breakglass1@fabrikam.example",
      role: "viewer",
    });
  });

  it("never shows the secret back, and keeps it when saved again without one", async () => {
    const view = await getEntraSignInSettings(t.db);
    expect(JSON.stringify(view)).not.toContain(fake.signIn.app.clientSecret);
    const row = await t.db.signInProvider.findFirstOrThrow();
    expect(row.clientSecretSealed).not.toContain(fake.signIn.app.clientSecret);
    await configure({ clientSecret: "" });
    const { query, state } = await signInAs(BEN);
    expect((await finish(query, state)).user.role).toBe("viewer");
  });

  it.each(ID_TOKEN_FAULTS)("refuses an id token with %s, creating nothing", async (_name, fault, message) => {
    fake.signIn.fault = fault(fake);
    const { query, state } = await signInAs(AVA);
    await expect(finish(query, state)).rejects.toMatchObject({ code: "UNAUTHORIZED", message });
    expect(await counts()).toEqual({ users: 0, sessions: 0 });
  });

  it("refuses a person with no mapped role, saying so, creating nothing", async () => {
    const { query, state } = await signInAs(BREAK_GLASS);
    await expect(finish(query, state)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(
        /breakglass1@fabrikam\.example has no Crosswalk role: none of your app roles \(none\)/,
      ),
    });
    expect(await counts()).toEqual({ users: 0, sessions: 0 });
  });

  it("refuses a replayed answer (the same code and state twice)", async () => {
    const { query, state } = await signInAs(BEN);
    await finish(query, state);
    await expect(finish(query, state)).rejects.toMatchObject({ message: /already used/ });
    expect(await t.db.appUser.count()).toBe(1);
  });

  it("refuses an answer for a sign-in this browser did not start (login CSRF)", async () => {
    const mine = await signInAs(BEN);
    const theirs = await signInAs(AVA);
    await expect(finish(theirs.query, mine.state)).rejects.toMatchObject({
      message: /not belong to a sign-in started in this browser/,
    });
    await expect(finish(theirs.query, undefined)).rejects.toMatchObject({ message: /started in this browser/ });
    expect(await counts()).toEqual({ users: 0, sessions: 0 });
  });

  it("refuses an answer after 10 minutes", async () => {
    const { query, state } = await signInAs(BEN);
    const later = { ...deps, now: () => new Date(Date.now() + 11 * 60_000) };
    await expect(
      finishEntraSignIn(t.db, { query, browserState: state, redirectUri: REDIRECT }, later),
    ).rejects.toMatchObject({
      message: /took longer than 10 minutes/,
    });
  });

  it("passes on the identity platform's own refusal", async () => {
    const { state } = await beginEntraSignIn(t.db, { redirectUri: REDIRECT, next: "/" }, deps);
    const query = new URLSearchParams({
      state,
      error: "access_denied",
      error_description: "AADSTS50105: not assigned\nTrace ID: x",
    });
    await expect(finish(query, state)).rejects.toMatchObject({
      message: /Microsoft answered access_denied: AADSTS50105: not assigned$/,
    });
  });

  it("refuses an account an admin disabled, and starts no session for it", async () => {
    const first = await signInAs(BEN);
    const { user } = await finish(first.query, first.state);
    await t.db.appUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const again = await signInAs(BEN);
    await expect(finish(again.query, again.state)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: /ben@fabrikam\.example is disabled/,
    });
    expect((await t.db.appUser.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBeNull();
  });

  it("does not take over a local account of the same name", async () => {
    await t.db.appUser.create({ data: { username: "ben@fabrikam.example", passwordHash: "x", role: "admin" } });
    const { query, state } = await signInAs(BEN);
    await expect(finish(query, state)).rejects.toMatchObject({ code: "CONFLICT", message: /already exists/ });
    expect((await t.db.appUser.findFirstOrThrow()).entraObjectId).toBeNull();
  });

  it.each([
    ["common", /any tenant/],
    ["organizations", /any tenant/],
    ["bad tenant!", /GUID or a domain/],
  ])("refuses tenant %s in the settings", async (tenantId, message) => {
    await expect(configure({ tenantId })).rejects.toMatchObject({ code: "BAD_INPUT", message });
  });

  it("refuses plain-http authority hosts and a mapping that lets nobody in", async () => {
    await expect(configure({ authorityHost: "http://login.example" })).rejects.toMatchObject({ message: /https/ });
    await expect(configure({ roleMap: { viewer: "", auditor: "", admin: "" } })).rejects.toMatchObject({
      message: /nobody can sign in/,
    });
  });
});
