import {
  CreateUserCommand,
  DeleteRoleCommand,
  GetAccountSummaryCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAccount } from "../../../fakes/aws-iam/generate";
import { FakeIamServer } from "../../../fakes/aws-iam/server";
import { AppError } from "../../../errors";
import { createReadOnlyIamClient } from "./client";
import { ALLOWED_IAM_COMMANDS } from "./read-only";

// The proof that Crosswalk cannot write to IAM: a write command is refused inside the client, before any HTTP
// request leaves — the fake server (which would count and refuse it) never sees a request at all.
describe("read-only IAM client", () => {
  const fake = new FakeIamServer(generateAccount({ users: 3, roles: 2, policies: 2 }));
  let url = "";
  beforeAll(async () => {
    url = await fake.start();
  });
  afterAll(async () => fake.stop());

  const client = () =>
    createReadOnlyIamClient({
      endpoint: url,
      credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake" },
      maxAttempts: 1,
    });

  it.each([
    ["CreateUserCommand", () => new CreateUserCommand({ UserName: "mallory" })],
    ["DeleteRoleCommand", () => new DeleteRoleCommand({ RoleName: "Admin" })],
    [
      "PutRolePolicyCommand",
      () => new PutRolePolicyCommand({ RoleName: "Admin", PolicyName: "p", PolicyDocument: "{}" }),
    ],
    // Not a write, but not one we use: the allowlist is closed.
    ["ListUsersCommand", () => new ListUsersCommand({})],
  ])("refuses %s with READ_ONLY_VIOLATION before any request", async (name, make) => {
    fake.resetStats();
    const err = await client()
      .send(make() as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("READ_ONLY_VIOLATION");
    expect((err as AppError).message).toContain(name);
    expect(fake.stats.requests).toBe(0);
    expect(fake.stats.refusedWrites).toEqual({});
  });

  it("lets the allowed reads through", async () => {
    fake.resetStats();
    const r = await client().send(new GetAccountSummaryCommand({}));
    expect(r.SummaryMap?.Users).toBe(3);
    expect(fake.stats.requests).toBe(1);
  });

  it("allows only reads", () => {
    for (const name of ALLOWED_IAM_COMMANDS) expect(name).toMatch(/^(Get|List|GenerateCredentialReport)/);
  });
});
