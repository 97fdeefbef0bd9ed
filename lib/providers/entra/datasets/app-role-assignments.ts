import { normalizeServicePrincipal } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

export const appRoleAssignments = declareEntraDataset({
  name: "appRoleAssignments",
  title: "app role assignments",
  permission: "Application.Read.All",
  live: {
    path: "/servicePrincipals/{id}/appRoleAssignments",
    select: "id,appRoleId,principalId,resourceId,resourceDisplayName,createdDateTime",
  },
  file: {
    // No @odata.type: both kinds are appRoleAssignment objects, told apart by principalType.
    odataTypes: [],
    url: /appRoleAssignments\b/,
    // Held by a service principal (an application permission); users' and groups' are appRoleAssignedTo.
    shape: (o) => hasAny(o, "appRoleId") && hasAny(o, "resourceId") && !/^(User|Group)$/.test(String(o.principalType)),
  },
  // Merged into the service principal they were granted to.
  normalize: normalizeServicePrincipal,
  counts: ["assignments"],
});
