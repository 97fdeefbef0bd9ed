import { normalizeAppRoleAssignedTo } from "../normalize-apps";
import { declareEntraDataset, hasAny } from "./declare";

/**
 * Who is assigned to the AWS enterprise apps (the IAM Identity Center gallery app, per-account AWS SAML apps): users
 * and groups with the app role they hold — for SAML apps its value is `role-arn,provider-arn`. Read for the AWS apps
 * only (lib/providers/entra/aws-apps.ts), where it decides who can sign in and who is in provisioning scope.
 * NOTE: https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto
 */
export const appRoleAssignedTo = declareEntraDataset({
  name: "appRoleAssignedTo",
  title: "AWS app assignments",
  permission: "Application.Read.All",
  live: {
    path: "/servicePrincipals/{id}/appRoleAssignedTo",
    select: "id,appRoleId,principalId,principalType,principalDisplayName,resourceId,createdDateTime",
  },
  file: {
    odataTypes: [],
    url: /appRoleAssignedTo\b/,
    // An assignment to a user or group (what an app's appRoleAssignedTo lists); one held by a service principal is
    // an application permission (appRoleAssignments).
    shape: (o) => hasAny(o, "appRoleId") && hasAny(o, "resourceId") && /^(User|Group)$/.test(String(o.principalType)),
  },
  normalize: normalizeAppRoleAssignedTo,
  counts: ["assignments"],
});
