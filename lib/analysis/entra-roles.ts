import type { PermissionSet, Tier } from "../model";
import table from "./data/entra-directory-roles.json";

/** One row of the documented Entra directory-role table (data/entra-directory-roles.json). */
export interface EntraRoleInfo {
  templateId: string;
  displayName: string;
  tier: Exclude<Tier, "none">;
  /** Microsoft's own "privileged" label on the role. */
  privilegedLabel: boolean;
  why: string;
}

const BY_ID = new Map<string, EntraRoleInfo>(
  (table.roles as EntraRoleInfo[]).map((r) => [r.templateId.toLowerCase(), r]),
);
const BY_NAME = new Map<string, EntraRoleInfo>(
  (table.roles as EntraRoleInfo[]).map((r) => [r.displayName.toLowerCase(), r]),
);

export const ENTRA_ROLE_TABLE_SOURCE: string = table.source;
export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

/** All rows of the table (for documentation pages). */
export function entraRoleTable(): EntraRoleInfo[] {
  return table.roles as EntraRoleInfo[];
}

/** The template id of a role definition: `attributes.templateId` when the connector kept it, else the id itself. */
export function roleTemplateId(set: PermissionSet | undefined, fallbackId: string): string {
  const t = set?.attributes?.templateId;
  return (typeof t === "string" && t ? t : (set?.providerId ?? fallbackId)).toLowerCase();
}

export function lookupEntraRole(templateId: string, displayName?: string): EntraRoleInfo | undefined {
  return BY_ID.get(templateId.toLowerCase()) ?? (displayName ? BY_NAME.get(displayName.toLowerCase()) : undefined);
}

// Entra resource actions that change credentials, role assignments, policies or app permissions: whoever holds
// them can reach more than the role itself grants. See microsoft.directory actions in permissions-reference.md.
const PRIVILEGED_ACTION = [
  /^microsoft\.directory\/roleassignments\//i,
  /^microsoft\.directory\/roledefinitions\//i,
  /^microsoft\.directory\/.*\/credentials\/update/i,
  /^microsoft\.directory\/users\/password\/update/i,
  /^microsoft\.directory\/users\/authenticationmethods\//i,
  /^microsoft\.directory\/conditionalaccesspolicies\//i,
  /^microsoft\.directory\/serviceprincipals\/approleassignedto\/update/i,
  /^microsoft\.directory\/oauth2permissiongrants\/allproperties\//i,
  /^microsoft\.directory\/.*\/allproperties\/alltasks$/i,
  /^microsoft\.directory\/privilegedidentitymanagement\//i,
];

/** Classes a custom (or unknown) role from its permissions: privileged / write / read. */
export function classifyRoleActions(set: PermissionSet): { tier: Exclude<Tier, "none">; detail: string } {
  const actions = set.statements.filter((s) => s.effect === "Allow").flatMap((s) => s.actions);
  const priv = actions.filter((a) => PRIVILEGED_ACTION.some((re) => re.test(a)));
  if (priv.length)
    return { tier: "privileged", detail: `allows ${priv.slice(0, 3).join(", ")}${priv.length > 3 ? ", …" : ""}` };
  const writes = actions.filter((a) => !/\/read$|\/standard\/read$|\/basic\/read$|\/allproperties\/read$/i.test(a));
  if (writes.length)
    return { tier: "write", detail: `allows ${writes.slice(0, 3).join(", ")}${writes.length > 3 ? ", …" : ""}` };
  if (actions.length) return { tier: "read", detail: "only read actions" };
  return { tier: "write", detail: "role permissions not collected; classed as write until known" };
}
