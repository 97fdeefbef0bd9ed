import { GetSAMLProviderCommand, ListSAMLProvidersCommand } from "@aws-sdk/client-iam";
import {
  DescribeGroupCommand,
  DescribeUserCommand,
  paginateListGroupMemberships,
  paginateListGroupMembershipsForMember,
  paginateListGroups,
  paginateListUsers,
} from "@aws-sdk/client-identitystore";
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListChildren,
  paginateListDelegatedAdministrators,
  paginateListOrganizationalUnitsForParent,
  paginateListParents,
  paginateListPolicies,
  paginateListPoliciesForTarget,
  paginateListRoots,
  paginateListTargetsForPolicy,
} from "@aws-sdk/client-organizations";
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListInstances,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
  paginateListPermissionSetsProvisionedToAccount,
} from "@aws-sdk/client-sso-admin";
import type { AwsOrgClients } from "./aws-org-clients";

// The whole read sequence of an AWS Organization with Identity Center, through the real SDK clients and their
// paginators: every operation the fakes implement, each list read to its end. Tests run it against the fake and
// against moto and compare. (Test support, not the provider: that lives in lib/providers.)
// NOTE: the SDK's paginators write NextToken and MaxResults into the input object they are given: each one gets a
// fresh object, or the next paginator starts from the last token of the previous one.

type Paginated<T> = AsyncIterable<T>;

async function all<P, T>(pages: Paginated<P>, items: (p: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...(items(p) ?? []));
  return out;
}

/** Strips the SDK's $metadata so results compare as plain data. */
function plain<T extends object>(v: T): Omit<T, "$metadata"> {
  const { $metadata: _m, ...rest } = v as T & { $metadata?: unknown };
  return rest;
}

/** What to read; sizes of the pages asked for (undefined = the service's default). */
export interface ReadOptions {
  pageSize?: { organizations?: number; ssoAdmin?: number; identityStore?: number };
  /** Also read each user and group one by one (DescribeUser / DescribeGroup) and per member (ListGroupMembershipsForMember). */
  perPrincipal?: boolean;
}

/** Organizations: the organization, the tree, every account, SCPs and RCPs with targets, delegated admins. */
export async function readOrganizations(c: AwsOrgClients, o: ReadOptions = {}) {
  const org = { client: c.organizations, pageSize: o.pageSize?.organizations };
  const organization = plain(await c.organizations.send(new DescribeOrganizationCommand({})));
  const roots = await all(paginateListRoots(org, {}), (p) => p.Roots);
  const ous: Record<string, unknown[]> = {};
  const accountsByParent: Record<string, unknown[]> = {};
  const children: Record<string, unknown[]> = {};
  const queue = roots.map((r) => r.Id!);
  while (queue.length > 0) {
    const parent = queue.shift()!;
    const units = await all(
      paginateListOrganizationalUnitsForParent(org, { ParentId: parent }),
      (p) => p.OrganizationalUnits,
    );
    ous[parent] = units;
    accountsByParent[parent] = await all(paginateListAccountsForParent(org, { ParentId: parent }), (p) => p.Accounts);
    for (const type of ["ORGANIZATIONAL_UNIT", "ACCOUNT"] as const)
      children[`${parent}:${type}`] = await all(
        paginateListChildren(org, { ParentId: parent, ChildType: type }),
        (p) => p.Children,
      );
    queue.push(...units.map((u) => u.Id!));
  }
  const accounts = await all(paginateListAccounts(org, {}), (p) => p.Accounts);
  const parents: Record<string, unknown[]> = {};
  for (const id of [
    ...Object.values(ous)
      .flat()
      .map((u) => (u as { Id: string }).Id),
    ...accounts.map((a) => a.Id!),
  ])
    parents[id] = await all(paginateListParents(org, { ChildId: id }), (p) => p.Parents);
  const policies: Record<string, { summary: unknown; content: unknown; targets: unknown[] }[]> = {};
  const policiesForTarget: Record<string, unknown[]> = {};
  for (const type of ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] as const) {
    const list = await all(paginateListPolicies(org, { Filter: type }), (p) => p.Policies);
    policies[type] = [];
    for (const s of list) {
      const d = await c.organizations.send(new DescribePolicyCommand({ PolicyId: s.Id! }));
      const targets = await all(paginateListTargetsForPolicy(org, { PolicyId: s.Id! }), (p) => p.Targets);
      policies[type]!.push({ summary: s, content: JSON.parse(d.Policy?.Content ?? "null"), targets });
    }
    for (const target of [...roots.map((r) => r.Id!), ...Object.keys(parents)])
      policiesForTarget[`${target}:${type}`] = await all(
        paginateListPoliciesForTarget(org, { TargetId: target, Filter: type }),
        (p) => p.Policies,
      );
  }
  const delegatedAdministrators = await all(
    paginateListDelegatedAdministrators(org, {}),
    (p) => p.DelegatedAdministrators,
  );
  return {
    organization,
    roots,
    ous,
    accounts,
    accountsByParent,
    children,
    parents,
    policies,
    policiesForTarget,
    delegatedAdministrators,
  };
}

/** IAM Identity Center: instances, permission sets, provisioning and assignments in `accountIds`, the identity store. */
export async function readIdentityCenter(c: AwsOrgClients, accountIds: string[], o: ReadOptions = {}) {
  const sso = { client: c.ssoAdmin, pageSize: o.pageSize?.ssoAdmin };
  const ids = { client: c.identityStore, pageSize: o.pageSize?.identityStore };
  const instances = await all(paginateListInstances(sso, {}), (p) => p.Instances);
  const identityCenters = [];
  for (const inst of instances) {
    const InstanceArn = inst.InstanceArn!;
    const IdentityStoreId = inst.IdentityStoreId!;
    const setArns = await all(paginateListPermissionSets(sso, { InstanceArn }), (p) => p.PermissionSets);
    const permissionSets = [];
    for (const PermissionSetArn of setArns) {
      const q = { InstanceArn, PermissionSetArn };
      const boundary = await c.ssoAdmin
        .send(new GetPermissionsBoundaryForPermissionSetCommand(q))
        .then((b) => b.PermissionsBoundary ?? null)
        .catch((e: Error) => ({ error: e.name }));
      permissionSets.push({
        permissionSet: (await c.ssoAdmin.send(new DescribePermissionSetCommand(q))).PermissionSet,
        managedPolicies: await all(
          paginateListManagedPoliciesInPermissionSet(sso, { ...q }),
          (p) => p.AttachedManagedPolicies,
        ),
        customerManagedPolicies: await all(
          paginateListCustomerManagedPolicyReferencesInPermissionSet(sso, { ...q }),
          (p) => p.CustomerManagedPolicyReferences,
        ),
        inlinePolicy: (await c.ssoAdmin.send(new GetInlinePolicyForPermissionSetCommand(q))).InlinePolicy ?? null,
        boundary,
        accounts: await all(paginateListAccountsForProvisionedPermissionSet(sso, { ...q }), (p) => p.AccountIds),
        accountsOutdated: await all(
          paginateListAccountsForProvisionedPermissionSet(sso, {
            ...q,
            ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED",
          }),
          (p) => p.AccountIds,
        ),
      });
    }
    const provisionedToAccount: Record<string, { all: string[]; current: string[]; outdated: string[] }> = {};
    const assignments: Record<string, unknown[]> = {};
    for (const accountId of accountIds) {
      const q = { InstanceArn, AccountId: accountId };
      const list = (status?: "LATEST_PERMISSION_SET_PROVISIONED" | "LATEST_PERMISSION_SET_NOT_PROVISIONED") =>
        all(
          paginateListPermissionSetsProvisionedToAccount(sso, { ...q, ProvisioningStatus: status }),
          (p) => p.PermissionSets,
        );
      provisionedToAccount[accountId] = {
        all: await list(),
        current: await list("LATEST_PERMISSION_SET_PROVISIONED"),
        outdated: await list("LATEST_PERMISSION_SET_NOT_PROVISIONED"),
      };
      // ListAccountAssignments needs AccountId and PermissionSetArn: every permission set, in every account.
      for (const PermissionSetArn of setArns) {
        const found = await all(
          paginateListAccountAssignments(sso, { ...q, PermissionSetArn }),
          (p) => p.AccountAssignments,
        );
        if (found.length > 0) assignments[`${accountId}|${PermissionSetArn}`] = found;
      }
    }
    const users = await all(paginateListUsers(ids, { IdentityStoreId }), (p) => p.Users);
    const groups = await all(paginateListGroups(ids, { IdentityStoreId }), (p) => p.Groups);
    const memberships: Record<string, unknown[]> = {};
    for (const g of groups)
      memberships[g.GroupId!] = await all(
        paginateListGroupMemberships(ids, { IdentityStoreId, GroupId: g.GroupId! }),
        (p) => p.GroupMemberships,
      );
    const perPrincipal: Record<string, unknown> = {};
    if (o.perPrincipal) {
      for (const u of users) {
        perPrincipal[`user:${u.UserId!}`] = {
          describe: plain(await c.identityStore.send(new DescribeUserCommand({ IdentityStoreId, UserId: u.UserId! }))),
          memberships: await all(
            paginateListGroupMembershipsForMember(ids, { IdentityStoreId, MemberId: { UserId: u.UserId! } }),
            (p) => p.GroupMemberships,
          ),
          assignments: await all(
            paginateListAccountAssignmentsForPrincipal(sso, {
              InstanceArn,
              PrincipalId: u.UserId!,
              PrincipalType: "USER",
            }),
            (p) => p.AccountAssignments,
          ),
        };
      }
      for (const g of groups) {
        perPrincipal[`group:${g.GroupId!}`] = {
          describe: plain(
            await c.identityStore.send(new DescribeGroupCommand({ IdentityStoreId, GroupId: g.GroupId! })),
          ),
          assignments: await all(
            paginateListAccountAssignmentsForPrincipal(sso, {
              InstanceArn,
              PrincipalId: g.GroupId!,
              PrincipalType: "GROUP",
            }),
            (p) => p.AccountAssignments,
          ),
        };
      }
    }
    identityCenters.push({
      instance: inst,
      permissionSets,
      provisionedToAccount,
      assignments,
      users,
      groups,
      memberships,
      perPrincipal,
    });
  }
  return identityCenters;
}

/** The whole read sequence: Organizations, then Identity Center in every account. */
export async function readAwsOrganization(c: AwsOrgClients, o: ReadOptions = {}) {
  const organizations = await readOrganizations(c, o);
  const identityCenters = await readIdentityCenter(
    c,
    organizations.accounts.map((a) => a.Id!),
    o,
  );
  return { ...organizations, identityCenters };
}

export type AwsOrgReadout = Awaited<ReturnType<typeof readAwsOrganization>>;

/** SAML providers of one account, with each provider's metadata (IAM ListSAMLProviders + GetSAMLProvider). */
export async function readSamlProviders(c: AwsOrgClients) {
  const list = (await c.iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? [];
  const out = [];
  for (const p of list) {
    const d = plain(await c.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: p.Arn! })));
    out.push({ ...p, ...d });
  }
  return out;
}
