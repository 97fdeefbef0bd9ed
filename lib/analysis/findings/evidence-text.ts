import { matchMethodLabel } from "../../model/match-method";

/**
 * A finding's evidence (the object a rule stored, lib/analysis/findings/rules) in words for a reader: one short
 * sentence per fact ("Tier: admin. Why: AdministratorAccess via group Admins (statement #1 allows …). MFA
 * registered: no."). Generic over the rules' evidence so a new rule reads well without a formatter of its own: keys
 * are named in words (a dictionary for the terms a reader would not guess, camelCase split otherwise), internal
 * values (match methods, kinds, states) in words, dates as days, provider ids of things already named left out.
 * The structured evidence stays available to tools (the reports' "Evidence data" column, SARIF properties).
 */

const KEY_WORDS: Record<string, string> = {
  tier: "Tier",
  tierReasons: "Why",
  reasons: "Why",
  roles: "Roles",
  eligibleRoles: "Eligible roles",
  mfaRegistered: "MFA registered",
  mfaActive: "MFA active",
  mfaDevices: "MFA devices",
  enforcement: "MFA enforcement",
  partialBy: "Partly enforced by",
  requiresMfa: "Requires MFA",
  scopeName: "Scope",
  scopeKind: "Scope kind",
  idleDays: "Idle for (days)",
  thresholdDays: "Threshold (days)",
  ageDays: "Age (days)",
  lastActivityAt: "Last activity",
  lastUsedAt: "Last used",
  passwordLastUsedAt: "Password last used",
  createdAt: "Created",
  never: "Never used",
  holders: "Held by",
  holder: "Held by",
  consolePassword: "Console password",
  externalIdRequired: "External ID required",
  likelyService: "Looks like a service account",
  usersNotCovered: "Users not covered",
  adminsNotCovered: "Admins not covered",
  reportOnlyPolicies: "Report-only policies",
  notEnforced: "MFA not enforced for",
  groupMembers: "Group members",
  tenantMembers: "Tenant members",
  viaGroup: "Through group",
  via: "Through",
  pimAssignmentType: "PIM assignment",
  principalType: "Principal type",
  roleAssignmentId: "Role assignment",
  narrowedBy: "Narrowed by",
  excludedFrom: "Excluded from",
  min: "Recommended at least",
  max: "Recommended at most",
  keyId: "Access key",
  keys: "Access keys",
  statements: "Statements",
  candidates: "Candidates",
  match: "Matched",
};

/** Keys whose value is a code word from a closed list: said in words. */
const CODE_VALUES = new Set(["kind", "scopeKind", "principalType", "holder", "enforcement", "state", "type", "via"]);

/** Ids a reader does not need beside the name they belong to (the JSON evidence keeps them). */
const SKIP = /ProviderId$|^dataSource$|^scope$/;

/** At most this many list items are named; the rest is counted. */
const LIST_MAX = 8;

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

function words(camel: string): string {
  const w = camel
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[-_]+/g, " ")
    .toLowerCase()
    .replace(/\bmfa\b/g, "MFA")
    .replace(/\baws\b/g, "AWS")
    .replace(/\bid\b/g, "ID")
    .replace(/\bpim\b/g, "PIM")
    .trim();
  return w;
}

function keyLabel(key: string): string {
  const known = KEY_WORDS[key];
  if (known) return known;
  // Only the rules' own camelCase keys are put in words; policy keys (StringEquals, aws:PrincipalOrgID) stay as written.
  if (!/^[a-z][a-zA-Z0-9]*$/.test(key)) return key;
  const w = words(key);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function scalar(key: string, v: unknown): string {
  if (v === null || v === undefined) return key.endsWith("At") ? "never" : "none";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en-US") : String(v);
  const s = String(v);
  if (ISO_DATE.test(s)) return s.slice(0, 10);
  if (key === "method") return matchMethodLabel(s);
  if (CODE_VALUES.has(key) && /^[A-Za-z]+$/.test(s)) return words(s);
  return s;
}

/** A reason (tier reason, role held): "AdministratorAccess via group Admins (attached directly)". */
function reason(o: Record<string, unknown>): string | null {
  const name = o.permissionSet ?? o.policy ?? o.role;
  if (typeof name !== "string") return null;
  const via = typeof o.via === "string" && o.via ? ` via ${o.via}` : "";
  const detail = typeof o.detail === "string" && o.detail ? ` — ${o.detail.replace(/\.$/, "")}` : "";
  const kind = typeof o.kind === "string" ? ` (${words(o.kind)})` : "";
  return `${name}${via}${detail || kind}`;
}

function inline(key: string, v: unknown): string {
  if (Array.isArray(v)) {
    const items = v.map((x) => inline(key, x)).filter((x) => x !== "");
    // Items that hold commas or colons themselves (objects, policy names) are told apart by semicolons.
    const sep = items.some((x) => /[,:(]/.test(x)) || v.some((x) => x !== null && typeof x === "object") ? "; " : ", ";
    const shown = items.slice(0, LIST_MAX).join(sep);
    return items.length > LIST_MAX ? `${shown} and ${items.length - LIST_MAX} more` : shown;
  }
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const r = reason(o);
    if (r) return r;
    if (typeof o.method === "string") {
      const conf = typeof o.confidence === "number" ? ` (confidence ${Math.round(o.confidence * 100)}%)` : "";
      const on = typeof o.name === "string" ? `${o.name}: ` : "";
      return `${on}${matchMethodLabel(o.method)}${conf}`;
    }
    const name = o.name ?? o.source;
    const rest = Object.entries(o)
      .filter(([k, x]) => !SKIP.test(k) && k !== "name" && !empty(x))
      .map(([k, x]) => `${inner(k)} ${inline(k, x)}`);
    if (typeof name === "string") return rest.length ? `${name} (${rest.join(", ")})` : name;
    return rest.join(", ");
  }
  return scalar(key, v);
}

/** A key's label inside a sentence: "created", "MFA active"; policy keys (StringEquals) as written. */
function inner(key: string): string {
  const label = keyLabel(key);
  return label === key || /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

function empty(v: unknown): boolean {
  return (
    v === undefined ||
    (Array.isArray(v) && v.length === 0) ||
    (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0)
  );
}

/** The evidence in words; "" when it holds nothing to say. */
export function evidenceText(evidence: Record<string, unknown> | null | undefined): string {
  if (!evidence) return "";
  const e = evidence;
  return Object.entries(e)
    .filter(([k, v]) => !SKIP.test(k) && !empty(v) && !(k === "scopeKind" && "scopeName" in e))
    .map(([k, v]) => {
      const text = inline(k, v).replace(/\s+/g, " ").trim();
      const label = k === "scopeName" && typeof e.scopeKind === "string" ? words(e.scopeKind) : null;
      return `${label ? label.charAt(0).toUpperCase() + label.slice(1) : keyLabel(k)}: ${text || "none"}.`;
    })
    .join(" ")
    .replace(/\.\./g, ".");
}
