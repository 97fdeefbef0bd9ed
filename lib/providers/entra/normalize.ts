import type {
  AssignmentKind,
  Credential,
  Membership,
  NamedLocation,
  PermissionSetInput,
  PrincipalInput,
  Statement,
} from "../../model";
import {
  odataTypeName,
  type GraphAppRoleAssignment,
  type GraphGroup,
  type GraphKeyCredential,
  type GraphNamedLocation,
  type GraphOAuth2PermissionGrant,
  type GraphObject,
  type GraphRegistrationDetails,
  type GraphRoleAssignment,
  type GraphRoleDefinition,
  type GraphServicePrincipal,
  type GraphSynchronizationJob,
  type GraphUser,
} from "./graph-types";
import { awsAppReason } from "./aws-apps";
import { graphDate } from "./graph-date";
import { normalizeAppRoles, normalizeProvisioningJobs } from "./normalize-apps";

// Pure functions: Graph v1.0 objects → the shared model. No network, no database.

export { graphDate };

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function latest(...dates: (string | null)[]): string | null {
  let best: string | null = null;
  for (const d of dates) if (d !== null && (best === null || d > best)) best = d;
  return best;
}

/** One user's row of the MFA registration report, as merged into the user. */
export interface MfaInfo {
  registered: boolean | null;
  methods: string[];
  isAdmin: boolean | null;
}

const tri = (b: boolean | null): number => (b === null ? 0 : b ? 2 : 1);
const untri = (n: number): boolean | null => (n === 0 ? null : n === 2);

/**
 * The MFA registration report by user id, held while users are read (a full sync reads the report first). Kept as
 * one small number per user (registered, isAdmin and an index into the few distinct method lists): this is the
 * only per-user state a full sync holds, ~200 bytes a user as objects, a third of that here.
 */
export class MfaByUser {
  private readonly codes = new Map<string, number>();
  private readonly methodLists: string[][] = [];
  private readonly methodIndex = new Map<string, number>();

  set(id: string, info: MfaInfo): void {
    const key = info.methods.join("\u0000");
    let k = this.methodIndex.get(key);
    if (k === undefined) {
      k = this.methodLists.push([...info.methods]) - 1;
      this.methodIndex.set(key, k);
    }
    this.codes.set(id, k * 9 + tri(info.registered) * 3 + tri(info.isAdmin));
  }

  get(id: string): MfaInfo | undefined {
    const c = this.codes.get(id);
    if (c === undefined) return undefined;
    return {
      registered: untri(Math.floor(c / 3) % 3),
      methods: [...this.methodLists[Math.floor(c / 9)]!],
      isAdmin: untri(c % 3),
    };
  }

  get size(): number {
    return this.codes.size;
  }
}

export function mfaInfo(r: GraphRegistrationDetails): MfaInfo {
  return { registered: bool(r.isMfaRegistered), methods: strings(r.methodsRegistered), isAdmin: bool(r.isAdmin) };
}

/**
 * A Graph user → Principal. `signInActivity` present on the object (even null) means it was collected: null then
 * means "never signed in" (all three dates null); absent means "not collected" (no lastSignIn, lastActivityAt null).
 * `mfa` undefined = the registration report was not collected (mfaRegistered null).
 */
export function normalizeUser(u: GraphUser, mfa?: MfaInfo | null): PrincipalInput {
  const id = u.id!;
  const upn = str(u.userPrincipalName);
  const userType = str(u.userType);
  const attributes: Record<string, unknown> = {
    onPremisesSyncEnabled: bool(u.onPremisesSyncEnabled),
  };
  if (userType) attributes.userType = userType;
  let lastActivityAt: string | null = null;
  if ("signInActivity" in u) {
    const s = u.signInActivity ?? {};
    const lastSignIn = {
      interactive: graphDate(s.lastSignInDateTime),
      nonInteractive: graphDate(s.lastNonInteractiveSignInDateTime),
      successful: graphDate(s.lastSuccessfulSignInDateTime),
    };
    attributes.lastSignIn = lastSignIn;
    lastActivityAt = latest(lastSignIn.interactive, lastSignIn.nonInteractive, lastSignIn.successful);
  }
  if (mfa) {
    attributes.mfaMethods = mfa.methods;
    if (mfa.isAdmin !== null) attributes.isAdminPerReport = mfa.isAdmin;
  }
  return {
    kind: "user",
    providerId: id,
    name: upn ?? str(u.displayName) ?? id,
    displayName: str(u.displayName) ?? upn ?? id,
    email: str(u.mail),
    upn,
    enabled: bool(u.accountEnabled),
    guest: userType === null ? null : userType.toLowerCase() === "guest",
    createdAt: graphDate(u.createdDateTime),
    lastActivityAt,
    mfaRegistered: mfa ? mfa.registered : null,
    attributes,
    raw: u,
  };
}

/** A Graph group → Principal. `Unified` = Microsoft 365 group, `DynamicMembership` = dynamic (membershipRule). */
export function normalizeGroup(g: GraphGroup): PrincipalInput {
  const id = g.id!;
  const groupTypes = strings(g.groupTypes);
  const attributes: Record<string, unknown> = {
    groupTypes,
    onPremisesSyncEnabled: bool(g.onPremisesSyncEnabled),
    dynamicRule: groupTypes.includes("DynamicMembership") ? str(g.membershipRule) : null,
  };
  if (typeof g.securityEnabled === "boolean") attributes.securityEnabled = g.securityEnabled;
  if (typeof g.mailEnabled === "boolean") attributes.mailEnabled = g.mailEnabled;
  // isAssignableToRole is null on groups created before the property existed: that is "no", not "unknown".
  if ("isAssignableToRole" in g) attributes.roleAssignable = g.isAssignableToRole === true;
  return {
    kind: "group",
    providerId: id,
    name: str(g.displayName) ?? id,
    displayName: str(g.displayName) ?? id,
    email: str(g.mail),
    createdAt: graphDate(g.createdDateTime),
    attributes,
    raw: g,
  };
}

/** Member types that are identities in the model; devices and organisational contacts are not. */
const PRINCIPAL_MEMBER_TYPES = new Set(["user", "group", "servicePrincipal"]);

/**
 * Entries of `/groups/{id}/members` (direct) or `/transitiveMembers` → memberships. Polymorphic by `@odata.type`;
 * an entry without it (a `$select`ed export) is taken as an identity. Non-identity members are counted, not stored.
 */
export function normalizeMembers(
  groupId: string,
  members: GraphObject[],
  direct: boolean,
): { memberships: Membership[]; skipped: Record<string, number> } {
  const memberships: Membership[] = [];
  const skipped: Record<string, number> = {};
  for (const m of members) {
    if (typeof m.id !== "string" || !m.id) continue;
    if ("@removed" in m) continue;
    const t = odataTypeName(m);
    if (t !== null && !PRINCIPAL_MEMBER_TYPES.has(t)) {
      skipped[t] = (skipped[t] ?? 0) + 1;
      continue;
    }
    memberships.push({ groupProviderId: groupId, memberProviderId: m.id, direct });
  }
  return { memberships, skipped };
}

/** A directory role definition → PermissionSet (kind entraDirectoryRole), one statement per rolePermission. */
export function normalizeRoleDefinition(r: GraphRoleDefinition): PermissionSetInput {
  const scopes = strings(r.resourceScopes);
  const statements: Statement[] = (r.rolePermissions ?? []).map((p) => {
    const s: Statement = {
      effect: "Allow",
      actions: strings(p.allowedResourceActions),
      notActions: strings(p.excludedResourceActions),
      resources: scopes.length ? scopes : ["/"],
      notResources: [],
    };
    const condition = str(p.condition);
    if (condition) s.conditionText = condition;
    return s;
  });
  return {
    kind: "entraDirectoryRole",
    providerId: r.id!,
    name: str(r.displayName) ?? r.id!,
    description: str(r.description),
    builtIn: r.isBuiltIn === true,
    statements,
    document: r,
    attributes: {
      templateId: str(r.templateId),
      isEnabled: bool(r.isEnabled),
      version: str(r.version),
      inheritsPermissionsFrom: (r.inheritsPermissionsFrom ?? []).map((x) => x.id).filter(Boolean),
    },
  };
}

/**
 * An active role assignment (kind direct) or a PIM eligibility schedule (kind eligible) → Assignment at its
 * directory scope ("/" = tenant, "/administrativeUnits/{id}", …). The principal may be a role-assignable group.
 */
export function normalizeRoleAssignment(a: GraphRoleAssignment, kind: Extract<AssignmentKind, "direct" | "eligible">) {
  const attributes: Record<string, unknown> = { id: str(a.id) };
  if (str(a.appScopeId)) attributes.appScopeId = a.appScopeId;
  if (str(a.condition)) attributes.condition = a.condition;
  if (kind === "eligible") {
    attributes.memberType = str(a.memberType);
    attributes.status = str(a.status);
    attributes.scheduleInfo = a.scheduleInfo ?? null;
  }
  const principal = a.principal as GraphObject | undefined;
  if (principal && typeof principal === "object") attributes.principalType = odataTypeName(principal);
  return {
    principalProviderId: a.principalId!,
    permissionSetProviderId: a.roleDefinitionId!,
    scope: str(a.directoryScopeId) ?? "/",
    kind,
    attributes,
  };
}

function credentials(list: GraphKeyCredential[] | null | undefined, type: Credential["type"]): Credential[] {
  return (list ?? []).map((k) => {
    const expiresAt = graphDate(k.endDateTime);
    return {
      id: str(k.keyId) ?? "",
      type,
      active: expiresAt === null || expiresAt > new Date().toISOString(),
      createdAt: graphDate(k.startDateTime),
      lastUsedAt: null,
      expiresAt,
    };
  });
}

/**
 * A service principal → Principal: `ManagedIdentity` → managedIdentity, anything else (Application, Legacy,
 * SocialIdp) → servicePrincipal. App role assignments (application permissions it holds) and delegated grants are
 * kept in attributes; undefined = not collected, [] = none.
 */
export function normalizeServicePrincipal(
  sp: GraphServicePrincipal,
  extra: {
    appRoleAssignments?: GraphAppRoleAssignment[];
    oauth2PermissionGrants?: GraphOAuth2PermissionGrant[];
    /** Its provisioning jobs (AWS apps); undefined = not read. */
    provisioningJobs?: GraphSynchronizationJob[];
  } = {},
): PrincipalInput {
  const id = sp.id!;
  const type = str(sp.servicePrincipalType);
  const attributes: Record<string, unknown> = {
    appOwnerOrganizationId: str(sp.appOwnerOrganizationId),
    credentials: [
      ...credentials(sp.keyCredentials, "certificate"),
      ...credentials(sp.passwordCredentials, "clientSecret"),
    ],
  };
  if (str(sp.appId)) attributes.appId = sp.appId;
  if (type) attributes.servicePrincipalType = type;
  if (typeof sp.appRoleAssignmentRequired === "boolean")
    attributes.appRoleAssignmentRequired = sp.appRoleAssignmentRequired;
  if (str(sp.applicationTemplateId)) attributes.applicationTemplateId = sp.applicationTemplateId;
  if (str(sp.preferredSingleSignOnMode)) attributes.preferredSingleSignOnMode = sp.preferredSingleSignOnMode;
  // The AWS apps' identifiers and roles lead to AWS (the SAML role values); other apps' are not kept.
  const aws = awsAppReason(sp);
  if (aws) {
    attributes.awsApp = aws;
    attributes.servicePrincipalNames = strings(sp.servicePrincipalNames);
    attributes.appRoles = normalizeAppRoles(sp.appRoles);
  }
  if (extra.provisioningJobs) attributes.provisioning = normalizeProvisioningJobs(extra.provisioningJobs);
  if (extra.appRoleAssignments) {
    attributes.appRoleAssignments = extra.appRoleAssignments.map((a) => ({
      appRoleId: str(a.appRoleId),
      resourceId: str(a.resourceId),
      resourceDisplayName: str(a.resourceDisplayName),
      createdAt: graphDate(a.createdDateTime),
    }));
  }
  if (extra.oauth2PermissionGrants) {
    attributes.oauth2PermissionGrants = extra.oauth2PermissionGrants.map((g) => ({
      resourceId: str(g.resourceId),
      consentType: str(g.consentType),
      principalId: str(g.principalId),
      scopes: (str(g.scope) ?? "").split(" ").filter(Boolean),
    }));
  }
  const tags = Object.fromEntries(strings(sp.tags).map((t) => [t, ""]));
  return {
    kind: type === "ManagedIdentity" ? "managedIdentity" : "servicePrincipal",
    providerId: id,
    name: str(sp.displayName) ?? str(sp.appId) ?? id,
    displayName: str(sp.displayName) ?? id,
    enabled: bool(sp.accountEnabled),
    createdAt: graphDate(sp.createdDateTime),
    attributes,
    tags,
    raw: sp,
  };
}

/** An ipNamedLocation or countryNamedLocation → NamedLocation. */
export function normalizeNamedLocation(l: GraphNamedLocation): NamedLocation {
  const t = odataTypeName(l);
  const isCountry = t === "countryNamedLocation" || (t === null && Array.isArray(l.countriesAndRegions));
  return {
    providerId: l.id!,
    name: str(l.displayName) ?? l.id!,
    kind: isCountry ? "country" : "ip",
    trusted: l.isTrusted === true,
    ipRanges: (l.ipRanges ?? []).map((r) => r.cidrAddress).filter((c): c is string => typeof c === "string"),
    countries: strings(l.countriesAndRegions),
    includeUnknown: l.includeUnknownCountriesAndRegions === true,
    raw: l,
  };
}
