import type { Assignment, Membership, ModelBatchInput, PermissionSetInput, PrincipalInput } from "../../model";
import type { CredentialReport } from "./credential-report";
import { factsFor } from "./credential-report";
import type { Gaad, GroupDetail, ManagedPolicyDetail, RoleDetail, UserDetail } from "./gaad-schema";
import { decodeDocument, normalizeStatements, type PolicyDocument } from "./policy-document";
import { accountOfArn, normalizeTrust } from "./trust";

/** AWS-managed policies live in the `aws` pseudo-account of any partition. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

/** The provider id of an inline policy: unique per owner and name. */
export function inlinePolicyId(ownerArn: string, name: string): string {
  return `${ownerArn}#inline/${name}`;
}

/** Group membership whose group name is not in the data: kept with this provider id and flagged. */
export function unresolvedGroupId(name: string): string {
  return `unresolved-group:${name}`;
}

/** ISO-8601 of an IAM date (ISO string, "2023-03-09 10:41:45+00:00", or Date); null when absent or unparsable. */
export function toIso(d: string | Date | null | undefined): string | null {
  if (!d) return null;
  const t = d instanceof Date ? d : new Date(d);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

/** Inline policy documents are stored once, as permission sets: the raw record keeps only their names. */
function withoutInlineDocuments<T extends object>(record: T, key: string): T {
  const list = (record as Record<string, unknown>)[key];
  if (!Array.isArray(list) || list.length === 0) return record;
  return { ...record, [key]: list.map((p: { PolicyName: string }) => ({ PolicyName: p.PolicyName })) };
}

function tagsOf(tags: { Key: string; Value?: string | null }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) out[t.Key] = t.Value ?? "";
  return out;
}

function attached(
  principalProviderId: string,
  list: { PolicyArn: string; PolicyName?: string | null }[],
): Assignment[] {
  return list.map((p) => ({
    principalProviderId,
    permissionSetProviderId: p.PolicyArn,
    scope: "*",
    kind: "direct",
    attributes: p.PolicyName ? { policyName: p.PolicyName } : {},
  }));
}

function boundary(principalProviderId: string, b: UserDetail["PermissionsBoundary"]): Assignment[] {
  if (!b?.PermissionsBoundaryArn) return [];
  return [
    {
      principalProviderId,
      permissionSetProviderId: b.PermissionsBoundaryArn,
      scope: "*",
      kind: "boundary",
      attributes: {},
    },
  ];
}

export interface NormalizeOptions {
  /** The account read; derived from the first ARN when not given. Trust parties outside it are `external`. */
  accountId?: string | null;
  /** Credential report facts to merge into users; absent = not collected (fields stay null). */
  credentialReport?: CredentialReport | null;
}

/**
 * GAAD → shared model, page by page (pure: no I/O). Stateful only for what crosses pages: GAAD lists a user's groups
 * by NAME and groups may come on a later page, so memberships are resolved to GroupIds in `finish()`; a name that no
 * group carries is kept (`unresolved-group:NAME`) and reported, not dropped.
 */
export class GaadNormalizer {
  accountId: string | null;
  private readonly report: CredentialReport | null;
  private readonly groupIds = new Map<string, string>();
  // Memberships waiting for their group's id, kept compact (a user id and a group-name number each): at 300k users
  // there are ~500k of them.
  private readonly pendingUsers: string[] = [];
  private readonly pendingGroups: number[] = [];
  private readonly groupNames: string[] = [];
  private readonly groupNameIndex = new Map<string, number>();

  constructor(options: NormalizeOptions = {}) {
    this.accountId = options.accountId ?? null;
    this.report = options.credentialReport ?? null;
  }

  /** Normalizes one GAAD page (documents raw or decoded). Throws AppError BAD_INPUT on a malformed document. */
  page(g: Gaad): Required<Pick<ModelBatchInput, "principals" | "permissionSets" | "assignments">> {
    const out = {
      principals: [] as PrincipalInput[],
      permissionSets: [] as PermissionSetInput[],
      assignments: [] as Assignment[],
    };
    if (!this.accountId) {
      const first = g.UserDetailList[0]?.Arn ?? g.RoleDetailList[0]?.Arn ?? g.GroupDetailList[0]?.Arn;
      const customer = g.Policies.find((p) => !isAwsManagedPolicyArn(p.Arn))?.Arn;
      this.accountId = (first && accountOfArn(first)) || (customer && accountOfArn(customer)) || null;
    }
    for (const u of g.UserDetailList) this.user(u, out);
    for (const gr of g.GroupDetailList) this.group(gr, out);
    for (const r of g.RoleDetailList) this.role(r, out);
    for (const p of g.Policies) out.permissionSets.push(this.policy(p));
    return out;
  }

  /**
   * Memberships, resolved now that every group has been seen, in pages of `pageSize` in (group id, user id) order
   * (one membership index then grows at its end), and the group names nothing matched. Pages are built as read.
   */
  finish(pageSize = 1000): { memberships: Generator<Membership[]>; count: number; unresolvedGroups: string[] } {
    const users = new Map<number, string[]>();
    for (let i = 0; i < this.pendingUsers.length; i++) {
      const k = this.pendingGroups[i]!;
      const list = users.get(k);
      if (list) list.push(this.pendingUsers[i]!);
      else users.set(k, [this.pendingUsers[i]!]);
    }
    const count = this.pendingUsers.length;
    this.pendingUsers.length = 0;
    this.pendingGroups.length = 0;
    const unresolved = new Set<string>();
    const groups = [...users.keys()].map((k) => {
      const name = this.groupNames[k]!;
      const id = this.groupIds.get(name);
      if (!id) unresolved.add(name);
      return { k, id: id ?? unresolvedGroupId(name) };
    });
    groups.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    function* pages(): Generator<Membership[]> {
      let page: Membership[] = [];
      for (const { k, id } of groups) {
        for (const userId of users.get(k)!.sort()) {
          page.push({ groupProviderId: id, memberProviderId: userId, direct: true });
          if (page.length >= pageSize) {
            yield page;
            page = [];
          }
        }
        users.delete(k);
      }
      if (page.length) yield page;
    }
    return { memberships: pages(), count, unresolvedGroups: [...unresolved].sort() };
  }

  private inline(
    owner: { id: string; arn: string; kind: string; name: string },
    list: { PolicyName: string; PolicyDocument: string | Record<string, unknown> }[],
    out: { permissionSets: PermissionSetInput[]; assignments: Assignment[] },
  ): void {
    for (const p of list) {
      const providerId = inlinePolicyId(owner.arn, p.PolicyName);
      const document = decodeDocument(p.PolicyDocument, providerId);
      out.permissionSets.push({
        kind: "inlinePolicy",
        providerId,
        name: p.PolicyName,
        builtIn: false,
        ownerProviderId: owner.id,
        statements: normalizeStatements(document, providerId),
        document,
        attributes: { ownerKind: owner.kind, ownerName: owner.name, ownerArn: owner.arn },
      });
      out.assignments.push({
        principalProviderId: owner.id,
        permissionSetProviderId: providerId,
        scope: "*",
        kind: "direct",
        attributes: { inline: true },
      });
    }
  }

  private user(
    u: UserDetail,
    out: { principals: PrincipalInput[]; permissionSets: PermissionSetInput[]; assignments: Assignment[] },
  ): void {
    const facts = this.report ? factsFor(this.report, u.Arn, u.UserName) : null;
    const attributes: Record<string, unknown> = {
      path: u.Path ?? "/",
      permissionsBoundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
      groupNames: u.GroupList,
    };
    if (this.report) {
      // The report was collected: a user missing from it (created after it was generated) is "unknown", not "no".
      attributes.consolePassword = facts ? facts.consolePassword : null;
      attributes.passwordLastUsedAt = facts?.passwordLastUsedAt ?? null;
      if (facts?.passwordNeverUsed) attributes.passwordNeverUsed = true;
      if (facts) attributes.credentials = facts.credentials;
      attributes.credentialReport = facts ? "present" : "missing";
    }
    out.principals.push({
      kind: "user",
      providerId: u.UserId,
      name: u.UserName,
      displayName: u.UserName,
      arn: u.Arn,
      enabled: true,
      guest: false,
      createdAt: toIso(u.CreateDate),
      lastActivityAt: facts?.lastActivityAt ?? null,
      mfaRegistered: facts ? facts.mfaActive : null,
      attributes,
      tags: tagsOf(u.Tags),
      raw: withoutInlineDocuments(u, "UserPolicyList"),
    });
    for (const name of u.GroupList) {
      let k = this.groupNameIndex.get(name);
      if (k === undefined) {
        k = this.groupNames.push(name) - 1;
        this.groupNameIndex.set(name, k);
      }
      this.pendingUsers.push(u.UserId);
      this.pendingGroups.push(k);
    }
    this.inline({ id: u.UserId, arn: u.Arn, kind: "user", name: u.UserName }, u.UserPolicyList, out);
    out.assignments.push(
      ...attached(u.UserId, u.AttachedManagedPolicies),
      ...boundary(u.UserId, u.PermissionsBoundary),
    );
  }

  private group(
    g: GroupDetail,
    out: { principals: PrincipalInput[]; permissionSets: PermissionSetInput[]; assignments: Assignment[] },
  ): void {
    this.groupIds.set(g.GroupName, g.GroupId);
    out.principals.push({
      kind: "group",
      providerId: g.GroupId,
      name: g.GroupName,
      displayName: g.GroupName,
      arn: g.Arn,
      createdAt: toIso(g.CreateDate),
      attributes: { path: g.Path ?? "/" },
      raw: withoutInlineDocuments(g, "GroupPolicyList"),
    });
    this.inline({ id: g.GroupId, arn: g.Arn, kind: "group", name: g.GroupName }, g.GroupPolicyList, out);
    out.assignments.push(...attached(g.GroupId, g.AttachedManagedPolicies));
  }

  private role(
    r: RoleDetail,
    out: { principals: PrincipalInput[]; permissionSets: PermissionSetInput[]; assignments: Assignment[] },
  ): void {
    const where = `${r.Arn} trust policy`;
    const trustDoc: PolicyDocument | null = r.AssumeRolePolicyDocument
      ? decodeDocument(r.AssumeRolePolicyDocument, where)
      : null;
    const trustStatements = trustDoc ? normalizeStatements(trustDoc, where) : [];
    const account = accountOfArn(r.Arn) ?? this.accountId;
    out.principals.push({
      kind: "role",
      providerId: r.RoleId,
      name: r.RoleName,
      displayName: r.RoleName,
      arn: r.Arn,
      enabled: true,
      createdAt: toIso(r.CreateDate),
      lastActivityAt: toIso(r.RoleLastUsed?.LastUsedDate),
      attributes: {
        path: r.Path ?? "/",
        permissionsBoundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
        trust: normalizeTrust(trustStatements, account),
        trustStatements,
        instanceProfiles: r.InstanceProfileList.map((p) => p.InstanceProfileName),
        serviceLinked: (r.Path ?? "").startsWith("/aws-service-role/"),
        lastUsedRegion: r.RoleLastUsed?.Region ?? null,
      },
      tags: tagsOf(r.Tags),
      raw: withoutInlineDocuments(trustDoc ? { ...r, AssumeRolePolicyDocument: trustDoc } : r, "RolePolicyList"),
    });
    this.inline({ id: r.RoleId, arn: r.Arn, kind: "role", name: r.RoleName }, r.RolePolicyList, out);
    out.assignments.push(
      ...attached(r.RoleId, r.AttachedManagedPolicies),
      ...boundary(r.RoleId, r.PermissionsBoundary),
    );
  }

  private policy(p: ManagedPolicyDetail): PermissionSetInput {
    const aws = isAwsManagedPolicyArn(p.Arn);
    const version =
      p.PolicyVersionList.find((v) => v.IsDefaultVersion === true) ??
      p.PolicyVersionList.find((v) => p.DefaultVersionId && v.VersionId === p.DefaultVersionId);
    const document = version?.Document
      ? decodeDocument(version.Document, `${p.Arn} ${version.VersionId ?? ""}`.trim())
      : null;
    return {
      kind: aws ? "awsManagedPolicy" : "customerManagedPolicy",
      providerId: p.Arn,
      name: p.PolicyName ?? p.Arn.slice(p.Arn.lastIndexOf("/") + 1),
      description: p.Description ?? null,
      builtIn: aws,
      statements: document ? normalizeStatements(document, p.Arn) : [],
      document,
      attributes: {
        policyId: p.PolicyId ?? null,
        path: p.Path ?? "/",
        defaultVersionId: p.DefaultVersionId ?? null,
        defaultVersionMissing: document === null,
        versions: p.PolicyVersionList.length,
        attachmentCount: p.AttachmentCount ?? null,
        permissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount ?? null,
        isAttachable: p.IsAttachable ?? null,
        createdAt: toIso(p.CreateDate),
        updatedAt: toIso(p.UpdateDate),
      },
    };
  }
}
