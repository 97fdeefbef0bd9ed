import type { AccessPath } from "../../../model";
import { entraUserHit, hopsText, usablePaths } from "../access-path-facts";
import type { Rule, RuleHit } from "../rule";

/** An Entra user who reaches an AWS account at admin (or privileged) tier by a path on which no policy enforces MFA. */
export const rule: Rule = {
  id: "admin-path-without-mfa",
  title: "AWS account reachable at admin tier without enforced MFA",
  severity: "critical",
  dataSource:
    "Entra: conditional-access policies covering the user for the AWS app, app assignments; AWS: Identity Center assignments or SAML roles, the role's policies and the SCPs over the account",
  datasets: {
    entra: ["conditionalAccess", "appRoleAssignedTo"],
    awsOrganization: ["identityStoreUsers", "identityStoreGroups", "permissionSets", "accountAssignments"],
  },
  clouds: ["entra", "awsOrganization"],
  acrossSources: true,
  fix: "Require MFA for this app: an enabled conditional-access policy (not report-only) that includes the user (or all users) and the AWS IAM Identity Center / AWS SAML app, granting with MFA or an authentication strength and no location or platform narrowing; remove the user's exclusion if it is not an emergency account.",
  run(a) {
    const hits: RuleHit[] = [];
    const byUser = new Map<string, AccessPath[]>();
    for (const p of usablePaths(a)) {
      if (p.mfa !== "notEnforced" || (p.tier !== "admin" && p.tier !== "privileged")) continue;
      byUser.set(p.entraPrincipalId, [...(byUser.get(p.entraPrincipalId) ?? []), p]);
    }
    for (const [user, paths] of byUser) {
      const admin = paths.filter((p) => p.tier === "admin");
      const worst = admin.length ? admin : paths;
      const accounts = [...new Set(worst.map((p) => p.targetName))];
      hits.push(
        entraUserHit(
          a,
          user,
          `Reaches ${accounts.length} AWS account(s) at ${worst[0]!.tier} tier (${accounts.slice(0, 5).join(", ")}${accounts.length > 5 ? ", …" : ""}) and no enabled conditional-access policy requires MFA on the way.`,
          {
            paths: worst
              .slice(0, 10)
              .map((p) => ({ account: p.targetId, grant: p.grant, via: p.via, hops: hopsText(p) })),
            caveats: worst[0]!.attributes.mfaCaveats ?? [],
          },
          { severity: admin.length ? "critical" : "high" },
        ),
      );
    }
    return hits;
  },
};
