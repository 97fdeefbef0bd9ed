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
  PermissionsBoundary,
  PermissionSet as SdkPermissionSet,
} from "@aws-sdk/client-sso-admin";
import type { Assignment, HierarchyNode, Membership, PermissionSet, PrincipalInput } from "../../model";
import { decodeDocument, normalizeStatements } from "../aws/policy-document";

// Pure: AWS API objects (as the SDK returns them, or as the CLI prints them) → model rows of an organisation snapshot.
// Same conventions as the access-path analysis reads (DESIGN-W2): provider ids are AWS's own ids / ARNs.

const iso = (d: Date | string | undefined | null) =>
  d === undefined || d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

export function rootNode(r: Root, managementAccountId: string | null): HierarchyNode {
  return {
    providerId: r.Id!,
    kind: "root",
    name: r.Name ?? "Root",
    parentProviderId: null,
    attributes: { arn: r.Arn ?? null, managementAccountId, policyTypes: r.PolicyTypes ?? [] },
  };
}

export function ouNode(u: OrganizationalUnit, parentId: string): HierarchyNode {
  return {
    providerId: u.Id!,
    kind: "organizationalUnit",
    name: u.Name ?? u.Id!,
    parentProviderId: parentId,
    attributes: { arn: u.Arn ?? null },
  };
}

export function accountNode(
  a: Account,
  parentId: string | null,
  delegated: DelegatedAdministrator | undefined,
): HierarchyNode {
  return {
    providerId: a.Id!,
    kind: "account",
    name: a.Name ?? a.Id!,
    parentProviderId: parentId,
    attributes: {
      arn: a.Arn ?? null,
      email: a.Email ?? null,
      // NOTE: Status is deprecated in favour of State (Organizations API reference, Account); both are kept.
      status: a.Status ?? null,
      state: a.State ?? null,
      joinedMethod: a.JoinedMethod ?? null,
      joinedAt: iso(a.JoinedTimestamp),
      ...(delegated ? { delegatedAdministrator: true, delegationEnabledAt: iso(delegated.DelegationEnabledDate) } : {}),
    },
  };
}

/** An SCP or RCP (DescribePolicy's Policy) as a guardrail permission set. */
export function guardrailPolicy(p: Policy): PermissionSet {
  const s = p.PolicySummary ?? {};
  const name = s.Name ?? s.Id!;
  return {
    kind: s.Type === "RESOURCE_CONTROL_POLICY" ? "resourceControlPolicy" : "serviceControlPolicy",
    providerId: s.Id!,
    name,
    description: s.Description ?? null,
    builtIn: s.AwsManaged ?? false,
    ownerProviderId: null,
    statements: p.Content ? normalizeStatements(decodeDocument(p.Content, name), name) : [],
    document: p.Content ?? null,
    attributes: { arn: s.Arn ?? null, awsManaged: s.AwsManaged ?? false, type: s.Type ?? null },
  };
}

/** Where an SCP/RCP is attached: one guardrail assignment per root, OU or account. */
export function guardrailAssignments(policyId: string, targets: PolicyTargetSummary[]): Assignment[] {
  return targets.map((t) => ({
    principalProviderId: t.TargetId!,
    permissionSetProviderId: policyId,
    scope: t.TargetId!,
    kind: "guardrail",
    attributes: { targetType: t.Type ?? null, targetName: t.Name ?? null },
  }));
}

const externalIds = (xs: { Issuer?: string; Id?: string }[] | undefined) =>
  (xs ?? []).map((x) => ({ issuer: x.Issuer ?? "", id: x.Id ?? "" }));

export function identityStoreUser(u: User): PrincipalInput {
  const email = u.Emails?.find((e) => e.Primary)?.Value ?? u.Emails?.[0]?.Value ?? null;
  return {
    kind: "user",
    providerId: u.UserId!,
    name: u.UserName ?? u.UserId!,
    displayName: u.DisplayName ?? u.UserName ?? u.UserId!,
    email,
    attributes: {
      userName: u.UserName ?? null,
      externalIds: externalIds(u.ExternalIds),
      emails: (u.Emails ?? []).map((e) => e.Value).filter(Boolean),
      userStatus: (u as { UserStatus?: string }).UserStatus ?? null,
    },
    raw: u,
  };
}

export function identityStoreGroup(g: Group): PrincipalInput {
  return {
    kind: "group",
    providerId: g.GroupId!,
    name: g.DisplayName ?? g.GroupId!,
    displayName: g.DisplayName ?? g.GroupId!,
    attributes: { externalIds: externalIds(g.ExternalIds), description: g.Description ?? null },
    raw: g,
  };
}

export function identityStoreMembership(m: GroupMembership): Membership | null {
  const member = m.MemberId && "UserId" in m.MemberId ? m.MemberId.UserId : undefined;
  return member && m.GroupId ? { groupProviderId: m.GroupId, memberProviderId: member, direct: true } : null;
}

/** What a permission set holds besides its description (each read by its own SSO Admin call). */
export interface PermissionSetParts {
  managedPolicyArns: string[];
  customerManagedPolicyReferences: CustomerManagedPolicyReference[];
  inlinePolicy: string | null;
  permissionsBoundary: PermissionsBoundary | null;
  /** Account id → current | outdated (ListAccountsForProvisionedPermissionSet, all and not-latest). */
  provisioning: Record<string, "current" | "outdated">;
}

export function permissionSet(ps: SdkPermissionSet, parts: PermissionSetParts): PermissionSet {
  const name = ps.Name ?? ps.PermissionSetArn!;
  const inline = parts.inlinePolicy?.trim() ? parts.inlinePolicy : null;
  const b = parts.permissionsBoundary;
  return {
    kind: "identityCenterPermissionSet",
    providerId: ps.PermissionSetArn!,
    name,
    description: ps.Description ?? null,
    builtIn: false,
    ownerProviderId: null,
    statements: inline ? normalizeStatements(decodeDocument(inline, name), name) : [],
    document: inline,
    attributes: {
      managedPolicyArns: parts.managedPolicyArns,
      customerManagedPolicyReferences: parts.customerManagedPolicyReferences.map((c) => ({
        name: c.Name,
        path: c.Path ?? "/",
      })),
      permissionsBoundary: b
        ? b.ManagedPolicyArn
          ? { managedPolicyArn: b.ManagedPolicyArn }
          : {
              customerManagedPolicyReference: {
                name: b.CustomerManagedPolicyReference?.Name,
                path: b.CustomerManagedPolicyReference?.Path ?? "/",
              },
            }
        : null,
      sessionDuration: ps.SessionDuration ?? null,
      relayState: ps.RelayState ?? null,
      createdAt: iso(ps.CreatedDate),
      provisioning: parts.provisioning,
    },
  };
}

export function accountAssignment(a: AccountAssignment): Assignment {
  return {
    principalProviderId: a.PrincipalId!,
    permissionSetProviderId: a.PermissionSetArn!,
    scope: a.AccountId!,
    kind: "accountAssignment",
    attributes: { principalType: a.PrincipalType ?? null },
  };
}
