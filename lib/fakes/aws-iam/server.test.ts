import fs from "node:fs";
import { corpusPath } from "../../testing/corpus";
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { generateAccount } from "./generate";
import { FakeIamServer, type FakeIamOptions } from "./server";

const SERVICE = corpusPath("aws/botocore-iam/service-2.json");
const parser = new XMLParser({ isArray: (name) => name === "member" || name === "entry" });

let server: FakeIamServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function start(opts: FakeIamOptions = {}, size = { users: 30, roles: 12, policies: 15 }) {
  server = new FakeIamServer(generateAccount(size), opts);
  return server.start();
}

/** A signed-looking IAM Query request (the fake checks the header is present, not the signature). */
async function call(url: string, params: Record<string, string>, auth = true) {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      ...(auth ? { authorization: "AWS4-HMAC-SHA256 Credential=AKIDFAKE/20260101/us-east-1/iam/aws4_request" } : {}),
    },
    body: new URLSearchParams({ Version: "2010-05-08", ...params }).toString(),
  });
  return { status: res.status, xml: parser.parse(await res.text()) as Record<string, Record<string, unknown>> };
}

const listLen = (r: Record<string, unknown>, k: string) => {
  const v = r[k];
  return v && typeof v === "object" ? ((v as { member?: unknown[] }).member?.length ?? 0) : 0;
};

describe("fake IAM server", () => {
  it("pages GetAccountAuthorizationDetails with Marker and returns every item once", async () => {
    const url = await start({ shortPages: true });
    let marker: string | undefined;
    let total = 0;
    const pages: number[] = [];
    do {
      const { status, xml } = await call(url, {
        Action: "GetAccountAuthorizationDetails",
        MaxItems: "10",
        ...(marker ? { Marker: marker } : {}),
      });
      expect(status).toBe(200);
      const r = xml.GetAccountAuthorizationDetailsResponse!.GetAccountAuthorizationDetailsResult as Record<
        string,
        unknown
      >;
      const n = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"].reduce(
        (s, k) => s + listLen(r, k),
        0,
      );
      pages.push(n);
      total += n;
      marker = r.IsTruncated === true ? (r.Marker as string) : undefined;
    } while (marker);
    const c = server!.counts();
    expect(total).toBe(c.users + c.groups + c.roles + c.policies);
    expect(pages.some((n) => n < 10 && n > 0) && pages.length > 2).toBe(true); // short pages while truncated
  });

  it("applies filters and refuses MaxItems over 1000", async () => {
    const url = await start();
    const { xml } = await call(url, {
      Action: "GetAccountAuthorizationDetails",
      "Filter.member.1": "Role",
      MaxItems: "1000",
    });
    const r = xml.GetAccountAuthorizationDetailsResponse!.GetAccountAuthorizationDetailsResult as Record<
      string,
      unknown
    >;
    expect(listLen(r, "RoleDetailList")).toBe(12);
    expect(listLen(r, "UserDetailList")).toBe(0);
    const bad = await call(url, { Action: "GetAccountAuthorizationDetails", MaxItems: "1001" });
    expect(bad.status).toBe(400);
    expect(bad.xml.ErrorResponse!.Error).toMatchObject({ Code: "ValidationError" });
  });

  it("URL-encodes documents as IAM does", async () => {
    const url = await start();
    const { xml } = await call(url, {
      Action: "GetAccountAuthorizationDetails",
      "Filter.member.1": "Role",
      MaxItems: "1",
    });
    const role = (
      xml.GetAccountAuthorizationDetailsResponse!.GetAccountAuthorizationDetailsResult as Record<
        string,
        { member: Record<string, unknown>[] }
      >
    ).RoleDetailList!.member[0]!;
    expect(String(role.AssumeRolePolicyDocument)).toMatch(/^%7B%22Version%22/);
    expect(JSON.parse(decodeURIComponent(String(role.AssumeRolePolicyDocument))).Statement[0].Effect).toBe("Allow");
  });

  it("throttles every Nth request with HTTP 400 Throttling", async () => {
    const url = await start({ throttleEvery: 3 });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await call(url, { Action: "GetAccountSummary" })).status);
    expect(codes).toEqual([200, 200, 400, 200, 200, 400]);
    const r = await call(url, { Action: "GetAccountSummary" });
    expect(r.status).toBe(200);
    expect(server!.stats.throttled).toBe(2);
    const t = await call(url, { Action: "ListAccountAliases" }); // request 8
    expect(t.status).toBe(200);
    const e = await call(url, { Action: "ListAccountAliases" }); // request 9
    expect(e.xml.ErrorResponse!.Error).toMatchObject({ Type: "Sender", Code: "Throttling", Message: "Rate exceeded" });
  });

  it("fails on demand, denies chosen actions, requires a signature", async () => {
    const url = await start({ failEvery: 2, denyActions: ["GetCredentialReport"] });
    expect((await call(url, { Action: "GetAccountSummary" })).status).toBe(200);
    const f = await call(url, { Action: "GetAccountSummary" });
    expect(f.status).toBe(500);
    expect(f.xml.ErrorResponse!.Error).toMatchObject({ Code: "ServiceFailure", Type: "Receiver" });
    const d = await call(url, { Action: "GetCredentialReport" });
    expect(d.status).toBe(403);
    expect(d.xml.ErrorResponse!.Error).toMatchObject({ Code: "AccessDenied" });
    expect((await call(url, { Action: "GetAccountSummary" }, false)).status).toBe(403);
  });

  it("refuses and counts every non-read action", async () => {
    const url = await start();
    for (const action of ["CreateUser", "DeleteRole", "PutRolePolicy", "AttachUserPolicy"]) {
      const r = await call(url, { Action: action, UserName: "x" });
      expect(r.status).toBe(403);
    }
    expect(server!.stats.refusedWrites).toEqual({
      CreateUser: 1,
      DeleteRole: 1,
      PutRolePolicy: 1,
      AttachUserPolicy: 1,
    });
  });

  it("credential report: STARTED, then INPROGRESS until ready, then COMPLETE; content base64 CSV", async () => {
    const url = await start({ credentialReportDelayMs: 150 });
    expect((await call(url, { Action: "GetCredentialReport" })).xml.ErrorResponse!.Error).toMatchObject({
      Code: "ReportNotPresent",
    });
    const state = async () =>
      (
        (await call(url, { Action: "GenerateCredentialReport" })).xml.GenerateCredentialReportResponse!
          .GenerateCredentialReportResult as { State: string }
      ).State;
    expect(await state()).toBe("STARTED");
    expect(await state()).toBe("INPROGRESS");
    expect((await call(url, { Action: "GetCredentialReport" })).status).toBe(404);
    await new Promise((r) => setTimeout(r, 200));
    expect(await state()).toBe("COMPLETE");
    const got = (await call(url, { Action: "GetCredentialReport" })).xml.GetCredentialReportResponse!
      .GetCredentialReportResult as { Content: string; ReportFormat: string };
    expect(got.ReportFormat).toBe("text/csv");
    expect(Buffer.from(got.Content, "base64").toString("utf8")).toMatch(/^user,arn,user_creation_time/);
  });

  it("counts requests per action", async () => {
    const url = await start();
    await call(url, { Action: "GetAccountSummary" });
    await call(url, { Action: "ListAccountAliases" });
    await call(url, { Action: "ListAccountAliases" });
    expect(server!.stats.byAction).toEqual({ GetAccountSummary: 1, ListAccountAliases: 2 });
  });

  describe("shapes match botocore's IAM model", () => {
    const model = JSON.parse(fs.readFileSync(SERVICE, "utf8"));
    const members = (shape: string) => Object.keys(model.shapes[shape]?.members ?? {});
    it.each([
      ["UserDetailList", "UserDetail"],
      ["GroupDetailList", "GroupDetail"],
      ["RoleDetailList", "RoleDetail"],
      ["Policies", "ManagedPolicyDetail"],
    ])("%s members are %s members", async (list, shape) => {
      const url = await start();
      const { xml } = await call(url, { Action: "GetAccountAuthorizationDetails", MaxItems: "1000" });
      const r = xml.GetAccountAuthorizationDetailsResponse!.GetAccountAuthorizationDetailsResult as Record<
        string,
        { member: Record<string, unknown>[] }
      >;
      const keys = new Set(r[list]!.member.flatMap((m) => Object.keys(m)));
      expect([...keys].filter((k) => !members(shape).includes(k))).toEqual([]);
      expect(Object.keys(r).filter((k) => !members("GetAccountAuthorizationDetailsResponse").includes(k))).toEqual([]);
    });
    it("required InstanceProfile members are present", async () => {
      const url = await start({}, { users: 1, roles: 40, policies: 2 });
      const { xml } = await call(url, {
        Action: "GetAccountAuthorizationDetails",
        "Filter.member.1": "Role",
        MaxItems: "1000",
      });
      const roles = (
        xml.GetAccountAuthorizationDetailsResponse!.GetAccountAuthorizationDetailsResult as Record<
          string,
          { member: Record<string, { member?: Record<string, unknown>[] }>[] }
        >
      ).RoleDetailList!.member;
      const profiles = roles.flatMap((r) => r.InstanceProfileList?.member ?? []);
      expect(profiles.length).toBeGreaterThan(0);
      for (const p of profiles)
        for (const req of model.shapes.InstanceProfile.required as string[])
          expect(req === "Roles" || p[req] !== undefined).toBe(true);
    });
  });
});

describe("generateAccount", () => {
  it("is deterministic and sized as asked", () => {
    const a = generateAccount({ users: 200, roles: 50, policies: 60, seed: 7 });
    const b = generateAccount({ users: 200, roles: 50, policies: 60, seed: 7 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect([a.gaad.UserDetailList.length, a.gaad.RoleDetailList.length, a.gaad.Policies.length]).toEqual([200, 50, 60]);
    expect(new Set(a.gaad.UserDetailList.map((u) => u.UserName)).size).toBe(200);
    expect(new Set(a.gaad.UserDetailList.map((u) => u.UserId)).size).toBe(200);
    expect(a.credentialReport.trim().split("\n")).toHaveLength(202);
    const groupNames = new Set(a.gaad.GroupDetailList.map((g) => g.GroupName));
    expect(a.gaad.UserDetailList.every((u) => (u.GroupList ?? []).every((g) => groupNames.has(g)))).toBe(true);
  });
});
