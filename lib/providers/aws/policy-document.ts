import type { Statement } from "../../model";
import { AppError } from "../../errors";

/**
 * The one parser of AWS policy documents (identity policies, trust and resource policies, permissions boundaries,
 * SCPs/RCPs, session and endpoint policies): GAAD and live reads, file import, translation and `simulate` all use it,
 * so a document means the same thing everywhere. Grammar:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

/** A parsed IAM policy document (kept as written for drill-down). */
export type PolicyDocument = Record<string, unknown>;

/** A policy document, decoded and parsed. */
export interface ParsedPolicyDocument {
  /** The document as written (decoded from a string when it came as one). */
  document: PolicyDocument;
  /** "2012-10-17" or "2008-10-17"; absent when the document has none (AWS then reads it as 2008-10-17). */
  version?: string;
  statements: Statement[];
}

function bad(message: string): never {
  throw new AppError("BAD_INPUT", message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A document given as an object, as JSON text, or URL-encoded JSON text. NOTE: IAM returns policy documents
 * URL-encoded (RFC 3986) and the JS SDK v3 does not decode them — the caller must
 * (https://github.com/aws/aws-sdk-js-v3/issues/1945; botocore decodes as a special case, so the CLI prints objects).
 * Text whose first non-blank character is `{` is JSON as it is (a JSON document can hold `%` in a value, which must
 * not be decoded); anything else is percent-decoded first (decodeURIComponent, as botocore's unquote: `+` stays `+`).
 */
export function decodeDocument(raw: unknown, where: string): PolicyDocument {
  if (typeof raw !== "string") {
    if (!isObject(raw)) bad(`${where}: policy document is not a JSON object`);
    return raw;
  }
  let text = raw.trim();
  if (!text.startsWith("{")) {
    try {
      text = decodeURIComponent(text).trim();
    } catch {
      bad(`${where}: policy document is not valid URL-encoded text`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    bad(`${where}: policy document is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(parsed)) bad(`${where}: policy document is not a JSON object`);
  return parsed;
}

/**
 * An element that takes `"value"` or `["value", …]` (Action, Resource, principal values): a list of strings.
 * Condition values may also be numbers and booleans, which IAM compares in their string form.
 */
function stringList(v: unknown, field: string, scalars = false): string[] {
  const one = (x: unknown, at: string): string => {
    if (typeof x === "string") return x;
    if (scalars && (typeof x === "number" || typeof x === "boolean")) return String(x);
    return bad(`${at} must be a string${scalars ? ", number or boolean" : ""}, got ${JSON.stringify(x)?.slice(0, 60)}`);
  };
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((x, i) => one(x, `${field}[${i}]`));
  return [one(v, field)];
}

/**
 * Principal / NotPrincipal → { type: values[] }. NOTE: the grammar allows only `"*"` or a map
 * (`{"AWS": …, "Service": …, "Federated": …, "CanonicalUser": …}`); `"*"` is everyone, the same as `{"AWS": "*"}`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function principalMap(v: unknown, field: string): Record<string, string[]> {
  if (v === "*") return { AWS: ["*"] };
  if (!isObject(v)) bad(`${field} must be "*" or an object such as {"AWS": "arn:…"}`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringList(x, `${field}.${k}`)]));
}

/** Condition → { operator: { key: values[] } }, as written. */
function conditionMap(v: unknown, field: string): Record<string, Record<string, string[]>> {
  if (!isObject(v)) bad(`${field} must be an object`);
  const out: Record<string, Record<string, string[]>> = {};
  for (const [op, block] of Object.entries(v)) {
    if (!isObject(block)) bad(`${field}.${op} must be an object`);
    out[op] = Object.fromEntries(
      Object.entries(block).map(([k, x]) => [k, stringList(x, `${field}.${op}.${k}`, true)]),
    );
  }
  return out;
}

/** One pair of mutually exclusive elements (Action/NotAction, …): never both. */
function oneOf(s: Record<string, unknown>, a: string, b: string, where: string): void {
  if (s[a] !== undefined && s[b] !== undefined) bad(`${where} has both ${a} and ${b}`);
}

function parseStatement(s: unknown, where: string): Statement {
  if (!isObject(s)) bad(`${where} is not an object`);
  // NOTE: Effect is required and case-sensitive.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
  if (s.Effect !== "Allow" && s.Effect !== "Deny")
    bad(`${where}.Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);
  oneOf(s, "Action", "NotAction", where);
  oneOf(s, "Resource", "NotResource", where);
  oneOf(s, "Principal", "NotPrincipal", where);
  const actions = stringList(s.Action, `${where}.Action`);
  const notActions = stringList(s.NotAction, `${where}.NotAction`);
  if (s.Action === undefined && s.NotAction === undefined) bad(`${where} has neither Action nor NotAction`);
  const resources = stringList(s.Resource, `${where}.Resource`);
  const notResources = stringList(s.NotResource, `${where}.NotResource`);
  const out: Statement = {
    effect: s.Effect,
    actions,
    notActions,
    // NOTE: identity policies must name Resource or NotResource (reference_policies_elements_resource.html; IAM
    // checks that on write). A statement with neither is a trust or other resource-based policy, where it means the
    // resource the policy is attached to, or an SCP Allow written in the original SCP syntax (no Resource allowed
    // there), where it means every resource (orgs_manage_policies_scps_syntax.html). Either way it restricts no
    // resource within the policy's reach: ["*"], as the model writes "unrestricted". The document keeps what was written.
    resources: s.Resource === undefined && s.NotResource === undefined ? ["*"] : resources,
    notResources,
  };
  if (s.Sid !== undefined) {
    if (typeof s.Sid !== "string") bad(`${where}.Sid must be a string`);
    if (s.Sid) out.sid = s.Sid;
  }
  if (s.Condition !== undefined) {
    const conditions = conditionMap(s.Condition, `${where}.Condition`);
    if (Object.keys(conditions).length > 0) out.conditions = conditions;
  }
  if (s.Principal !== undefined) out.principals = principalMap(s.Principal, `${where}.Principal`);
  if (s.NotPrincipal !== undefined) out.notPrincipals = principalMap(s.NotPrincipal, `${where}.NotPrincipal`);
  return out;
}

/**
 * The statements of a decoded document. NOTE: Statement is required; it holds one statement or an array of them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html). An empty array is
 * a document that grants and denies nothing.
 */
export function normalizeStatements(doc: PolicyDocument, where: string): Statement[] {
  const raw = doc.Statement;
  if (raw === undefined || raw === null) bad(`${where}: policy document has no Statement`);
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((s, i) => parseStatement(s, `${where}: Statement[${i}]`));
}

/** Decodes and parses one policy document (object, JSON text or URL-encoded JSON text). */
export function parsePolicyDocument(raw: unknown, where: string): ParsedPolicyDocument {
  const document = decodeDocument(raw, where);
  if (document.Version !== undefined && typeof document.Version !== "string")
    bad(`${where}: policy document Version must be a string`);
  return {
    document,
    ...(typeof document.Version === "string" ? { version: document.Version } : {}),
    statements: normalizeStatements(document, where),
  };
}
