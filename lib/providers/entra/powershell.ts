import camelCase from "camelcase";

/**
 * Microsoft Graph PowerShell prints objects with PascalCase properties (`Get-MgUser | ConvertTo-Json`: Id,
 * DisplayName, UserPrincipalName, AccountEnabled…; CA policies: Conditions.Users.IncludeUsers, GrantControls…) and
 * keeps properties of derived types in `AdditionalProperties` (camelCase, with `@odata.type`). Windows PowerShell 5.1
 * writes dates as `/Date(1612345678000)/`. This turns such output into Graph's own JSON.
 */

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Does this object look like PowerShell output (its own keys PascalCase)? */
export function isPascalCase(o: unknown): boolean {
  if (!isObj(o)) return false;
  const keys = Object.keys(o).filter((k) => !k.startsWith("@"));
  if (!keys.length) return false;
  const upper = keys.filter((k) => /^[A-Z]/.test(k)).length;
  return upper / keys.length > 0.5 && ("Id" in o || "DisplayName" in o || "AdditionalProperties" in o);
}

/**
 * One PowerShell property name → its Graph name: "DisplayName" → "displayName", "IPRanges" → "ipRanges",
 * "Oauth2PermissionScopes" → "oauth2PermissionScopes". Only PascalCase identifiers are converted; anything else
 * (`@odata.type`, `members@delta`, directory extensions `extension_<appId>_name`, camelCase keys) stays as it is.
 * camelcase (npm) lowercases a leading acronym as Graph names do.
 */
export function camelKey(k: string): string {
  return /^[A-Z][A-Za-z0-9]*$/.test(k) ? camelCase(k) : k;
}

/** Any value with PowerShell property names (objects, arrays of them) → Graph's JSON; other values as they are. */
export function graphKeys(v: unknown): unknown {
  return value(v);
}

function value(v: unknown): unknown {
  if (typeof v === "string") {
    const d = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(v);
    return d ? new Date(Number(d[1])).toISOString() : v;
  }
  if (Array.isArray(v)) return v.map(value);
  if (isObj(v)) return fromPowerShell(v);
  return v;
}

export function fromPowerShell(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === "AdditionalProperties" && isObj(v)) continue;
    out[camelKey(k)] = value(v);
  }
  const extra = o.AdditionalProperties;
  if (isObj(extra)) {
    for (const [k, v] of Object.entries(extra))
      if (!(camelKey(k) in out) || out[camelKey(k)] === null) out[camelKey(k)] = value(v);
  }
  return out;
}
