import type { Statement } from "../../model";
import { AppError } from "../../errors";
import type { RawDocument } from "./gaad-schema";

/** A parsed IAM policy document (kept as written for drill-down). */
export type PolicyDocument = Record<string, unknown>;

/**
 * Turns a GAAD document into an object. NOTE: IAM returns policy documents URL-encoded (RFC 3986) and the JS SDK v3
 * does not decode them — the caller must (https://github.com/aws/aws-sdk-js-v3/issues/1945; botocore decodes as a
 * special case, so the CLI prints objects). A string that already is JSON text is parsed as it is.
 */
export function decodeDocument(raw: RawDocument, where: string): PolicyDocument {
  if (typeof raw !== "string") return raw;
  const text = raw.trimStart().startsWith("{") ? raw : safeDecode(raw, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError("BAD_INPUT", `${where}: policy document is not valid JSON`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new AppError("BAD_INPUT", `${where}: policy document is not a JSON object`);
  }
  return parsed as PolicyDocument;
}

function safeDecode(s: string, where: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new AppError("BAD_INPUT", `${where}: policy document is not valid URL-encoded text`);
  }
}

/** A single value or a list, as IAM grammar allows everywhere: always a list of strings. */
export function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

/** Principal / NotPrincipal → { type: values[] }. `"*"` means everyone and is the same as `{"AWS": "*"}`. */
export function normalizePrincipal(p: unknown): Record<string, string[]> | undefined {
  if (p === undefined || p === null) return undefined;
  if (typeof p === "string") return { AWS: [p] };
  if (typeof p !== "object" || Array.isArray(p)) return { AWS: asList(p) };
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(p as Record<string, unknown>)) out[k] = asList(v);
  return out;
}

/** Condition block → { operator: { key: values[] } } (booleans and numbers become their string form, as IAM compares). */
export function normalizeConditions(c: unknown): Record<string, Record<string, string[]>> | undefined {
  if (!c || typeof c !== "object" || Array.isArray(c)) return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (const [op, block] of Object.entries(c as Record<string, unknown>)) {
    if (!block || typeof block !== "object" || Array.isArray(block)) continue;
    const keys: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(block as Record<string, unknown>)) keys[k] = asList(v);
    out[op] = keys;
  }
  return out;
}

/** The statements of a policy document in the shared vocabulary. Arrays are always arrays. */
export function normalizeStatements(doc: PolicyDocument, where: string): Statement[] {
  const raw = doc.Statement;
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((s, i) => {
    if (!s || typeof s !== "object") throw new AppError("BAD_INPUT", `${where}: Statement[${i}] is not an object`);
    const st = s as Record<string, unknown>;
    if (st.Effect !== "Allow" && st.Effect !== "Deny") {
      throw new AppError("BAD_INPUT", `${where}: Statement[${i}].Effect must be Allow or Deny`);
    }
    const out: Statement = {
      effect: st.Effect,
      actions: asList(st.Action),
      notActions: asList(st.NotAction),
      resources: asList(st.Resource),
      notResources: asList(st.NotResource),
    };
    if (typeof st.Sid === "string" && st.Sid) out.sid = st.Sid;
    const conditions = normalizeConditions(st.Condition);
    if (conditions && Object.keys(conditions).length > 0) out.conditions = conditions;
    const principals = normalizePrincipal(st.Principal);
    if (principals) out.principals = principals;
    const notPrincipals = normalizePrincipal(st.NotPrincipal);
    if (notPrincipals) out.notPrincipals = notPrincipals;
    return out;
  });
}
