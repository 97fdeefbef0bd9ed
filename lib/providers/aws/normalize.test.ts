import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZModelBatchSchema, type ModelBatchInput } from "../../model";
import { parseCredentialReport } from "./credential-report";
import { ZGaadSchema } from "./gaad-schema";
import { GaadNormalizer, inlinePolicyId, unresolvedGroupId } from "./normalize";

const dir = path.join(import.meta.dirname, "testdata");
const load = (f: string) => ZGaadSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
const report = parseCredentialReport(fs.readFileSync(path.join(dir, "credential-report.csv"), "utf8"));

function run(file: string, withReport: boolean) {
  const n = new GaadNormalizer({ credentialReport: withReport ? report : null });
  const page = n.page(load(file));
  const fin = n.finish();
  const batch = ZModelBatchSchema.parse({
    ...page,
    memberships: [...fin.memberships].flat(),
  } satisfies ModelBatchInput);
  return { batch, unresolved: fin.unresolvedGroups, accountId: n.accountId };
}

const ACCT = "111122223333";
const byId = (b: ReturnType<typeof run>["batch"], id: string) => b.principals.find((p) => p.providerId === id)!;
const set = (b: ReturnType<typeof run>["batch"], id: string) => b.permissionSets.find((p) => p.providerId === id)!;

// Both shapes of the same account must normalize to the same model.
describe.each(["gaad-cli.json", "gaad-raw.json"])("normalize %s", (file) => {
  const { batch, unresolved, accountId } = run(file, false);

  it("derives the account and counts every list", () => {
    expect(accountId).toBe(ACCT);
    expect(batch.principals.filter((p) => p.kind === "user")).toHaveLength(2);
    expect(batch.principals.filter((p) => p.kind === "group")).toHaveLength(2);
    expect(batch.principals.filter((p) => p.kind === "role")).toHaveLength(4);
    expect(batch.permissionSets.filter((p) => p.kind !== "inlinePolicy")).toHaveLength(3);
    expect(batch.permissionSets.filter((p) => p.kind === "inlinePolicy")).toHaveLength(3);
  });

  it.each([
    ["AIDAEXAMPLEALICE00001", "user", "alice", "2021-04-12T09:15:22.000Z"],
    ["AIDAEXAMPLECIDEPLOY02", "user", "ci-deploy", "2019-11-02T17:03:41.000Z"],
    ["AGPAEXAMPLEAUDITORS01", "group", "Auditors", "2020-01-20T08:05:00.000Z"],
    ["AROAEXAMPLEOKTAADM003", "role", "okta-admins", "2023-01-15T10:30:00.000Z"],
  ])("principal %s is a %s named %s created %s", (id, kind, name, created) => {
    const p = byId(batch, id);
    expect(p).toMatchObject({ kind, name, displayName: name, createdAt: created });
  });

  it("user: tags, boundary, path; credential fields not collected without a report", () => {
    const alice = byId(batch, "AIDAEXAMPLEALICE00001");
    expect(alice.tags).toEqual({ email: "alice@example.com", team: "platform" });
    expect(alice.attributes.permissionsBoundaryArn).toBe(`arn:aws:iam::${ACCT}:policy/DeveloperBoundary`);
    expect(alice.attributes.path).toBe("/engineering/");
    expect(alice.mfaRegistered).toBeNull();
    expect(alice.lastActivityAt).toBeNull();
    expect(alice.attributes.consolePassword).toBeUndefined();
  });

  it.each([
    // [group provider id, member]
    ["AGPAEXAMPLEDEVELOPER1", "AIDAEXAMPLEALICE00001"],
    ["AGPAEXAMPLEAUDITORS01", "AIDAEXAMPLEALICE00001"],
    [unresolvedGroupId("Contractors-Legacy"), "AIDAEXAMPLECIDEPLOY02"],
  ])("membership %s ← %s (group names resolved to GroupId; unknown kept)", (group, member) => {
    expect(batch.memberships).toContainEqual({ groupProviderId: group, memberProviderId: member, direct: true });
  });

  it("flags the unknown group name", () => {
    expect(unresolved).toEqual(["Contractors-Legacy"]);
    expect(batch.memberships).toHaveLength(3);
  });

  it.each([
    ["AIDAEXAMPLEALICE00001", "arn:aws:iam::aws:policy/ReadOnlyAccess", "direct"],
    ["AIDAEXAMPLEALICE00001", `arn:aws:iam::${ACCT}:policy/DeveloperBoundary`, "boundary"],
    [
      "AIDAEXAMPLEALICE00001",
      inlinePolicyId(`arn:aws:iam::${ACCT}:user/engineering/alice`, "alice-s3-scratch"),
      "direct",
    ],
    ["AGPAEXAMPLEDEVELOPER1", "arn:aws:iam::aws:policy/PowerUserAccess", "direct"],
    ["AROAEXAMPLEWEBEC20002", `arn:aws:iam::${ACCT}:policy/DeveloperBoundary`, "boundary"],
    ["AROAEXAMPLEWEBEC20002", inlinePolicyId(`arn:aws:iam::${ACCT}:role/web-ec2`, "read-config"), "direct"],
    ["AROAEXAMPLECROSSADM01", "arn:aws:iam::aws:policy/AdministratorAccess", "direct"],
  ])("assignment %s → %s (%s)", (principal, setId, kind) => {
    expect(
      batch.assignments.some(
        (a) => a.principalProviderId === principal && a.permissionSetProviderId === setId && a.kind === kind,
      ),
    ).toBe(true);
  });

  it.each([
    [
      "AROAEXAMPLECROSSADM01",
      [
        { type: "account", value: "444455556666", external: true },
        { type: "account", value: ACCT, external: false },
        { type: "principal", value: `arn:aws:iam::${ACCT}:role/ops/Breakglass`, external: false },
      ],
    ],
    ["AROAEXAMPLEWEBEC20002", [{ type: "service", value: "ec2.amazonaws.com", external: false }]],
    [
      "AROAEXAMPLEOKTAADM003",
      [
        { type: "saml", value: `arn:aws:iam::${ACCT}:saml-provider/Okta`, external: false },
        {
          type: "oidc",
          value: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`,
          external: false,
        },
      ],
    ],
    ["AROAEXAMPLELEGACYOP04", [{ type: "wildcard", value: "*", external: true }]],
  ])("role %s trust", (id, expected) => {
    const trust = byId(batch, id).attributes.trust!;
    expect(trust.map(({ conditions: _c, ...t }) => t)).toEqual(expected);
  });

  it("keeps trust conditions and instance profiles and RoleLastUsed", () => {
    const x = byId(batch, "AROAEXAMPLECROSSADM01");
    expect(x.attributes.trust![0]!.conditions).toEqual({ StringEquals: { "sts:ExternalId": ["crosswalk-7f3a"] } });
    expect(x.lastActivityAt).toBe("2024-05-30T22:14:09.000Z");
    expect(x.attributes.lastUsedRegion).toBe("eu-west-1");
    const web = byId(batch, "AROAEXAMPLEWEBEC20002");
    expect(web.attributes.instanceProfiles).toEqual(["web-ec2-profile"]);
    expect(web.lastActivityAt).toBeNull();
  });

  it("managed policies: AWS vs customer by ARN, default version only", () => {
    expect(set(batch, "arn:aws:iam::aws:policy/AdministratorAccess")).toMatchObject({
      kind: "awsManagedPolicy",
      builtIn: true,
    });
    const b = set(batch, `arn:aws:iam::${ACCT}:policy/DeveloperBoundary`);
    expect(b).toMatchObject({
      kind: "customerManagedPolicy",
      builtIn: false,
      description: "Ceiling for developer identities",
    });
    expect(b.statements).toEqual([
      { effect: "Allow", actions: ["s3:*", "ssm:Get*", "logs:*"], notActions: [], resources: ["*"], notResources: [] },
      { effect: "Deny", actions: ["iam:*"], notActions: [], resources: ["*"], notResources: [] },
    ]);
    expect(b.attributes).toMatchObject({ defaultVersionId: "v2", versions: 2, permissionsBoundaryUsageCount: 2 });
  });

  it("statements: single object → array, NotAction/NotResource, conditions as string arrays", () => {
    const inline = set(batch, inlinePolicyId(`arn:aws:iam::${ACCT}:user/engineering/alice`, "alice-s3-scratch"));
    expect(inline).toMatchObject({
      kind: "inlinePolicy",
      ownerProviderId: "AIDAEXAMPLEALICE00001",
      name: "alice-s3-scratch",
    });
    expect(inline.statements).toEqual([
      {
        effect: "Allow",
        actions: ["s3:*"],
        notActions: [],
        resources: ["arn:aws:s3:::scratch-alice", "arn:aws:s3:::scratch-alice/*"],
        notResources: [],
      },
    ]);
    const deny = set(batch, inlinePolicyId(`arn:aws:iam::${ACCT}:group/Developers`, "deny-prod-delete")).statements[0]!;
    expect(deny).toEqual({
      sid: "NoProdDelete",
      effect: "Deny",
      actions: [],
      notActions: ["s3:Get*", "s3:List*"],
      resources: [],
      notResources: ["arn:aws:s3:::dev-*"],
      conditions: {
        Bool: { "aws:MultiFactorAuthPresent": ["false"] },
        NumericLessThan: { "aws:MultiFactorAuthAge": ["3600"] },
      },
    });
  });

  it("trust statements keep Principal normalized", () => {
    const st = byId(batch, "AROAEXAMPLELEGACYOP04").attributes.trustStatements as { principals?: unknown }[];
    expect(st[0]!.principals).toEqual({ AWS: ["*"] });
    expect(st[1]!.principals).toEqual({ AWS: ["arn:aws:iam::999988887777:root"] });
  });
});

describe("normalize with a credential report", () => {
  const { batch } = run("gaad-cli.json", true);
  it.each([
    // id, consolePassword, mfa, lastActivityAt, passwordLastUsedAt
    ["AIDAEXAMPLEALICE00001", true, true, "2024-06-02T11:00:00.000Z", "2024-06-01T07:45:00.000Z"],
    ["AIDAEXAMPLECIDEPLOY02", false, false, "2020-02-02T00:00:00.000Z", null],
  ])("user %s", (id, pw, mfa, last, pwUsed) => {
    const p = byId(batch, id);
    expect(p.attributes.consolePassword).toBe(pw);
    expect(p.mfaRegistered).toBe(mfa);
    expect(p.lastActivityAt).toBe(last);
    expect(p.attributes.passwordLastUsedAt).toBe(pwUsed);
  });

  it("access keys as credentials: N/A last used = never used", () => {
    const keys = byId(batch, "AIDAEXAMPLECIDEPLOY02").attributes.credentials!;
    expect(keys).toEqual([
      {
        id: "access_key_1",
        type: "accessKey",
        active: true,
        createdAt: "2019-11-02T17:04:00.000Z",
        lastUsedAt: null,
        neverUsed: true,
      },
      {
        id: "access_key_2",
        type: "accessKey",
        active: false,
        createdAt: "2020-01-01T00:00:00.000Z",
        lastUsedAt: "2020-02-02T00:00:00.000Z",
        neverUsed: false,
      },
    ]);
  });
});

describe("GaadNormalizer.finish", () => {
  it("pages memberships in (group id, user id) order, resolving names from groups on any page", () => {
    const n = new GaadNormalizer({ accountId: ACCT });
    const user = (id: string, groups: string[]) => ({
      UserName: id,
      UserId: id,
      Arn: `arn:aws:iam::${ACCT}:user/${id}`,
      GroupList: groups,
      UserPolicyList: [],
      AttachedManagedPolicies: [],
      Tags: [],
    });
    const group = (name: string, id: string) => ({
      GroupName: name,
      GroupId: id,
      Arn: `arn:aws:iam::${ACCT}:group/${name}`,
      GroupPolicyList: [],
      AttachedManagedPolicies: [],
    });
    n.page({
      UserDetailList: [user("U3", ["b", "a"]), user("U1", ["a", "gone"]), user("U2", ["b"])],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    });
    n.page({
      UserDetailList: [],
      GroupDetailList: [group("a", "G2"), group("b", "G1")],
      RoleDetailList: [],
      Policies: [],
    });
    const fin = n.finish(2);
    const pages = [...fin.memberships];
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((m) => `${m.groupProviderId}<${m.memberProviderId}`)).toEqual([
      "G1<U2",
      "G1<U3",
      "G2<U1",
      "G2<U3",
      `${unresolvedGroupId("gone")}<U1`,
    ]);
    expect(fin.count).toBe(5);
    expect(fin.unresolvedGroups).toEqual(["gone"]);
  });
});
