/**
 * Raw documents → shared model objects, with the same normalization rules as the connectors: single strings become
 * one-element arrays, AWS documents may arrive URL-encoded (GAAD via the API, domain-brief §6.1) or as JSON strings,
 * Entra objects may arrive in the PascalCase that Microsoft Graph PowerShell prints.
 * Everything malformed becomes AppError BAD_INPUT with a message naming the field.
 */
import { AppError } from "../errors";
import { decodeDocument, parsePolicyDocument } from "../providers/aws/policy-document";
import {
  ZAccessControlSchema,
  ZNamedLocationSchema,
  ZPermissionSetSchema,
  type AccessControl,
  type ControlState,
  type NamedLocation,
  type PermissionSet,
  type Statement,
} from "../model";

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bad(message: string): never {
  throw new AppError("BAD_INPUT", message);
}

/** string | string[] → string[]; numbers/booleans only where the grammar allows them (condition values). */
function toStringArray(v: unknown, field: string, scalars = false): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [v];
  if (scalars && (typeof v === "number" || typeof v === "boolean")) return [String(v)];
  if (Array.isArray(v)) {
    return v.map((x, i) => {
      if (typeof x === "string") return x;
      if (scalars && (typeof x === "number" || typeof x === "boolean")) return String(x);
      return bad(`${field}[${i}] must be a string, got ${JSON.stringify(x)?.slice(0, 60)}`);
    });
  }
  return bad(`${field} must be a string or an array of strings`);
}

/** A policy document given as an object, JSON text or URL-encoded JSON text (the one AWS parser's rules). */
export function decodePolicyDocument(doc: unknown, where = "policy document"): Obj {
  return decodeDocument(doc, where);
}

/** Parses one AWS policy document (identity policy, SCP, trust policy) into normalized statements. */
export function parseAwsPolicyDocument(raw: unknown, where = "policy document"): Statement[] {
  return parsePolicyDocument(raw, where).statements;
}

/** An AWS policy as a PermissionSet (kind from where it came). */
export function awsPolicyPermissionSet(
  kind: "awsManagedPolicy" | "customerManagedPolicy" | "inlinePolicy",
  providerId: string,
  name: string,
  document: unknown,
  extra: { description?: string | null; ownerProviderId?: string | null } = {},
): PermissionSet {
  const parsed = parsePolicyDocument(document, `policy "${name}"`);
  return ZPermissionSetSchema.parse({
    kind,
    providerId,
    name,
    description: extra.description ?? null,
    builtIn: kind === "awsManagedPolicy",
    ownerProviderId: extra.ownerProviderId ?? null,
    statements: parsed.statements,
    document: parsed.document,
  });
}

/** Lower-cases the first letter of every key, recursively (Graph PowerShell prints PascalCase). */
export function camelKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k.startsWith("@") ? k : k.charAt(0).toLowerCase() + k.slice(1), camelKeys(x)]),
  );
}

/**
 * An Azure role definition in any of its shapes: az CLI (`roleName`, `permissions[]`), ARM (`properties.{...}`),
 * or the custom-role JSON (`Name`, `Actions`, …) that our own translator emits.
 */
export function parseAzureRoleDefinition(raw: Obj): PermissionSet {
  const props = isObject(raw.properties) ? raw.properties : raw;
  let name: unknown;
  let perms: {
    actions: string[];
    notActions: string[];
    dataActions: string[];
    notDataActions: string[];
    condition: string | null;
  }[];
  if (Array.isArray(props.permissions)) {
    name = props.roleName;
    perms = props.permissions.map((p, i) => {
      if (!isObject(p)) bad(`permissions[${i}] must be an object`);
      return {
        actions: toStringArray(p.actions, `permissions[${i}].actions`),
        notActions: toStringArray(p.notActions, `permissions[${i}].notActions`),
        dataActions: toStringArray(p.dataActions, `permissions[${i}].dataActions`),
        notDataActions: toStringArray(p.notDataActions, `permissions[${i}].notDataActions`),
        condition: typeof p.condition === "string" ? p.condition : null,
      };
    });
  } else if (Array.isArray(props.Actions) || Array.isArray(props.actions)) {
    name = props.Name ?? props.name ?? props.roleName;
    perms = [
      {
        actions: toStringArray(props.Actions ?? props.actions, "Actions"),
        notActions: toStringArray(props.NotActions ?? props.notActions, "NotActions"),
        dataActions: toStringArray(props.DataActions ?? props.dataActions, "DataActions"),
        notDataActions: toStringArray(props.NotDataActions ?? props.notDataActions, "NotDataActions"),
        condition: null,
      },
    ];
  } else return bad('Azure role definition has no "permissions" or "Actions"');
  if (typeof name !== "string" || name === "") bad("Azure role definition has no roleName / Name");
  const roleType = props.roleType ?? props.type;
  const builtIn = roleType === "BuiltInRole" || props.IsCustom === false;
  const id =
    typeof raw.name === "string" && props !== raw
      ? raw.name
      : typeof props.name === "string" && props.roleName
        ? props.name
        : typeof raw.id === "string"
          ? raw.id
          : typeof props.Id === "string"
            ? props.Id
            : name;
  return ZPermissionSetSchema.parse({
    kind: "azureRbacRole",
    providerId: String(id).split("/").pop() || name,
    name,
    description:
      typeof (props.description ?? props.Description) === "string" ? (props.description ?? props.Description) : null,
    builtIn,
    statements: perms.map((p) => ({
      effect: "Allow",
      actions: p.actions,
      notActions: p.notActions,
      dataActions: p.dataActions,
      notDataActions: p.notDataActions,
      resources: toStringArray(props.assignableScopes ?? props.AssignableScopes, "assignableScopes"),
      notResources: [],
      ...(p.condition ? { conditionText: p.condition } : {}),
    })),
    document: raw,
  });
}

/** A Graph unifiedRoleDefinition (directory role definition). */
export function parseEntraRoleDefinition(rawIn: Obj): PermissionSet {
  const raw = camelKeys(rawIn) as Obj;
  if (!Array.isArray(raw.rolePermissions)) bad('Entra role definition has no "rolePermissions" array');
  const name = raw.displayName;
  if (typeof name !== "string" || name === "") bad("Entra role definition has no displayName");
  return ZPermissionSetSchema.parse({
    kind: "entraDirectoryRole",
    providerId: typeof raw.templateId === "string" ? raw.templateId : typeof raw.id === "string" ? raw.id : name,
    name,
    description: typeof raw.description === "string" ? raw.description : null,
    builtIn: raw.isBuiltIn === true,
    statements: raw.rolePermissions.map((p, i) => {
      if (!isObject(p)) bad(`rolePermissions[${i}] must be an object`);
      return {
        effect: "Allow",
        actions: toStringArray(p.allowedResourceActions, `rolePermissions[${i}].allowedResourceActions`),
        notActions: toStringArray(p.excludedResourceActions, `rolePermissions[${i}].excludedResourceActions`),
        resources: ["/"],
        notResources: [],
        ...(typeof p.condition === "string" ? { conditionText: p.condition } : {}),
      };
    }),
    document: rawIn,
  });
}

const STATES: Record<string, ControlState> = {
  enabled: "on",
  disabled: "off",
  enabledForReportingButNotEnforced: "reportOnly",
};

function optArray(v: unknown, field: string): string[] | null {
  if (v === undefined || v === null) return null;
  const a = toStringArray(v, field);
  return a;
}

/** The guests/external-users object of CA users, kept as the list of its guest types (null = not set). */
function guests(v: unknown): string[] | null {
  if (!isObject(v)) return null;
  const t = v.guestOrExternalUserTypes;
  return typeof t === "string"
    ? t
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
}

/** A Graph conditionalAccessPolicy (v1.0 or beta, camel or PascalCase) → AccessControl. */
export function parseConditionalAccessPolicy(rawIn: Obj, fallbackName = "conditional-access policy"): AccessControl {
  const raw = camelKeys(rawIn) as Obj;
  const c = raw.conditions;
  if (!isObject(c)) bad('conditional-access policy has no "conditions" object');
  const users = isObject(c.users) ? c.users : bad('conditional-access policy has no "conditions.users"');
  const apps = isObject(c.applications) ? c.applications : {};
  const loc = isObject(c.locations) ? c.locations : null;
  const plat = isObject(c.platforms) ? c.platforms : null;
  const devices = isObject(c.devices) ? c.devices : null;
  const grant = isObject(raw.grantControls) ? raw.grantControls : null;
  const session = isObject(raw.sessionControls) ? raw.sessionControls : null;
  const builtIn = grant ? toStringArray(grant.builtInControls, "grantControls.builtInControls") : [];
  const strength = grant && isObject(grant.authenticationStrength) ? grant.authenticationStrength : null;
  const sif = session && isObject(session.signInFrequency) ? session.signInFrequency : null;
  const known = new Set([
    "id",
    "displayName",
    "state",
    "conditions",
    "grantControls",
    "sessionControls",
    "createdDateTime",
    "modifiedDateTime",
    "templateId",
    "description",
    "@odata.type",
    "@odata.context",
  ]);
  const unmapped = Object.fromEntries(Object.entries(raw).filter(([k]) => !known.has(k)));
  const stateRaw = typeof raw.state === "string" ? raw.state : "enabled";
  const state =
    STATES[stateRaw] ??
    bad(`conditional-access policy state "${stateRaw}" is not one of ${Object.keys(STATES).join(", ")}`);
  const name = typeof raw.displayName === "string" && raw.displayName ? raw.displayName : fallbackName;
  return ZAccessControlSchema.parse({
    kind: "conditionalAccess",
    providerId: typeof raw.id === "string" && raw.id ? raw.id : name,
    name,
    state,
    who: {
      includeUsers: toStringArray(users.includeUsers, "users.includeUsers"),
      excludeUsers: toStringArray(users.excludeUsers, "users.excludeUsers"),
      includeGroups: toStringArray(users.includeGroups, "users.includeGroups"),
      excludeGroups: toStringArray(users.excludeGroups, "users.excludeGroups"),
      includeRoles: toStringArray(users.includeRoles, "users.includeRoles"),
      excludeRoles: toStringArray(users.excludeRoles, "users.excludeRoles"),
      includeGuestsOrExternalUsers: guests(users.includeGuestsOrExternalUsers),
      excludeGuestsOrExternalUsers: guests(users.excludeGuestsOrExternalUsers),
      includeServicePrincipals: isObject(c.clientApplications)
        ? toStringArray(c.clientApplications.includeServicePrincipals, "clientApplications.includeServicePrincipals")
        : [],
      excludeServicePrincipals: isObject(c.clientApplications)
        ? toStringArray(c.clientApplications.excludeServicePrincipals, "clientApplications.excludeServicePrincipals")
        : [],
    },
    targets: {
      includeApplications: toStringArray(apps.includeApplications, "applications.includeApplications"),
      excludeApplications: toStringArray(apps.excludeApplications, "applications.excludeApplications"),
      includeUserActions: toStringArray(apps.includeUserActions, "applications.includeUserActions"),
      includeAuthenticationContexts: toStringArray(
        apps.includeAuthenticationContextClassReferences,
        "applications.includeAuthenticationContextClassReferences",
      ),
      applicationFilter: isObject(apps.applicationFilter)
        ? { mode: String(apps.applicationFilter.mode), rule: String(apps.applicationFilter.rule) }
        : null,
    },
    conditions: {
      includeLocations: loc ? optArray(loc.includeLocations, "locations.includeLocations") : null,
      excludeLocations: loc ? optArray(loc.excludeLocations, "locations.excludeLocations") : null,
      includePlatforms: plat ? optArray(plat.includePlatforms, "platforms.includePlatforms") : null,
      excludePlatforms: plat ? optArray(plat.excludePlatforms, "platforms.excludePlatforms") : null,
      clientAppTypes: optArray(c.clientAppTypes, "clientAppTypes"),
      signInRiskLevels: optArray(c.signInRiskLevels, "signInRiskLevels"),
      userRiskLevels: optArray(c.userRiskLevels, "userRiskLevels"),
      servicePrincipalRiskLevels: optArray(c.servicePrincipalRiskLevels, "servicePrincipalRiskLevels"),
      insiderRiskLevels: typeof c.insiderRiskLevels === "string" ? c.insiderRiskLevels : null,
      deviceFilter:
        devices && isObject(devices.deviceFilter)
          ? { mode: String(devices.deviceFilter.mode), rule: String(devices.deviceFilter.rule) }
          : null,
      authenticationFlows:
        isObject(c.authenticationFlows) && typeof c.authenticationFlows.transferMethods === "string"
          ? c.authenticationFlows.transferMethods
          : null,
    },
    controls: {
      operator: grant && grant.operator === "AND" ? "AND" : "OR",
      block: builtIn.includes("block"),
      grant: builtIn.filter((g) => g !== "block"),
      authenticationStrength: strength
        ? {
            id: typeof strength.id === "string" ? strength.id : null,
            displayName: typeof strength.displayName === "string" ? strength.displayName : null,
            allowedCombinations: toStringArray(
              strength.allowedCombinations,
              "authenticationStrength.allowedCombinations",
            ),
          }
        : null,
      termsOfUse: grant ? toStringArray(grant.termsOfUse, "grantControls.termsOfUse") : [],
      customFactors: grant
        ? toStringArray(grant.customAuthenticationFactors, "grantControls.customAuthenticationFactors")
        : [],
      session: session
        ? {
            signInFrequency:
              sif && sif.isEnabled !== false
                ? {
                    value: typeof sif.value === "number" ? sif.value : null,
                    type: typeof sif.type === "string" ? sif.type : null,
                    interval: typeof sif.frequencyInterval === "string" ? sif.frequencyInterval : null,
                  }
                : null,
            persistentBrowser:
              isObject(session.persistentBrowser) && session.persistentBrowser.isEnabled
                ? String(session.persistentBrowser.mode)
                : null,
            cloudAppSecurity:
              isObject(session.cloudAppSecurity) && session.cloudAppSecurity.isEnabled
                ? String(session.cloudAppSecurity.cloudAppSecurityType)
                : null,
            applicationEnforcedRestrictions:
              isObject(session.applicationEnforcedRestrictions) &&
              session.applicationEnforcedRestrictions.isEnabled === true,
            disableResilienceDefaults:
              typeof session.disableResilienceDefaults === "boolean" ? session.disableResilienceDefaults : null,
            secureSignInSession: isObject(session.secureSignInSession)
              ? session.secureSignInSession.isEnabled === true
              : null,
          }
        : null,
    },
    unmapped: {
      ...unmapped,
      ...(c.devices !== undefined && !devices?.deviceFilter ? { "conditions.devices": c.devices } : {}),
      ...(isObject(c.deviceStates) ? { "conditions.deviceStates": c.deviceStates } : {}),
      ...(session && isObject(session.continuousAccessEvaluation)
        ? { "sessionControls.continuousAccessEvaluation": session.continuousAccessEvaluation }
        : {}),
    },
    raw: rawIn,
  });
}

/** A Graph ipNamedLocation / countryNamedLocation → NamedLocation. */
export function parseNamedLocation(rawIn: Obj): NamedLocation {
  const raw = camelKeys(rawIn) as Obj;
  const type = String(raw["@odata.type"] ?? "");
  const isIp = type.endsWith("ipNamedLocation") || Array.isArray(raw.ipRanges);
  const isCountry = type.endsWith("countryNamedLocation") || Array.isArray(raw.countriesAndRegions);
  if (!isIp && !isCountry) bad("named location is neither an ipNamedLocation nor a countryNamedLocation");
  const name = typeof raw.displayName === "string" ? raw.displayName : "named location";
  return ZNamedLocationSchema.parse({
    providerId: typeof raw.id === "string" && raw.id ? raw.id : name,
    name,
    kind: isIp ? "ip" : "country",
    trusted: raw.isTrusted === true,
    ipRanges: isIp
      ? (raw.ipRanges as unknown[]).map((r, i) =>
          isObject(r) && typeof r.cidrAddress === "string" ? r.cidrAddress : bad(`ipRanges[${i}] has no cidrAddress`),
        )
      : [],
    countries: isCountry ? toStringArray(raw.countriesAndRegions, "countriesAndRegions") : [],
    includeUnknown: raw.includeUnknownCountriesAndRegions === true,
    raw: rawIn,
  });
}
