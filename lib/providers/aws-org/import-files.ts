import fs from "node:fs";
import path from "node:path";
import type {
  Account,
  DelegatedAdministrator,
  OrganizationalUnit,
  Policy,
  PolicyTargetSummary,
  Root,
} from "@aws-sdk/client-organizations";
import type { Group, GroupMembership, User } from "@aws-sdk/client-identitystore";
import type {
  AccountAssignment,
  CustomerManagedPolicyReference,
  InstanceMetadata,
  PermissionsBoundary,
  PermissionSet as SdkPermissionSet,
} from "@aws-sdk/client-sso-admin";
import { AppError } from "../../errors";
import type { AwsOrgDatasetName, ConnectorEvent, HierarchyNode, ModelBatchInput } from "../../model";
import { listJsonFiles, readJsonFile } from "../entra/read-json";
import { permissionOf } from "./datasets";
import * as N from "./normalize";

// An organisation exported with the aws CLI (one JSON file per command, the layout in README "Importing an
// organisation"): each file is recognised by its top-level key; the ids an output does not carry (the parent of
// list-…-for-parent, the policy of list-targets-for-policy, the permission set of the …-in-permission-set calls) come
// from the file's path. Member accounts: sub-folders holding a get-account-authorization-details file.

/** The top-level key of each organisation CLI output this import reads (or knowingly skips). */
const ORG_KEYS = [
  "Organization",
  "Roots",
  "OrganizationalUnits",
  "Accounts",
  "DelegatedAdministrators",
  "Policies",
  "Policy",
  "Targets",
  "Instances",
  "Users",
  "Groups",
  "GroupMemberships",
  "PermissionSets",
  "PermissionSet",
  "AttachedManagedPolicies",
  "CustomerManagedPolicyReferences",
  "InlinePolicy",
  "PermissionsBoundary",
  "AccountIds",
  "AccountAssignments",
] as const;
type OrgKey = (typeof ORG_KEYS)[number];

const ID = {
  parent: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$/,
  policy: /^p-[0-9a-zA-Z_]{4,128}$/,
  permissionSet: /^ps-[0-9a-zA-Z]{4,64}$/,
  account: /^\d{12}$/,
};
const OUTDATED = /^(outdated|LATEST_PERMISSION_SET_NOT_PROVISIONED)$/i;
const NOT_IN_FILES = "not in the imported files";

const emptyParts = (): N.PermissionSetParts => ({
  managedPolicyArns: [],
  customerManagedPolicyReferences: [],
  inlinePolicy: null,
  permissionsBoundary: null,
  provisioning: {},
});

/** One member account found in the folder: its IAM export files, or why it was not read. */
export interface MemberFiles {
  accountId: string;
  gaadFile: string | null;
  credentialReportFile: string | null;
  /** From NOT-COLLECTED.txt: why the account was not exported. */
  notCollected: string | null;
}

export interface AwsOrgFolder {
  organizationId: string;
  managementAccountId: string;
  accounts: { account: Account; parentId: string }[];
  /** Member accounts with a folder (by account id). */
  members: Map<string, MemberFiles>;
  files: string[];
  events: () => AsyncGenerator<ConnectorEvent>;
}

const segmentsOf = (root: string, file: string) =>
  path
    .relative(root, file)
    .split(path.sep)
    .map((s) => s.replace(/\.json$/i, ""));

/** The first top-level key of a JSON file, read from its first bytes (a GAAD may be hundreds of MB). */
function firstKey(file: string): string | null {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(512);
    const n = fs.readSync(fd, buf, 0, 512, 0);
    const m = /^\uFEFF?\s*\{\s*"([A-Za-z]+)"/.exec(buf.subarray(0, n).toString("utf8"));
    return m ? m[1]! : null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether a folder holds an organisation export (any file whose top-level key is an organisation output's). */
export function isOrganizationFolder(root: string): boolean {
  return listJsonFiles(root).some((f) => (firstKey(f) ?? "") === "Organization");
}

/** Finds member account folders: a folder holding a GAAD file (its account id from the path), and NOT-COLLECTED.txt. */
function memberFolders(root: string, gaads: string[]): Map<string, MemberFiles> {
  const out = new Map<string, MemberFiles>();
  const accountOfDir = (dir: string, label: string) => {
    const id = segmentsOf(root, path.join(dir, "x")).find((s) => ID.account.test(s));
    if (!id) throw new AppError("BAD_INPUT", `${label}: its folder must be named by the 12-digit account id`);
    return id;
  };
  for (const g of gaads) {
    const dir = path.dirname(g);
    const accountId = accountOfDir(dir, path.relative(root, g));
    if (out.get(accountId)?.gaadFile)
      throw new AppError("BAD_INPUT", `${path.relative(root, g)}: a second IAM export for account ${accountId}`);
    const csv = fs.readdirSync(dir).find((f) => f.toLowerCase().endsWith(".csv"));
    out.set(accountId, {
      accountId,
      gaadFile: g,
      credentialReportFile: csv ? path.join(dir, csv) : null,
      notCollected: null,
    });
  }
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "NOT-COLLECTED.txt") {
        const accountId = accountOfDir(dir, path.relative(root, p));
        const reason = fs.readFileSync(p, "utf8").trim().split("\n")[0]?.trim() || "not exported";
        const m = out.get(accountId);
        if (m?.gaadFile)
          throw new AppError("BAD_INPUT", `${path.relative(root, p)}: account ${accountId} also has an IAM export`);
        out.set(accountId, { accountId, gaadFile: null, credentialReportFile: null, notCollected: reason });
      }
    }
  };
  walk(root);
  return out;
}

/**
 * Reads an organisation folder completely (every organisation file parsed and placed) before anything is stored: a
 * file that cannot be read or placed is BAD_INPUT naming it. Member accounts' IAM files are found, not read (the AWS
 * import reads and checks each).
 */
export function openAwsOrgFolder(root: string): AwsOrgFolder {
  const files = listJsonFiles(root);
  const got: { [K in OrgKey]: { file: string; segs: string[]; body: Record<string, unknown> }[] } = Object.fromEntries(
    ORG_KEYS.map((k) => [k, []]),
  ) as never;
  const gaads: string[] = [];
  for (const file of files) {
    const label = path.relative(root, file);
    const key = firstKey(file);
    if (key && (ORG_KEYS as readonly string[]).includes(key)) {
      const body = readJsonFile(file, label) as Record<string, unknown>;
      if (!body || typeof body !== "object" || Array.isArray(body))
        throw new AppError("BAD_INPUT", `${label}: expected the JSON object the aws CLI prints`);
      got[key as OrgKey].push({ file: label, segs: segmentsOf(root, file), body });
    } else gaads.push(file); // a member account's IAM export (openAwsImport recognises it or says why not)
  }
  const need = (segs: string[], re: RegExp, what: string, label: string) => {
    const id = segs.find((s) => re.test(s));
    if (!id)
      throw new AppError("BAD_INPUT", `${label}: its path must name the ${what} (e.g. a folder or file named by it)`);
    return id;
  };
  const list = <T>(k: OrgKey, field: string) => got[k].flatMap((g) => (g.body[field] as T[] | undefined) ?? []);

  const orgFile = got.Organization[0];
  if (!orgFile)
    throw new AppError("BAD_INPUT", `${root}: no organization.json (aws organizations describe-organization)`);
  const organization = orgFile.body.Organization as { Id?: string; MasterAccountId?: string };
  const organizationId = organization.Id ?? "";
  const managementAccountId = organization.MasterAccountId ?? "";
  if (!organizationId || !managementAccountId)
    throw new AppError("BAD_INPUT", `${orgFile.file}: Organization.Id and MasterAccountId are required`);
  const roots = list<Root>("Roots", "Roots");
  if (!roots.length) throw new AppError("BAD_INPUT", `${root}: no roots.json (aws organizations list-roots)`);

  const ous: { unit: OrganizationalUnit; parentId: string }[] = [];
  for (const g of got.OrganizationalUnits) {
    const parentId = need(g.segs, ID.parent, "parent (root or OU id)", g.file);
    for (const unit of (g.body.OrganizationalUnits as OrganizationalUnit[]) ?? []) ous.push({ unit, parentId });
  }
  const placed = new Map<string, { account: Account; parentId: string }>();
  const unplaced: Account[] = [];
  for (const g of got.Accounts) {
    const parentId = g.segs.find((s) => ID.parent.test(s));
    for (const account of (g.body.Accounts as Account[]) ?? []) {
      if (!account.Id) throw new AppError("BAD_INPUT", `${g.file}: an account without Id`);
      if (parentId) placed.set(account.Id, { account, parentId });
      else unplaced.push(account);
    }
  }
  // list-accounts output names no parent: such accounts hang under the (first) root unless a for-parent file placed them.
  for (const account of unplaced)
    if (!placed.has(account.Id!)) placed.set(account.Id!, { account, parentId: roots[0]!.Id! });
  const accounts = [...placed.values()];
  const delegated = new Map(
    list<DelegatedAdministrator>("DelegatedAdministrators", "DelegatedAdministrators").map((d) => [d.Id!, d]),
  );

  const targets = new Map<string, PolicyTargetSummary[]>();
  for (const g of got.Targets) {
    const policyId = need(g.segs, ID.policy, "policy id", g.file);
    targets.set(policyId, [...(targets.get(policyId) ?? []), ...((g.body.Targets as PolicyTargetSummary[]) ?? [])]);
  }
  const policies = got.Policy.map((g) => g.body.Policy as Policy);

  // Permission sets: describe-permission-set carries the ARN; the per-set files are placed by the ps- id in their path.
  const sets = new Map<string, SdkPermissionSet>();
  for (const g of got.PermissionSet) {
    const ps = g.body.PermissionSet as SdkPermissionSet;
    if (!ps?.PermissionSetArn) throw new AppError("BAD_INPUT", `${g.file}: PermissionSet.PermissionSetArn is required`);
    sets.set(ps.PermissionSetArn.split("/").at(-1)!, ps);
  }
  const parts = new Map<string, N.PermissionSetParts>();
  const partsOf = (segs: string[], label: string) => {
    const id = need(segs, ID.permissionSet, "permission set id (ps-…)", label);
    if (!sets.has(id)) throw new AppError("BAD_INPUT", `${label}: no describe-permission-set file for ${id}`);
    let p = parts.get(id);
    if (!p) {
      p = emptyParts();
      parts.set(id, p);
    }
    return p;
  };
  for (const g of got.AttachedManagedPolicies)
    partsOf(g.segs, g.file).managedPolicyArns.push(
      ...((g.body.AttachedManagedPolicies as { Arn?: string }[]) ?? []).map((m) => m.Arn!).filter(Boolean),
    );
  for (const g of got.CustomerManagedPolicyReferences)
    partsOf(g.segs, g.file).customerManagedPolicyReferences.push(
      ...((g.body.CustomerManagedPolicyReferences as CustomerManagedPolicyReference[]) ?? []),
    );
  for (const g of got.InlinePolicy) partsOf(g.segs, g.file).inlinePolicy = (g.body.InlinePolicy as string) ?? null;
  for (const g of got.PermissionsBoundary)
    partsOf(g.segs, g.file).permissionsBoundary = (g.body.PermissionsBoundary as PermissionsBoundary) ?? null;
  // All provisioned accounts first, then the outdated ones (a path segment names the status filter).
  const byStatus = [...got.AccountIds].sort(
    (a, b) => Number(a.segs.some((s) => OUTDATED.test(s))) - Number(b.segs.some((s) => OUTDATED.test(s))),
  );
  for (const g of byStatus) {
    const p = partsOf(g.segs, g.file);
    const status = g.segs.some((s) => OUTDATED.test(s)) ? "outdated" : "current";
    for (const a of (g.body.AccountIds as string[]) ?? []) p.provisioning[a] = status;
  }

  const users = list<User>("Users", "Users");
  const groups = list<Group>("Groups", "Groups");
  const memberships = list<GroupMembership>("GroupMemberships", "GroupMemberships");
  const assignments = list<AccountAssignment>("AccountAssignments", "AccountAssignments");
  const instances = list<InstanceMetadata>("Instances", "Instances");
  const members = memberFolders(root, gaads);

  const present = (k: OrgKey) => got[k].length > 0;
  const status = (name: AwsOrgDatasetName, collected: boolean, count: number): ConnectorEvent => ({
    type: "dataset",
    name,
    status: collected
      ? { collected: true, count, reason: null, permission: permissionOf(name) }
      : { collected: false, count: null, reason: NOT_IN_FILES, permission: permissionOf(name) },
  });

  async function* events(): AsyncGenerator<ConnectorEvent> {
    yield {
      type: "provenance",
      data: {
        format: "aws CLI organisation export",
        files: [...Object.values(got).flatMap((g) => g.map((x) => x.file))].sort(),
        identityCenter: instances.map((i) => ({ instanceArn: i.InstanceArn, identityStoreId: i.IdentityStoreId })),
      },
    };
    const nodes: HierarchyNode[] = [
      ...roots.map((r) => N.rootNode(r, managementAccountId)),
      ...ous.map((o) => N.ouNode(o.unit, o.parentId)),
      ...accounts.map((a) => N.accountNode(a.account, a.parentId, delegated.get(a.account.Id!))),
    ];
    yield { type: "batch", batch: { hierarchyNodes: nodes } };
    yield status("organization", true, accounts.length);
    yield status("delegatedAdministrators", present("DelegatedAdministrators"), delegated.size);

    for (const p of policies) {
      const id = p.PolicySummary?.Id;
      if (!id) continue;
      const batch: ModelBatchInput = {
        permissionSets: [N.guardrailPolicy(p)],
        assignments: N.guardrailAssignments(id, targets.get(id) ?? []),
      };
      yield { type: "batch", batch };
    }
    yield status("organizationPolicies", present("Policy"), policies.length);

    yield { type: "batch", batch: { principals: users.map(N.identityStoreUser) } };
    yield status("identityStoreUsers", present("Users"), users.length);
    yield {
      type: "batch",
      batch: {
        principals: groups.map(N.identityStoreGroup),
        memberships: memberships.map(N.identityStoreMembership).filter((m) => m !== null),
      },
    };
    yield status("identityStoreGroups", present("Groups"), groups.length);
    const permissionSets = [...sets].map(([id, ps]) => N.permissionSet(ps, parts.get(id) ?? emptyParts()));
    yield { type: "batch", batch: { permissionSets } };
    yield status("permissionSets", present("PermissionSet"), permissionSets.length);
    yield { type: "batch", batch: { assignments: assignments.map(N.accountAssignment) } };
    yield status("accountAssignments", present("AccountAssignments"), assignments.length);
  }

  return { organizationId, managementAccountId, accounts, members, files, events };
}
