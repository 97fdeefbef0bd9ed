/**
 * The Microsoft Graph v1.0 objects the Entra connector reads, as loose shapes: only the fields we use are named, and
 * every field is optional because `$select`, Graph beta exports and PowerShell output all omit different ones.
 * Field names: microsoftgraph/msgraph-metadata schemas/v1.0-Prod.csdl.
 */
export type GraphObject = Record<string, unknown> & { id?: string; "@odata.type"?: string };

export interface GraphSignInActivity {
  lastSignInDateTime?: string | null;
  lastNonInteractiveSignInDateTime?: string | null;
  lastSuccessfulSignInDateTime?: string | null;
}

export interface GraphUser extends GraphObject {
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  createdDateTime?: string | null;
  signInActivity?: GraphSignInActivity | null;
}

export interface GraphGroup extends GraphObject {
  displayName?: string | null;
  mail?: string | null;
  groupTypes?: string[] | null;
  securityEnabled?: boolean | null;
  mailEnabled?: boolean | null;
  membershipRule?: string | null;
  isAssignableToRole?: boolean | null;
  onPremisesSyncEnabled?: boolean | null;
  createdDateTime?: string | null;
}

export interface GraphRolePermission {
  allowedResourceActions?: string[] | null;
  excludedResourceActions?: string[] | null;
  condition?: string | null;
}

export interface GraphRoleDefinition extends GraphObject {
  displayName?: string | null;
  description?: string | null;
  isBuiltIn?: boolean | null;
  isEnabled?: boolean | null;
  templateId?: string | null;
  version?: string | null;
  resourceScopes?: string[] | null;
  rolePermissions?: GraphRolePermission[] | null;
  inheritsPermissionsFrom?: { id?: string }[] | null;
}

/** unifiedRoleAssignment and unifiedRoleEligibilitySchedule share these. */
export interface GraphRoleAssignment extends GraphObject {
  principalId?: string | null;
  roleDefinitionId?: string | null;
  directoryScopeId?: string | null;
  appScopeId?: string | null;
  condition?: string | null;
  memberType?: string | null;
  status?: string | null;
  scheduleInfo?: unknown;
  createdDateTime?: string | null;
}

export interface GraphKeyCredential {
  keyId?: string | null;
  type?: string | null;
  displayName?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
}

export interface GraphServicePrincipal extends GraphObject {
  appId?: string | null;
  displayName?: string | null;
  servicePrincipalType?: string | null;
  accountEnabled?: boolean | null;
  appOwnerOrganizationId?: string | null;
  createdDateTime?: string | null;
  tags?: string[] | null;
  keyCredentials?: GraphKeyCredential[] | null;
  passwordCredentials?: GraphKeyCredential[] | null;
  appRoles?: GraphAppRole[] | null;
  appRoleAssignmentRequired?: boolean | null;
  servicePrincipalNames?: string[] | null;
  applicationTemplateId?: string | null;
  preferredSingleSignOnMode?: string | null;
}

export interface GraphAppRole {
  id?: string | null;
  value?: string | null;
  displayName?: string | null;
  isEnabled?: boolean | null;
  allowedMemberTypes?: string[] | null;
}

/** GET /servicePrincipals/{id}/synchronization/jobs (synchronizationJob; status is synchronizationStatus). */
export interface GraphSynchronizationJob extends GraphObject {
  templateId?: string | null;
  schedule?: { expiration?: string | null; interval?: string | null; state?: string | null } | null;
  status?: Record<string, unknown> | null;
  synchronizationJobSettings?: { name?: string; value?: string }[] | null;
}

export interface GraphAppRoleAssignment extends GraphObject {
  appRoleId?: string | null;
  principalId?: string | null;
  principalType?: string | null;
  principalDisplayName?: string | null;
  resourceId?: string | null;
  resourceDisplayName?: string | null;
  createdDateTime?: string | null;
}

export interface GraphOAuth2PermissionGrant extends GraphObject {
  clientId?: string | null;
  consentType?: string | null;
  principalId?: string | null;
  resourceId?: string | null;
  scope?: string | null;
}

export interface GraphRegistrationDetails extends GraphObject {
  userPrincipalName?: string | null;
  isAdmin?: boolean | null;
  isMfaRegistered?: boolean | null;
  isMfaCapable?: boolean | null;
  methodsRegistered?: string[] | null;
  lastUpdatedDateTime?: string | null;
}

export interface GraphNamedLocation extends GraphObject {
  displayName?: string | null;
  isTrusted?: boolean | null;
  ipRanges?: { cidrAddress?: string }[] | null;
  countriesAndRegions?: string[] | null;
  includeUnknownCountriesAndRegions?: boolean | null;
}

/** A `{"value": [...]}` page of a Graph collection. */
export interface GraphPage<T = GraphObject> {
  "@odata.context"?: string;
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
  value: T[];
}

/** The short name of an `@odata.type` ("#microsoft.graph.user" → "user"). */
export function odataTypeName(o: unknown): string | null {
  if (!o || typeof o !== "object") return null;
  const t = (o as Record<string, unknown>)["@odata.type"];
  if (typeof t !== "string") return null;
  return t.replace(/^#?microsoft\.graph\./i, "");
}
