import { normalizeServicePrincipal } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

export const oauth2PermissionGrants = declareEntraDataset({
  name: "oauth2PermissionGrants",
  title: "delegated permission grants",
  permission: "Directory.Read.All",
  live: { path: "/oauth2PermissionGrants", select: "id,clientId,consentType,principalId,resourceId,scope" },
  file: {
    odataTypes: ["oAuth2PermissionGrant"],
    url: /oauth2PermissionGrants/,
    shape: (o) => hasAny(o, "consentType") && hasAny(o, "clientId"),
  },
  // Merged into their client service principal.
  normalize: normalizeServicePrincipal,
  counts: [],
});
