import { permissionSet } from "../normalize";
import { declareAwsOrgDataset } from "./declare";

export const permissionSets = declareAwsOrgDataset({
  name: "permissionSets",
  title: "permission sets and their provisioning",
  live: {
    actions: [
      "sso:ListPermissionSets",
      "sso:DescribePermissionSet",
      "sso:ListManagedPoliciesInPermissionSet",
      "sso:ListCustomerManagedPolicyReferencesInPermissionSet",
      "sso:GetInlinePolicyForPermissionSet",
      "sso:GetPermissionsBoundaryForPermissionSet",
      "sso:ListAccountsForProvisionedPermissionSet",
    ],
  },
  file: {
    commands: [
      "aws sso-admin list-permission-sets",
      "aws sso-admin describe-permission-set",
      "aws sso-admin list-managed-policies-in-permission-set",
      "aws sso-admin list-customer-managed-policy-references-in-permission-set",
      "aws sso-admin get-inline-policy-for-permission-set",
      "aws sso-admin get-permissions-boundary-for-permission-set",
      "aws sso-admin list-accounts-for-provisioned-permission-set",
    ],
  },
  normalize: permissionSet,
  counts: ["permissionSets"],
});
