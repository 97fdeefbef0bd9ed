import {
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
  type GroupMembership,
} from "@aws-sdk/client-identitystore";
import {
  type Account,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  type DelegatedAdministrator,
  type OrganizationalUnit,
  paginateListAccountsForParent,
  paginateListDelegatedAdministrators,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
  type Root,
} from "@aws-sdk/client-organizations";
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  type InstanceMetadata,
  paginateListAccountAssignments,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListInstances,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
} from "@aws-sdk/client-sso-admin";
import { AppError } from "../../errors";
import type { AwsOrgDatasetName, ConnectorEvent, HierarchyNode, ModelBatchInput } from "../../model";
import { runPool } from "../../run-pool";
import { awsErrorCode, isAccessDenied, toAwsAppError } from "../aws/live/errors";
import { type AwsOrgConnection, createOrgClients, type OrgClients } from "./clients";
import { permissionOf } from "./datasets";
import * as N from "./normalize";
import { allPages, counted, PAGE_SIZE, type RequestCounts } from "./paging";

export interface OrgReadOptions {
  signal?: AbortSignal;
  /** SSO Admin requests in flight at once (its limits are low: a few per second per API). Default 4. */
  ssoConcurrency?: number;
  /** Tests: clients to use instead of building them (the allowlist is installed on them all the same). */
  clients?: OrgClients;
}

/** An organisation opened for reading: the tree and accounts are read up front (members are synced from them). */
export interface AwsOrgReader {
  managementAccountId: string;
  organizationId: string;
  /** Every account of the organisation with its parent (root or OU id). */
  accounts: { account: Account; parentId: string }[];
  endpoint: string;
  events: () => AsyncGenerator<ConnectorEvent>;
  requests: RequestCounts;
}

const SSO_OPTIONAL = new Set(["ResourceNotFoundException"]);

/** A permission set whose boundary could not be read: permissionsBoundary null plus why it is not known. */
function withUnknownBoundary(ps: ReturnType<typeof N.permissionSet>, reason: string | null) {
  return reason ? { ...ps, attributes: { ...ps.attributes, permissionsBoundaryNotCollected: reason } } : ps;
}

/** A dataset status event of the organisation snapshot. */
function datasetEvent(
  name: AwsOrgDatasetName,
  collected: boolean,
  detail: { count?: number; reason?: string },
): ConnectorEvent {
  return {
    type: "dataset",
    name,
    status: { collected, count: detail.count ?? null, reason: detail.reason ?? null, permission: permissionOf(name) },
  };
}

/**
 * Opens an AWS Organization read-only with the management (or delegated-admin) account's credentials: the
 * organisation, its root, OU tree and accounts (breadth first, MaxResults 20 — the Organizations maximum). A denied
 * or missing organisation fails here, before any snapshot exists. `events()` then streams the tree, SCPs/RCPs with
 * their targets, delegated administrators and IAM Identity Center (users, groups, memberships, permission sets with
 * their parts and provisioning, account assignments); a dataset the caller may not read is "not collected" with the
 * permission to grant.
 */
export async function openAwsOrganization(c: AwsOrgConnection, options: OrgReadOptions = {}): Promise<AwsOrgReader> {
  const clients = options.clients ?? createOrgClients(c);
  const endpoint = c.orgEndpoint || "https://organizations.us-east-1.amazonaws.com";
  const requests: RequestCounts = {};
  const signal = options.signal;
  const org = { client: clients.organizations, pageSize: PAGE_SIZE.organizations };
  const fail = (e: unknown, what: string) => {
    const err = toAwsAppError(e, what, endpoint);
    if (err.code === "FORBIDDEN")
      return new AppError("FORBIDDEN", `${err.message} — grant ${permissionOf("organization")}`, { cause: e });
    return err;
  };

  let organizationId: string;
  let managementAccountId: string;
  const roots: Root[] = [];
  const ous: { unit: OrganizationalUnit; parentId: string }[] = [];
  const accounts: { account: Account; parentId: string }[] = [];
  try {
    const d = await counted(requests, "DescribeOrganization", () =>
      clients.organizations.send(new DescribeOrganizationCommand({}), { abortSignal: signal }),
    );
    organizationId = d.Organization?.Id ?? "";
    managementAccountId = d.Organization?.MasterAccountId ?? "";
    roots.push(...(await allPages(requests, "ListRoots", paginateListRoots(org, {}), (p) => p.Roots)));
    // Breadth first; accounts come with their parent from ListAccountsForParent (no ListParents per account).
    const queue = roots.map((r) => r.Id!);
    while (queue.length > 0) {
      const parentId = queue.shift()!;
      const units = await allPages(
        requests,
        "ListOrganizationalUnitsForParent",
        paginateListOrganizationalUnitsForParent(org, { ParentId: parentId }),
        (p) => p.OrganizationalUnits,
      );
      for (const unit of units) ous.push({ unit, parentId });
      const accs = await allPages(
        requests,
        "ListAccountsForParent",
        paginateListAccountsForParent(org, { ParentId: parentId }),
        (p) => p.Accounts,
      );
      for (const account of accs) accounts.push({ account, parentId });
      queue.push(...units.map((u) => u.Id!));
    }
  } catch (e) {
    throw fail(e, "Reading the organisation (Organizations)");
  }

  async function* events(): AsyncGenerator<ConnectorEvent> {
    const status = (name: AwsOrgDatasetName, count: number) => datasetEvent(name, true, { count });
    const notCollected = (name: AwsOrgDatasetName, reason: string) => datasetEvent(name, false, { reason });
    // A refusal that concerns one dataset only makes it "not collected"; anything else fails the sync.
    const refusal = (e: unknown, name: AwsOrgDatasetName): string | null => {
      if (isAccessDenied(e)) return `access denied (grant ${permissionOf(name)})`;
      const code = awsErrorCode(e);
      if (code === "AWSOrganizationsNotInUseException" || code === "AccessDeniedForDependencyException")
        return `${code}: ${(e as Error).message}`;
      return null;
    };

    // 1. Delegated administrators (a delegated admin may not list them: optional).
    let delegated: DelegatedAdministrator[] = [];
    let delegatedEvent: ConnectorEvent;
    try {
      delegated = await allPages(
        requests,
        "ListDelegatedAdministrators",
        paginateListDelegatedAdministrators(org, {}),
        (p) => p.DelegatedAdministrators,
      );
      delegatedEvent = status("delegatedAdministrators", delegated.length);
    } catch (e) {
      const why = refusal(e, "delegatedAdministrators");
      if (!why) throw fail(e, "Listing delegated administrators");
      delegatedEvent = notCollected("delegatedAdministrators", why);
    }
    const delegatedById = new Map(delegated.map((d) => [d.Id!, d]));
    const nodes: HierarchyNode[] = [
      ...roots.map((r) => N.rootNode(r, managementAccountId)),
      ...ous.map((o) => N.ouNode(o.unit, o.parentId)),
      ...accounts.map((a) => N.accountNode(a.account, a.parentId, delegatedById.get(a.account.Id!))),
    ];
    yield { type: "batch", batch: { hierarchyNodes: nodes } };
    yield status("organization", accounts.length);
    yield delegatedEvent;
    yield { type: "progress", phase: "organization", done: accounts.length, total: accounts.length };

    // 2. SCPs and RCPs with their targets.
    try {
      let n = 0;
      for (const Filter of ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] as const) {
        const list = await allPages(requests, "ListPolicies", paginateListPolicies(org, { Filter }), (p) => p.Policies);
        for (const s of list) {
          const d = await counted(requests, "DescribePolicy", () =>
            clients.organizations.send(new DescribePolicyCommand({ PolicyId: s.Id! }), { abortSignal: signal }),
          );
          const targets = await allPages(
            requests,
            "ListTargetsForPolicy",
            paginateListTargetsForPolicy(org, { PolicyId: s.Id! }),
            (p) => p.Targets,
          );
          const batch: ModelBatchInput = {
            permissionSets: [N.guardrailPolicy(d.Policy ?? { PolicySummary: s })],
            assignments: N.guardrailAssignments(s.Id!, targets),
          };
          yield { type: "batch", batch };
          n++;
        }
      }
      yield status("organizationPolicies", n);
    } catch (e) {
      const why = refusal(e, "organizationPolicies");
      if (!why) throw fail(e, "Reading SCPs and RCPs");
      yield notCollected("organizationPolicies", why);
    }

    // 3. IAM Identity Center.
    yield* identityCenter();
  }

  async function* identityCenter(): AsyncGenerator<ConnectorEvent> {
    const IC: AwsOrgDatasetName[] = [
      "identityStoreUsers",
      "identityStoreGroups",
      "permissionSets",
      "accountAssignments",
    ];
    const sso = { client: clients.ssoAdmin, pageSize: PAGE_SIZE.ssoAdmin };
    const ids = { client: clients.identityStore, pageSize: PAGE_SIZE.identityStore };
    let instances: InstanceMetadata[];
    try {
      instances = await allPages(requests, "ListInstances", paginateListInstances(sso, {}), (p) => p.Instances);
    } catch (e) {
      if (!isAccessDenied(e)) throw toAwsAppError(e, "Listing IAM Identity Center instances", endpoint);
      for (const name of IC) yield datasetEvent(name, false, { reason: "access denied (grant sso:ListInstances)" });
      return;
    }
    if (instances.length === 0) {
      const reason = `no IAM Identity Center instance in ${c.region || "us-east-1"} (the region Identity Center was enabled in)`;
      for (const name of IC) yield datasetEvent(name, false, { reason });
      return;
    }
    const counts = { users: 0, groups: 0, sets: 0, assignments: 0 };
    const width = options.ssoConcurrency ?? 4;
    for (const inst of instances) {
      const InstanceArn = inst.InstanceArn!;
      const IdentityStoreId = inst.IdentityStoreId!;
      // Users, groups and each group's memberships (Identity Store: MaxResults 100).
      const users = await allPages(requests, "ListUsers", paginateListUsers(ids, { IdentityStoreId }), (p) => p.Users);
      yield { type: "batch", batch: { principals: users.map(N.identityStoreUser) } };
      counts.users += users.length;
      const groups = await allPages(
        requests,
        "ListGroups",
        paginateListGroups(ids, { IdentityStoreId }),
        (p) => p.Groups,
      );
      counts.groups += groups.length;
      const memberships: GroupMembership[] = [];
      await runPool(groups, width, async (g) => {
        memberships.push(
          ...(await allPages(
            requests,
            "ListGroupMemberships",
            paginateListGroupMemberships(ids, { IdentityStoreId, GroupId: g.GroupId! }),
            (p) => p.GroupMemberships,
          )),
        );
      });
      yield {
        type: "batch",
        batch: {
          principals: groups.map(N.identityStoreGroup),
          memberships: memberships.map(N.identityStoreMembership).filter((m) => m !== null),
        },
      };
      yield { type: "progress", phase: "identity store", done: users.length + groups.length, total: null };

      // Permission sets, each with its parts and the accounts it is provisioned to (current and outdated).
      const setArns = await allPages(
        requests,
        "ListPermissionSets",
        paginateListPermissionSets(sso, { InstanceArn }),
        (p) => p.PermissionSets,
      );
      const provisionedTo = new Map<string, string[]>();
      const sets: ReturnType<typeof N.permissionSet>[] = [];
      await runPool(setArns, width, async (PermissionSetArn) => {
        const q = () => ({ InstanceArn, PermissionSetArn });
        const send = <T extends { $metadata?: { attempts?: number } }>(op: string, run: () => Promise<T>) =>
          counted(requests, op, run);
        const d = await send("DescribePermissionSet", () =>
          clients.ssoAdmin.send(new DescribePermissionSetCommand(q()), { abortSignal: signal }),
        );
        const managed = await allPages(
          requests,
          "ListManagedPoliciesInPermissionSet",
          paginateListManagedPoliciesInPermissionSet(sso, q()),
          (p) => p.AttachedManagedPolicies,
        );
        const customer = await allPages(
          requests,
          "ListCustomerManagedPolicyReferencesInPermissionSet",
          paginateListCustomerManagedPolicyReferencesInPermissionSet(sso, q()),
          (p) => p.CustomerManagedPolicyReferences,
        );
        const inline = await send("GetInlinePolicyForPermissionSet", () =>
          clients.ssoAdmin.send(new GetInlinePolicyForPermissionSetCommand(q()), { abortSignal: signal }),
        );
        // NOTE: a permission set without a boundary answers ResourceNotFoundException (SSO Admin API reference).
        const boundary = await send("GetPermissionsBoundaryForPermissionSet", () =>
          clients.ssoAdmin.send(new GetPermissionsBoundaryForPermissionSetCommand(q()), { abortSignal: signal }),
        ).then(
          (b) => b.PermissionsBoundary ?? null,
          (e) => {
            if (SSO_OPTIONAL.has(awsErrorCode(e) ?? "")) return null;
            // An answer that is not AWS JSON at all (moto has no such operation: HTML 500) leaves the boundary
            // unknown, recorded on the permission set — not a failed sync, and never "no boundary".
            if (/not valid JSON|Unexpected token/i.test(String((e as Error).message)))
              return { unknown: "GetPermissionsBoundaryForPermissionSet: the endpoint answered no AWS JSON" } as const;
            throw e;
          },
        );
        const all = await allPages(
          requests,
          "ListAccountsForProvisionedPermissionSet",
          paginateListAccountsForProvisionedPermissionSet(sso, q()),
          (p) => p.AccountIds,
        );
        const outdated = new Set(
          await allPages(
            requests,
            "ListAccountsForProvisionedPermissionSet",
            paginateListAccountsForProvisionedPermissionSet(sso, {
              ...q(),
              ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED",
            }),
            (p) => p.AccountIds,
          ),
        );
        provisionedTo.set(PermissionSetArn, all);
        sets.push(
          withUnknownBoundary(
            N.permissionSet(d.PermissionSet ?? { PermissionSetArn }, {
              managedPolicyArns: managed.map((m) => m.Arn!).filter(Boolean),
              customerManagedPolicyReferences: customer,
              inlinePolicy: inline.InlinePolicy ?? null,
              permissionsBoundary: boundary && "unknown" in boundary ? null : boundary,
              provisioning: Object.fromEntries(all.map((a) => [a, outdated.has(a) ? "outdated" : "current"])),
            }),
            boundary && "unknown" in boundary ? boundary.unknown : null,
          ),
        );
      });
      counts.sets += sets.length;
      yield { type: "batch", batch: { permissionSets: sets } };
      yield { type: "progress", phase: "permission sets", done: sets.length, total: setArns.length };

      // Account assignments. ListAccountAssignments takes one account and one permission set; an assignment provisions
      // its permission set to the account, so only the provisioned pairs are asked (not accounts × permission sets).
      // NOTE: "When you create an account assignment, IAM Identity Center provisions the permission set to the account"
      // (IAM Identity Center User Guide, "Assign user access to AWS accounts"; CreateAccountAssignment API reference).
      const pairs = [...provisionedTo].flatMap(([ps, accs]) => accs.map((a) => ({ ps, a })));
      let done = 0;
      const found: ReturnType<typeof N.accountAssignment>[] = [];
      await runPool(pairs, width, async ({ ps, a }) => {
        const list = await allPages(
          requests,
          "ListAccountAssignments",
          paginateListAccountAssignments(sso, { InstanceArn, AccountId: a, PermissionSetArn: ps }),
          (p) => p.AccountAssignments,
        );
        for (const x of list) found.push(N.accountAssignment(x));
        done++;
      });
      counts.assignments += found.length;
      yield { type: "batch", batch: { assignments: found } };
      yield { type: "progress", phase: "account assignments", done, total: pairs.length };
    }
    yield datasetEvent("identityStoreUsers", true, { count: counts.users });
    yield datasetEvent("identityStoreGroups", true, { count: counts.groups });
    yield datasetEvent("permissionSets", true, { count: counts.sets });
    yield datasetEvent("accountAssignments", true, { count: counts.assignments });
    yield {
      type: "provenance",
      data: {
        identityCenter: instances.map((i) => ({ instanceArn: i.InstanceArn, identityStoreId: i.IdentityStoreId })),
      },
    };
  }

  return { managementAccountId, organizationId, accounts, endpoint, events, requests };
}
