import { organizationHit } from "../access-path-facts";
import type { Rule, RuleHit } from "../rule";

/**
 * A permission set changed since it was last provisioned to an account (LATEST_PERMISSION_SET_NOT_PROVISIONED): the
 * account's AWSReservedSSO_ role still grants the old policies.
 * NOTE: https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListPermissionSetsProvisionedToAccount.html
 */
export const rule: Rule = {
  id: "outdated-provisioning",
  title: "Permission set changed but not re-provisioned",
  severity: "medium",
  dataSource: "AWS Identity Center: ListPermissionSetsProvisionedToAccount (provisioning status) per account",
  datasets: { awsOrganization: ["permissionSets"] },
  clouds: ["awsOrganization"],
  fix: "Re-provision the permission set to the listed accounts (IAM Identity Center → Permission sets → Update in AWS accounts, or ProvisionPermissionSet), after checking the change is wanted.",
  run(a) {
    const org = a.accessPaths?.organization;
    if (!org) return [];
    const hits: RuleHit[] = [];
    for (const ps of org.model.permissionSets) {
      if (ps.kind !== "identityCenterPermissionSet") continue;
      const prov = ps.attributes.provisioning as Record<string, unknown> | undefined;
      const outdated = Object.entries(prov ?? {})
        .filter(([, v]) => v === "outdated")
        .map(([k]) => k)
        .sort();
      if (!outdated.length) continue;
      const names = outdated.map((id) => a.accessPaths!.paths.find((p) => p.targetId === id)?.targetName ?? id);
      hits.push(
        organizationHit(
          a,
          { kind: "permissionSet", providerId: ps.providerId, name: ps.name },
          `${ps.name} was changed but not provisioned again to ${outdated.length} account(s) (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}): their roles still grant what it granted before.`,
          { accounts: outdated },
        ),
      );
    }
    return hits;
  },
};
