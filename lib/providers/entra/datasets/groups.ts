import { normalizeGroup } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

export const groups = declareEntraDataset({
  name: "groups",
  title: "groups",
  permission: "GroupMember.Read.All",
  live: {
    path: "/groups",
    select:
      "id,displayName,mail,groupTypes,securityEnabled,mailEnabled,membershipRule,isAssignableToRole,onPremisesSyncEnabled,createdDateTime",
  },
  file: {
    odataTypes: ["group"],
    url: /^groups\b(?!.*(appRoleAssign|members|transitiveMembers))/,
    shape: (o) =>
      hasAny(o, "groupTypes", "securityEnabled", "mailEnabled", "isAssignableToRole", "membershipRule") &&
      !hasAny(o, "userPrincipalName"),
  },
  normalize: normalizeGroup,
  counts: ["groups"],
});
