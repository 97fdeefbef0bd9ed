import { CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectorEvent } from "../../../model";
import { generateAccount } from "../../../fakes/aws-iam/generate";
import { FakeIamServer, type FakeIamAccount, type FakeIamOptions } from "../../../fakes/aws-iam/server";
import { openAwsAccount } from "./reader";

const creds = { accessKeyId: "AKIDFAKE", secretAccessKey: "fake" };
let fake: FakeIamServer | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function read(
  opts: FakeIamOptions,
  size = { users: 40, roles: 15, policies: 20 },
  extra: Partial<FakeIamAccount> = {},
) {
  fake = new FakeIamServer({ ...generateAccount(size), ...extra }, opts);
  const url = await fake.start();
  const reader = await openAwsAccount(
    { endpoint: url, credentials: creds },
    { credentialReportPollMs: 20, credentialReportTimeoutMs: 5000 },
  );
  const events: ConnectorEvent[] = [];
  for await (const e of reader.events()) events.push(e);
  const datasets = Object.fromEntries(events.flatMap((e) => (e.type === "dataset" ? [[e.name, e.status]] : [])));
  const principals = events.flatMap((e) => (e.type === "batch" ? (e.batch.principals ?? []) : []));
  const sets = events.flatMap((e) => (e.type === "batch" ? (e.batch.permissionSets ?? []) : []));
  return { reader, events, datasets, principals, sets };
}

describe("live AWS reader against the fake IAM server", () => {
  it("guards an injected raw client with the read-only allowlist as well", async () => {
    fake = new FakeIamServer(generateAccount({ users: 3, roles: 2, policies: 2 }));
    const url = await fake.start();
    const raw = new IAMClient({ region: "us-east-1", endpoint: url, credentials: creds, maxAttempts: 1 });
    const reader = await openAwsAccount(
      { endpoint: url, credentials: creds },
      { client: raw, credentialReportPollMs: 20 },
    );
    for await (const _ of reader.events()) void _;
    fake.resetStats();
    const err = await raw.send(new CreateUserCommand({ UserName: "mallory" })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "READ_ONLY_VIOLATION" });
    expect(fake.stats.requests).toBe(0);
  });

  it("reads everything with short pages and throttling, URL-decoding documents", async () => {
    const { reader, datasets, principals, sets } = await read({ maxPage: 7, shortPages: true, throttleEvery: 5 });
    const c = fake!.counts();
    expect(principals.filter((p) => p.kind === "user")).toHaveLength(c.users);
    expect(principals.filter((p) => p.kind === "role")).toHaveLength(c.roles);
    expect(sets.filter((s) => s.kind !== "inlinePolicy")).toHaveLength(c.policies);
    expect(fake!.stats.throttled).toBeGreaterThan(0);
    expect(reader.accountId).toBe("123456789012");
    expect(reader.alias).toBe("example-9012");
    expect(datasets).toMatchObject({
      credentialReport: { collected: true },
      accountSummary: { collected: true },
      accountAlias: { collected: true },
    });
    // Documents arrived URL-encoded and were decoded into statements.
    const role = principals.find((p) => p.kind === "role")!;
    expect((role.attributes as { trust: unknown[] }).trust.length).toBeGreaterThan(0);
    expect(sets.every((s) => Array.isArray(s.statements))).toBe(true);
    // Credential report merged (null ≠ false: every user has a definite MFA value).
    expect(principals.filter((p) => p.kind === "user").every((u) => typeof u.mfaRegistered === "boolean")).toBe(true);
    expect(fake!.stats.refusedWrites).toEqual({});
  });

  it("reads the password policy; NoSuchEntity is collected as 'none set' (null), not 'not collected'", async () => {
    const small = { users: 2, roles: 1, policies: 1 };
    // PasswordPolicy as in the GetAccountPasswordPolicy docs example (API_GetAccountPasswordPolicy.html).
    const policy = { MinimumPasswordLength: 12, PasswordReusePrevention: 12, RequireSymbols: true, HardExpiry: false };
    for (const [extra, status, kept] of [
      [
        { passwordPolicy: policy },
        { collected: true, count: 1 },
        { minimumPasswordLength: 12, passwordReusePrevention: 12 },
      ],
      [{ passwordPolicy: null }, { collected: true, count: 0 }, null],
    ] as const) {
      const { events, datasets } = await read({}, small, extra);
      const prov = Object.assign({}, ...events.flatMap((e) => (e.type === "provenance" ? [e.data] : [])));
      expect(datasets.passwordPolicy, JSON.stringify(extra)).toMatchObject(status);
      if (kept === null) expect(prov.passwordPolicy).toBeNull();
      else expect(prov.passwordPolicy).toMatchObject(kept);
      await fake!.stop();
      fake = null;
    }
  });

  it("waits for a credential report that is still being generated (bounded polling)", async () => {
    const { datasets } = await read({ credentialReportDelayMs: 120 });
    expect(datasets.credentialReport).toMatchObject({ collected: true });
    expect(fake!.stats.byAction.GenerateCredentialReport).toBeGreaterThan(1);
  });

  it("a missing permission on optional datasets → not collected, with the iam: action to grant", async () => {
    const { datasets, principals } = await read({
      denyActions: ["GenerateCredentialReport", "GetAccountSummary", "ListAccountAliases", "GetAccountPasswordPolicy"],
    });
    expect(datasets.credentialReport).toMatchObject({
      collected: false,
      permission: "iam:GenerateCredentialReport, iam:GetCredentialReport",
    });
    expect(datasets.accountSummary).toMatchObject({ collected: false, permission: "iam:GetAccountSummary" });
    expect(datasets.accountAlias).toMatchObject({ collected: false, permission: "iam:ListAccountAliases" });
    expect(datasets.passwordPolicy).toMatchObject({ collected: false, permission: "iam:GetAccountPasswordPolicy" });
    // Not collected is null, never false.
    expect(principals.filter((p) => p.kind === "user").every((u) => u.mfaRegistered === null)).toBe(true);
  });

  it("GetAccountAuthorizationDetails denied fails with one clear FORBIDDEN error", async () => {
    await expect(read({ denyActions: ["GetAccountAuthorizationDetails"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(
        /GetAccountAuthorizationDetails.*denied.*grant iam:GetAccountAuthorizationDetails/,
      ),
    });
  });

  it("an unreachable endpoint is one clear UPSTREAM error", async () => {
    await expect(
      openAwsAccount({ endpoint: "http://127.0.0.1:1", credentials: creds, maxAttempts: 1 }),
    ).rejects.toMatchObject({
      code: "UPSTREAM",
      message: expect.stringContaining("Cannot reach the IAM endpoint http://127.0.0.1:1"),
    });
  });
});
