import { normalizeUser } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

export const users = declareEntraDataset({
  name: "users",
  title: "users",
  permission: "User.Read.All",
  live: {
    path: "/users",
    select: "id,displayName,userPrincipalName,mail,accountEnabled,userType,onPremisesSyncEnabled,createdDateTime",
  },
  file: {
    odataTypes: ["user"],
    url: /^users\b(?!.*appRoleAssign)/,
    // userRegistrationDetails rows carry userPrincipalName and userType too.
    shape: (o) => hasAny(o, "userPrincipalName", "userType") && !hasAny(o, "isMfaRegistered", "methodsRegistered"),
  },
  normalize: normalizeUser,
  counts: ["users"],
});
