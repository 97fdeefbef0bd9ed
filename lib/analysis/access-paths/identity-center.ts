import type { AccessHop, AccessPath, Assignment, PermissionSet, Principal } from "../../model";
import { type IdentityCenterApp, identityCenterApps, appRoleAssignmentsByApp } from "./aws-apps";
import { type TraceContext, userHop } from "./context";
import { accountRoleTier, definitionTier, type PathTier, reservedSsoRole } from "./effective-tier";

/** An Identity Center user or group linked to its Entra object. */
export interface IdentityLink {
  entra: Principal;
  how: "externalId" | "name";
}

/** `attributes.externalIds` of an identity-store row: [{issuer, id}]. */
export function externalIdsOf(p: Principal): string[] {
  const xs = p.attributes.externalIds;
  if (!Array.isArray(xs)) return [];
  return xs
    .map((x) => (x && typeof x === "object" ? (x as { id?: unknown }).id : null))
    .filter((x): x is string => typeof x === "string");
}

/**
 * Links identity-store users and groups to Entra objects: by ExternalId (the SCIM link: Entra's object id), else by
 * name (user name = UPN, group display name), which is flagged — a hand-made Identity Center user whose user name
 * matches a UPN still signs in through Entra (SAML NameID), but provisioning no longer manages it.
 * NOTE: https://learn.microsoft.com/entra/identity/saas-apps/aws-single-sign-on-provisioning-tutorial (objectId →
 * externalId, userPrincipalName → userName, group displayName → displayName).
 */
export function linkIdentities(ctx: TraceContext): {
  users: Map<string, IdentityLink>;
  groups: Map<string, IdentityLink>;
} {
  const org = ctx.input.organization;
  const users = new Map<string, IdentityLink>();
  const groups = new Map<string, IdentityLink>();
  if (!org) return { users, groups };
  const byUpn = new Map<string, Principal>();
  const byGroupName = new Map<string, Principal[]>();
  for (const p of ctx.input.entra.principals) {
    if (p.kind === "user" && p.upn) byUpn.set(p.upn.toLowerCase(), p);
    if (p.kind === "group") {
      const k = p.displayName.toLowerCase();
      byGroupName.set(k, [...(byGroupName.get(k) ?? []), p]);
    }
  }
  for (const p of org.principals) {
    if (p.kind !== "user" && p.kind !== "group") continue;
    const byId = externalIdsOf(p)
      .map((id) => ctx.entra.principal.get(id))
      .find((e) => e && e.kind === p.kind);
    if (byId) {
      (p.kind === "user" ? users : groups).set(p.providerId, { entra: byId, how: "externalId" });
      continue;
    }
    if (p.kind === "user") {
      const name = String(p.attributes.userName ?? p.name).toLowerCase();
      const e = byUpn.get(name);
      if (e) users.set(p.providerId, { entra: e, how: "name" });
    } else {
      const candidates = byGroupName.get(p.displayName.toLowerCase()) ?? [];
      // Two Entra groups of that name: no link rather than a guess.
      if (candidates.length === 1) groups.set(p.providerId, { entra: candidates[0]!, how: "name" });
    }
  }
  return { users, groups };
}

/** The chain of Entra groups from a user up to a group (direct: [group]); null when the user is not a member. */
function groupChain(ctx: TraceContext, userId: string, groupId: string): string[] | null {
  const direct = ctx.entra.directGroupsOf.get(userId) ?? [];
  if (direct.includes(groupId)) return [groupId];
  const prev = new Map<string, string | null>(direct.map((g) => [g, null]));
  const queue = [...direct];
  while (queue.length) {
    const g = queue.shift()!;
    for (const parent of ctx.entra.directGroupsOf.get(g) ?? []) {
      if (prev.has(parent)) continue;
      prev.set(parent, g);
      if (parent === groupId) {
        const chain = [parent];
        for (let c = prev.get(parent); c; c = prev.get(c)) chain.unshift(c);
        return chain;
      }
      queue.push(parent);
    }
  }
  return null;
}

type SignIn = NonNullable<AccessPath["attributes"]["signIn"]>;

/**
 * Whether the user can sign in to the app: assigned directly or through a group they are a direct member of
 * (application assignment does not follow nested groups), or the app does not require assignment.
 * NOTE: https://learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal — "Group-based
 * assignment … nested group memberships aren't supported."
 */
function signInOf(
  ctx: TraceContext,
  user: Principal,
  app: Principal | null,
  assigned: Set<string> | null,
): { signIn: SignIn; via: string | null } {
  if (user.enabled === false) return { signIn: "userDisabled", via: null };
  if (!app || !assigned) return { signIn: "unknown", via: null };
  if (assigned.has(user.providerId)) return { signIn: "assigned", via: user.providerId };
  const g = (ctx.entra.directGroupsOf.get(user.providerId) ?? []).find((x) => assigned.has(x));
  if (g) return { signIn: "assigned", via: g };
  const required = app.attributes.appRoleAssignmentRequired;
  if (required === false) return { signIn: "notRequired", via: null };
  return { signIn: required === true ? "notAssigned" : "unknown", via: null };
}

interface Grant {
  accountName: string;
  tier: AccessPath["tier"];
  hops: AccessHop[];
  attributes: AccessPath["attributes"];
}

interface IdcTier extends PathTier {
  roleArn: string | null;
  broken: string | null;
}

/**
 * The ARN the permission set's role has in an account, for SCP conditions on aws:PrincipalARN when the role itself
 * was not collected: the suffix is unknown (a placeholder), the path is Identity Center's.
 */
function assumedRoleArn(accountId: string, ps: PermissionSet): string {
  return `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${ps.name}_0000000000000000`;
}

function identityCenterTier(ctx: TraceContext, ps: PermissionSet, accountId: string): IdcTier {
  const rails = ctx.guardrailsOf(accountId);
  const levels = !rails ? [] : rails.management ? [] : rails.scps;
  const iam = ctx.iam(accountId);
  if (iam) {
    const role = reservedSsoRole(iam, ps.name);
    if (role) {
      const t = accountRoleTier(iam, role, levels, ctx.ceilings);
      return { ...t, roleArn: role.arn, broken: null };
    }
    const t = definitionTier(ctx.definitions(), ps.providerId, levels, assumedRoleArn(accountId, ps), ctx.ceilings);
    return {
      ...t,
      roleArn: null,
      broken: `no AWSReservedSSO_${ps.name}_… role in the account: the permission set is not provisioned there`,
    };
  }
  const t = definitionTier(ctx.definitions(), ps.providerId, levels, assumedRoleArn(accountId, ps), ctx.ceilings);
  return {
    ...t,
    reasons: [...t.reasons, "account IAM not collected: tier from the permission set's definition"],
    roleArn: null,
    broken: null,
  };
}

/** Every Identity Center path: Entra user → (groups) → app → Identity Center user/group → permission set → account. */
export function* identityCenterPaths(ctx: TraceContext): Generator<AccessPath> {
  const org = ctx.input.organization;
  if (!org) return;
  const links = linkIdentities(ctx);
  const apps: IdentityCenterApp[] = identityCenterApps(ctx.entra, ctx.input.identityCenterAppIds);
  const app = apps[0]?.servicePrincipal ?? null;
  const assignedRows = app ? appRoleAssignmentsByApp(ctx.entra).get(app.providerId) : undefined;
  // App assignments not collected (no appRole rows for any app, dataset absent) → sign-in unknown.
  const appAssignmentsCollected =
    ctx.input.entra.datasets.appRoleAssignedTo?.collected ??
    ctx.input.entra.assignments.some((a) => a.kind === "appRole");
  const assigned =
    app && appAssignmentsCollected ? new Set((assignedRows ?? []).map((a) => a.principalProviderId)) : null;
  const appId = app ? String(app.attributes.appId ?? "") || null : null;
  const appHopBase = app ? { id: app.providerId, name: app.displayName } : null;

  const sets = new Map(org.permissionSets.map((p) => [p.providerId, p]));
  const groupsOfUser = new Map<string, string[]>();
  for (const m of org.memberships) {
    const list = groupsOfUser.get(m.memberProviderId);
    if (list) list.push(m.groupProviderId);
    else groupsOfUser.set(m.memberProviderId, [m.groupProviderId]);
  }
  const grantsOf = new Map<string, Assignment[]>();
  for (const a of org.assignments) {
    if (a.kind !== "accountAssignment") continue;
    const list = grantsOf.get(a.principalProviderId);
    if (list) list.push(a);
    else grantsOf.set(a.principalProviderId, [a]);
  }
  const idc = new Map(org.principals.map((p) => [p.providerId, p]));
  // What a (permission set, account) pair adds to a path: its last hops, tier and attributes — once per pair.
  const grants = new Map<string, Grant>();
  const grantOf = (ps: PermissionSet, accountId: string): Grant => {
    const k = `${ps.providerId}|${accountId}`;
    let g = grants.get(k);
    if (!g) {
      const t = identityCenterTier(ctx, ps, accountId);
      const prov = ps.attributes.provisioning as Record<string, unknown> | undefined;
      const provisioning = prov
        ? prov[accountId] === "outdated"
          ? "outdated"
          : prov[accountId] === "current"
            ? "current"
            : "notProvisioned"
        : undefined;
      const accountName = ctx.accountName(accountId);
      g = {
        accountName,
        tier: t.tier,
        hops: [
          ctx.hop("permissionSet", ps.providerId, ps.name),
          ctx.hop("awsAccount", accountId, accountName),
          ...(t.roleArn ? [ctx.hop("iamRole", t.roleArn, t.roleArn.split("/").pop() ?? t.roleArn)] : []),
        ],
        attributes: {
          ...(provisioning ? { provisioning } : {}),
          tierReasons: t.reasons,
          ...(t.roleArn ? { roleArn: t.roleArn } : {}),
          ...(t.broken ? { broken: t.broken } : {}),
        },
      };
      grants.set(k, g);
    }
    return g;
  };
  const snapshot = ctx.input.entra.snapshotId;

  for (const u of org.principals) {
    if (u.kind !== "user") continue;
    const link = links.users.get(u.providerId);
    if (!link) continue;
    const e = link.entra;
    const signIn = signInOf(ctx, e, app, assigned);
    const mfa = ctx.mfa(e.providerId, appId);
    const finalSignIn: SignIn =
      mfa.blocked && (signIn.signIn === "assigned" || signIn.signIn === "notRequired") ? "blocked" : signIn.signIn;
    const appHop = appHopBase
      ? ctx.hop(
          "enterpriseApp",
          appHopBase.id,
          appHopBase.name,
          signIn.via
            ? {
                assigned:
                  idc.get(signIn.via)?.displayName ?? ctx.entra.principal.get(signIn.via)?.displayName ?? signIn.via,
              }
            : undefined,
        )
      : null;
    const userAttrs = {
      match: link.how,
      signIn: finalSignIn,
      ...(mfa.policies.length ? { mfaPolicies: mfa.policies } : {}),
      ...(mfa.caveats.length ? { mfaCaveats: mfa.caveats } : {}),
    };
    const userIdcHop = ctx.hop("identityCenterUser", u.providerId, String(u.attributes.userName ?? u.name), {
      match: link.how,
    });
    const via: { group: Principal | null; grants: Assignment[] }[] = [
      { group: null, grants: grantsOf.get(u.providerId) ?? [] },
    ];
    for (const g of groupsOfUser.get(u.providerId) ?? []) {
      const gp = idc.get(g);
      if (gp) via.push({ group: gp, grants: grantsOf.get(g) ?? [] });
    }
    for (const { group, grants } of via) {
      if (!grants.length) continue;
      const hops: AccessHop[] = [userHop(ctx, e)];
      let drift: string | undefined;
      if (group) {
        const gl = links.groups.get(group.providerId);
        if (gl) {
          const chain = groupChain(ctx, e.providerId, gl.entra.providerId);
          if (chain)
            for (const id of chain) {
              const gp = ctx.entra.principal.get(id);
              hops.push(
                ctx.hop(
                  "entraGroup",
                  id,
                  gp?.displayName ?? id,
                  id === gl.entra.providerId && gl.how === "name" ? { match: "name" } : undefined,
                ),
              );
            }
          else {
            hops.push(ctx.hop("entraGroup", gl.entra.providerId, gl.entra.displayName, { member: false }));
            drift = `Identity Center lists ${u.name} in ${group.displayName}, but the Entra group ${gl.entra.displayName} does not hold this user (provisioning drift)`;
          }
        }
      }
      if (appHop) hops.push(appHop);
      hops.push(userIdcHop);
      if (group)
        hops.push(
          ctx.hop(
            "identityCenterGroup",
            group.providerId,
            group.displayName,
            links.groups.has(group.providerId) ? { match: links.groups.get(group.providerId)!.how } : { match: "none" },
          ),
        );
      const viaAttrs = {
        ...userAttrs,
        ...(drift ? { drift } : {}),
        ...(group ? { group: group.displayName } : {}),
        assignment: group ? "group" : "user",
      };
      for (const a of grants) {
        const ps = sets.get(a.permissionSetProviderId);
        if (!ps) continue;
        const g = grantOf(ps, a.scope);
        yield {
          entraSnapshotId: snapshot,
          targetSnapshotId: org.snapshotId,
          entraPrincipalId: e.providerId,
          personId: null,
          targetKind: "awsAccount",
          targetId: a.scope,
          targetName: g.accountName,
          via: "identityCenter",
          grant: ps.name,
          hops: [...hops, ...g.hops],
          tier: g.tier,
          mfa: mfa.mfa,
          eligible: false,
          attributes: { ...viaAttrs, ...g.attributes },
        };
      }
    }
  }
}
