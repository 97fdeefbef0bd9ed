import { odataTypeName, type GraphObject } from "./graph-types";

/** The kinds of Graph data the Entra connector understands. */
export type EntraDataset =
  | "users"
  | "groups"
  | "members"
  | "transitiveMembers"
  | "roleDefinitions"
  | "roleAssignments"
  | "roleEligibilitySchedules"
  | "servicePrincipals"
  | "appRoleAssignments"
  | "oauth2PermissionGrants"
  | "registrationDetails"
  | "namedLocations"
  | "conditionalAccessPolicies";

const BY_TYPE: Record<string, EntraDataset> = {
  user: "users",
  group: "groups",
  unifiedRoleDefinition: "roleDefinitions",
  unifiedRoleAssignment: "roleAssignments",
  unifiedRoleEligibilitySchedule: "roleEligibilitySchedules",
  unifiedRoleEligibilityScheduleInstance: "roleEligibilitySchedules",
  servicePrincipal: "servicePrincipals",
  appRoleAssignment: "appRoleAssignments",
  oAuth2PermissionGrant: "oauth2PermissionGrants",
  userRegistrationDetails: "registrationDetails",
  ipNamedLocation: "namedLocations",
  countryNamedLocation: "namedLocations",
  conditionalAccessPolicy: "conditionalAccessPolicies",
};

/**
 * What a response's `@odata.context` (or `@odata.nextLink`) says it holds, e.g.
 * `…/$metadata#users(id,displayName)`, `…/$metadata#groups('id')/members`, `…/groups/{id}/transitiveMembers?$skiptoken=`.
 */
export function datasetFromUrl(url: string | undefined): { dataset: EntraDataset; groupId?: string } | null {
  if (!url) return null;
  const u = decodeURIComponent(url.replace(/^.*?\$metadata#/, "").replace(/^https?:\/\/[^/]+\/(v1\.0|beta)\//, ""));
  const member = /groups(?:\('([^']+)'\)|\/([0-9a-fA-F-]{36}))\/(members|transitiveMembers)\b/.exec(u);
  if (member) {
    return { dataset: member[3] === "members" ? "members" : "transitiveMembers", groupId: member[1] ?? member[2] };
  }
  const rules: [RegExp, EntraDataset][] = [
    [/conditionalAccess\/policies/, "conditionalAccessPolicies"],
    [/conditionalAccess\/namedLocations/, "namedLocations"],
    [/userRegistrationDetails/, "registrationDetails"],
    [/roleManagement\/directory\/roleDefinitions/, "roleDefinitions"],
    [/roleManagement\/directory\/roleAssignments\b/, "roleAssignments"],
    [/roleManagement\/directory\/roleEligibilitySchedule(s|Instances)/, "roleEligibilitySchedules"],
    [/appRoleAssign(ments|edTo)/, "appRoleAssignments"],
    [/oauth2PermissionGrants/, "oauth2PermissionGrants"],
    [/^servicePrincipals\b/, "servicePrincipals"],
    [/^users\b/, "users"],
    [/^groups\b/, "groups"],
  ];
  for (const [re, dataset] of rules) if (re.test(u)) return { dataset };
  return null;
}

/** What one object is, from its `@odata.type` or, failing that, its shape. null = not recognised. */
export function datasetOfItem(o: GraphObject): EntraDataset | null {
  const t = odataTypeName(o);
  if (t && BY_TYPE[t]) return BY_TYPE[t];
  const has = (...keys: string[]) => keys.some((k) => k in o);
  if (has("conditions", "grantControls", "sessionControls") && has("state", "displayName"))
    return "conditionalAccessPolicies";
  if (has("rolePermissions")) return "roleDefinitions";
  if (has("roleDefinitionId") && has("principalId")) {
    return has("scheduleInfo", "memberType", "createdUsing") ? "roleEligibilitySchedules" : "roleAssignments";
  }
  if (has("isMfaRegistered", "methodsRegistered")) return "registrationDetails";
  if (has("ipRanges", "countriesAndRegions")) return "namedLocations";
  if (has("appRoleId") && has("resourceId")) return "appRoleAssignments";
  if (has("consentType") && has("clientId")) return "oauth2PermissionGrants";
  if (has("servicePrincipalType", "servicePrincipalNames", "appOwnerOrganizationId")) return "servicePrincipals";
  if (has("userPrincipalName", "userType")) return "users";
  if (has("groupTypes", "securityEnabled", "mailEnabled", "isAssignableToRole", "membershipRule")) return "groups";
  return null;
}

/**
 * The documented folder convention for member lists, whose `@odata.context` is just `#directoryObjects`:
 * `…/groups/<groupId>/members.json` and `…/groups/<groupId>/transitiveMembers.json` (any `.json` name starting with
 * `members` / `transitiveMembers`, e.g. `members-page2.json`).
 */
export function datasetFromPath(relPath: string): { dataset: EntraDataset; groupId: string } | null {
  const parts = relPath.split(/[\\/]/);
  const file = parts.at(-1) ?? "";
  const groupId = parts.at(-2);
  if (parts.at(-3)?.toLowerCase() !== "groups" || !groupId) return null;
  if (/^transitiveMembers/i.test(file)) return { dataset: "transitiveMembers", groupId };
  if (/^members/i.test(file)) return { dataset: "members", groupId };
  return null;
}
