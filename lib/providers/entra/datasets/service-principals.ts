import { normalizeServicePrincipal } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

export const servicePrincipals = declareEntraDataset({
  name: "servicePrincipals",
  title: "service principals",
  permission: "Application.Read.All",
  live: {
    path: "/servicePrincipals",
    select:
      "id,appId,displayName,servicePrincipalType,accountEnabled,appOwnerOrganizationId,createdDateTime,tags,keyCredentials,passwordCredentials,appRoleAssignmentRequired,servicePrincipalNames,appRoles,applicationTemplateId,preferredSingleSignOnMode",
  },
  file: {
    odataTypes: ["servicePrincipal"],
    url: /^servicePrincipals\b(?!.*appRoleAssign)/,
    shape: (o) => hasAny(o, "servicePrincipalType", "servicePrincipalNames", "appOwnerOrganizationId"),
  },
  normalize: normalizeServicePrincipal,
  counts: ["servicePrincipals", "managedIdentities"],
});
