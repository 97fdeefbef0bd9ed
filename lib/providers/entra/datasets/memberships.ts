import { normalizeMembers } from "../normalize";
import { declareEntraDataset } from "./declare";

/**
 * A member list names its group in the path: `groups('<id>')/members` (an `@odata.context`) or
 * `groups/<id>/transitiveMembers?$skiptoken=…` (an `@odata.nextLink`). The objects themselves are users, groups and
 * service principals, so a list is recognised by its URL or by the folder convention `groups/<groupId>/members.json`
 * (lib/providers/entra/detect.ts), never by shape.
 */
export const MEMBER_LIST_URL = /groups(?:\('([^']+)'\)|\/([0-9a-fA-F-]{36}))\/(members|transitiveMembers)\b/;

export const memberships = declareEntraDataset({
  name: "memberships",
  title: "group members",
  permission: "GroupMember.Read.All",
  live: { path: "/groups/{id}/members", select: "id" },
  file: { odataTypes: [], url: MEMBER_LIST_URL, shape: () => false },
  normalize: normalizeMembers,
  counts: ["memberships"],
});
