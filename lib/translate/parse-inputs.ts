/**
 * Raw documents → shared model objects, with the same normalization rules as the connectors: single strings become
 * one-element arrays, AWS documents may arrive URL-encoded (GAAD via the API) or as JSON strings,
 * Entra objects may arrive in the PascalCase that Microsoft Graph PowerShell prints.
 * Everything malformed becomes AppError BAD_INPUT with a message naming the field.
 */
import { AppError } from "../errors";
import { decodeDocument, parsePolicyDocument } from "../providers/aws/policy-document";
import { normalizeNamedLocation } from "../providers/entra/normalize";
import { CA_STATES, normalizeCaPolicy } from "../providers/entra/normalize-ca";
import { graphKeys } from "../providers/entra/powershell";
import {
  ZAccessControlSchema,
  ZNamedLocationSchema,
  ZPermissionSetSchema,
  type AccessControl,
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
  const raw = graphKeys(rawIn) as Obj;
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

/**
 * A Graph conditionalAccessPolicy (v1.0 or beta, camel or PascalCase) → AccessControl, by the provider's one CA
 * normaliser; what translation needs on top is a clear error for an object that is not a policy.
 */
export function parseConditionalAccessPolicy(rawIn: Obj, fallbackName = "conditional-access policy"): AccessControl {
  const raw = graphKeys(rawIn) as Obj;
  const c = raw.conditions;
  if (!isObject(c)) bad('conditional-access policy has no "conditions" object');
  if (!isObject(c.users)) bad('conditional-access policy has no "conditions.users"');
  // Read from Graph, an unknown state is kept raw (a new one Graph added); typed in as input, it is a mistake.
  if (typeof raw.state === "string" && !Object.hasOwn(CA_STATES, raw.state))
    bad(`conditional-access policy state "${raw.state}" is not one of ${Object.keys(CA_STATES).join(", ")}`);
  return ZAccessControlSchema.parse({ ...normalizeCaPolicy(raw, fallbackName), raw: rawIn });
}

/** A Graph ipNamedLocation / countryNamedLocation (camel or PascalCase) → NamedLocation, by the provider's normaliser. */
export function parseNamedLocation(rawIn: Obj): NamedLocation {
  const raw = graphKeys(rawIn) as Obj;
  const type = String(raw["@odata.type"] ?? "");
  const isIp = type.endsWith("ipNamedLocation") || Array.isArray(raw.ipRanges);
  const isCountry = type.endsWith("countryNamedLocation") || Array.isArray(raw.countriesAndRegions);
  if (!isIp && !isCountry) bad("named location is neither an ipNamedLocation nor a countryNamedLocation");
  if (isIp && Array.isArray(raw.ipRanges))
    raw.ipRanges.forEach((r, i) => {
      if (!isObject(r) || typeof r.cidrAddress !== "string") bad(`ipRanges[${i}] has no cidrAddress`);
    });
  const name = typeof raw.displayName === "string" ? raw.displayName : "named location";
  const id = typeof raw.id === "string" && raw.id ? raw.id : name;
  return ZNamedLocationSchema.parse({ ...normalizeNamedLocation({ ...raw, id, displayName: name }), raw: rawIn });
}
