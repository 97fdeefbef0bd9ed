import type { AccessHop, AccessPath, Principal } from "../../model";
import { appRoleAssignmentsByApp, type SamlRoleValue, samlValueOf } from "./aws-apps";
import { type TraceContext, userHop } from "./context";
import { accountRoleTier, type PathTier } from "./effective-tier";

interface SamlTier extends PathTier {
  broken: string | null;
}

/** The tier of a SAML role in its account, after the account's SCPs; broken when the role cannot be assumed. */
function samlTier(ctx: TraceContext, v: SamlRoleValue): SamlTier {
  const iam = ctx.iam(v.accountId);
  if (!iam) return { tier: null, reasons: ["account IAM not collected"], broken: null };
  const role = iam.roleByArn.get(v.roleArn);
  if (!role) return { tier: "none", reasons: [], broken: `role ${v.roleArn} does not exist in the account` };
  const trusts = (role.attributes.trust ?? []).some(
    (t) => (t.type === "saml" || t.type === "federated") && t.value === v.providerArn,
  );
  if (!trusts) return { tier: "none", reasons: [], broken: `role ${role.name} does not trust ${v.providerArn}` };
  const rails = ctx.guardrailsOf(v.accountId);
  const levels = !rails ? [] : rails.management ? [] : rails.scps;
  return { ...accountRoleTier(iam, role, levels, ctx.ceilings), broken: null };
}

/**
 * Per-account SAML federation: an Entra app role whose value is `role-arn,provider-arn`, assigned to a user or a group
 * (its direct members: application assignment does not follow nested groups) → the IAM role in that account.
 * NOTE: https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial
 */
export function* samlPaths(ctx: TraceContext): Generator<AccessPath> {
  const tiers = new Map<string, SamlTier>();
  const snapshot = ctx.input.entra.snapshotId;
  for (const [spId, rows] of appRoleAssignmentsByApp(ctx.entra)) {
    const sp = ctx.entra.principal.get(spId);
    const appId = sp ? String(sp.attributes.appId ?? "") || null : null;
    for (const a of rows) {
      const v = samlValueOf(a);
      if (!v) continue;
      let t = tiers.get(v.roleArn);
      if (!t) {
        t = samlTier(ctx, v);
        tiers.set(v.roleArn, t);
      }
      const holder = ctx.entra.principal.get(a.principalProviderId);
      const users: { user: Principal; group: Principal | null }[] = [];
      if (holder?.kind === "user") users.push({ user: holder, group: null });
      else if (holder?.kind === "group")
        for (const m of ctx.directMembers.get(holder.providerId) ?? []) {
          const p = ctx.entra.principal.get(m);
          if (p?.kind === "user") users.push({ user: p, group: holder });
        }
      const accountName = ctx.accountName(v.accountId);
      const tail: AccessHop[] = [
        ctx.hop("enterpriseApp", spId, sp?.displayName ?? spId, { appRole: String(a.attributes.appRoleValue) }),
        ctx.hop("awsAccount", v.accountId, accountName),
        ctx.hop("samlProvider", v.providerArn, v.providerArn.split("/").pop() ?? v.providerArn),
        ctx.hop("iamRole", v.roleArn, v.roleArn.split("/").pop() ?? v.roleArn),
      ];
      for (const { user, group } of users) {
        const mfa = ctx.mfa(user.providerId, appId);
        const signIn =
          user.enabled === false ? "userDisabled" : sp?.enabled === false || mfa.blocked ? "blocked" : "assigned";
        yield {
          entraSnapshotId: snapshot,
          // An account no organisation or IAM snapshot holds is known from the Entra app alone: its snapshot.
          targetSnapshotId: ctx.iam(v.accountId)?.model.snapshotId ?? ctx.input.organization?.snapshotId ?? snapshot,
          entraPrincipalId: user.providerId,
          personId: null,
          targetKind: "awsAccount",
          targetId: v.accountId,
          targetName: accountName,
          via: "saml",
          grant: v.roleArn,
          hops: [
            userHop(ctx, user),
            ...(group ? [ctx.hop("entraGroup", group.providerId, group.displayName)] : []),
            ...tail,
          ],
          tier: t.tier,
          mfa: mfa.mfa,
          eligible: false,
          attributes: {
            signIn,
            ...(mfa.policies.length ? { mfaPolicies: mfa.policies } : {}),
            ...(mfa.caveats.length ? { mfaCaveats: mfa.caveats } : {}),
            tierReasons: t.reasons,
            roleArn: v.roleArn,
            ...(t.broken ? { broken: t.broken } : {}),
            ...(group ? { group: group.displayName } : {}),
            assignment: group ? "group" : "user",
          },
        };
      }
    }
  }
}
