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
    odataTypes: ["appRoleAssignment"],
    url: /appRoleAssign(ments|edTo)/,
    shape: (o) => hasAny(o, "appRoleId") && hasAny(o, "resourceId"),
  },
  // Merged into the service principal they were granted to.
  normalize: normalizeServicePrincipal,
  counts: ["assignments"],
});
