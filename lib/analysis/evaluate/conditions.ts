// The Condition element: every operator of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html with
// `…IfExists`, and the set operators `ForAllValues:` / `ForAnyValue:` of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
import ipaddr from "ipaddr.js";
import type { RequestContext } from "./context";
import { anchored, parseTemplate, type Template, templateSource, type WildcardMode } from "./template";

type Category = "string" | "numeric" | "date" | "bool" | "binary" | "ip" | "arn" | "null";

interface BaseOperator {
  category: Category;
  negated: boolean;
  /** Compares one context value with one policy value (both as written). */
  compare?: (contextValue: string, policyValue: string) => boolean;
  /** String and ARN operators: how the policy value reads (wildcards, case). */
  pattern?: { mode: WildcardMode; ignoreCase: boolean };
}

const cmp = (f: (a: number, b: number) => boolean) => f;
const NUMERIC: Record<string, (a: number, b: number) => boolean> = {
  Equals: cmp((a, b) => a === b),
  NotEquals: cmp((a, b) => a === b),
  LessThan: cmp((a, b) => a < b),
  LessThanEquals: cmp((a, b) => a <= b),
  GreaterThan: cmp((a, b) => a > b),
  GreaterThanEquals: cmp((a, b) => a >= b),
};

function typed(parse: (s: string) => number | null, f: (a: number, b: number) => boolean) {
  return (c: string, p: string) => {
    const a = parse(c);
    const b = parse(p);
    return a !== null && b !== null && f(a, b);
  };
}

const OPERATORS: Record<string, BaseOperator> = {
  StringEquals: { category: "string", negated: false, pattern: { mode: "none", ignoreCase: false } },
  StringNotEquals: { category: "string", negated: true, pattern: { mode: "none", ignoreCase: false } },
  StringEqualsIgnoreCase: { category: "string", negated: false, pattern: { mode: "none", ignoreCase: true } },
  StringNotEqualsIgnoreCase: { category: "string", negated: true, pattern: { mode: "none", ignoreCase: true } },
  StringLike: { category: "string", negated: false, pattern: { mode: "glob", ignoreCase: false } },
  StringNotLike: { category: "string", negated: true, pattern: { mode: "glob", ignoreCase: false } },
  Bool: { category: "bool", negated: false },
  BinaryEquals: { category: "binary", negated: false, compare: (c, p) => sameBytes(c, p) },
  IpAddress: { category: "ip", negated: false, compare: (c, p) => inRange(c, p) },
  NotIpAddress: { category: "ip", negated: true, compare: (c, p) => inRange(c, p) },
  // "The ArnEquals and ArnLike condition operators behave identically" (and so do ArnNotEquals and ArnNotLike).
  ArnEquals: { category: "arn", negated: false, pattern: { mode: "glob", ignoreCase: false } },
  ArnLike: { category: "arn", negated: false, pattern: { mode: "glob", ignoreCase: false } },
  ArnNotEquals: { category: "arn", negated: true, pattern: { mode: "glob", ignoreCase: false } },
  ArnNotLike: { category: "arn", negated: true, pattern: { mode: "glob", ignoreCase: false } },
  Null: { category: "null", negated: false },
};
for (const [suffix, f] of Object.entries(NUMERIC)) {
  OPERATORS[`Numeric${suffix}`] = {
    category: "numeric",
    negated: suffix === "NotEquals",
    compare: typed(parseNumber, f),
  };
  OPERATORS[`Date${suffix}`] = { category: "date", negated: suffix === "NotEquals", compare: typed(parseDate, f) };
}
const BY_LOWER = new Map(Object.keys(OPERATORS).map((k) => [k.toLowerCase(), k]));

/** A parsed operator name: `ForAnyValue:StringLikeIfExists` → set "any", base StringLike, ifExists. */
export interface ParsedOperator {
  name: string;
  base: string;
  set: "all" | "any" | null;
  ifExists: boolean;
}

export function parseOperator(name: string): ParsedOperator | null {
  let rest = name.trim();
  let set: ParsedOperator["set"] = null;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === "forallvalues") set = "all";
    else if (q === "foranyvalue") set = "any";
    else return null;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith("ifexists")) {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  // "You can add IfExists to the end of any condition operator name except the Null condition."
  if (!base || (base === "Null" && ifExists)) return null;
  return { name, base, set, ifExists };
}

/** One operator/key pair of a Condition block, compiled. */
export interface CompiledCondition {
  operator: string;
  key: string;
  /** Context keys its policy values read as variables, as written. */
  variableKeys: string[];
  test(ctx: RequestContext): boolean;
}

/**
 * Compiles `"Operator": {"key": [values]}`. `variables`: whether the policy's language version reads `${…}`.
 * Throws on an operator IAM does not have (IAM refuses such a policy: MalformedPolicyDocument).
 */
export function compileCondition(
  operator: string,
  key: string,
  values: readonly string[],
  variables: boolean,
): CompiledCondition {
  const parsed = parseOperator(operator);
  if (!parsed) throw new Error(`unknown condition operator "${operator}"`);
  const op = OPERATORS[parsed.base]!;
  // Policy variables are read by the string, ARN and Boolean operators only (condition operators page: "You can use a
  // policy variable with the String / ARN / Boolean condition operator"; not Numeric, Date, Binary, IP or Null).
  const withVariables = variables && (op.category === "string" || op.category === "arn" || op.category === "bool");
  const templates = values.map((v) => parseTemplate(v, withVariables));
  const variableKeys = [...new Set(templates.flatMap((t) => t.keys))];
  const matchOne = valueMatcher(op, templates, values);
  const keyLower = key.toLowerCase();

  const test = (ctx: RequestContext): boolean => {
    const entry = ctx.getLower(keyLower);
    const present = !!entry && entry.values.length > 0;
    if (op.category === "null") {
      // Null: "true" — the key is absent; "false" — it is present.
      return values.some((v) => v.trim().toLowerCase() === (present ? "false" : "true"));
    }
    if (!present) {
      // A missing key: IfExists → true; ForAllValues → true (nothing to fail); ForAnyValue → false (nothing matches);
      // otherwise false, and true for a negated operator ("the condition is true").
      if (parsed.ifExists) return true;
      if (parsed.set === "all") return true;
      if (parsed.set === "any") return false;
      return op.negated;
    }
    const anyMatch = (v: string) => matchOne(v, ctx);
    // A negated operator holds for a value that matches none of the policy values.
    const perValue = op.negated ? (v: string) => !anyMatch(v) : anyMatch;
    if (parsed.set === "all") return entry.values.every(perValue);
    if (parsed.set === "any") return entry.values.some(perValue);
    // No set operator on several values: a positive operator holds when one value matches; a negated one when none does.
    return op.negated ? !entry.values.some(anyMatch) : entry.values.some(anyMatch);
  };
  return { operator, key, variableKeys, test };
}

/** Whether one context value matches one of the policy values (OR across values). */
function valueMatcher(
  op: BaseOperator,
  templates: Template[],
  raw: readonly string[],
): (v: string, ctx: RequestContext) => boolean {
  if (op.pattern) {
    const { mode, ignoreCase } = op.pattern;
    const arn = op.category === "arn";
    const sources = templates.map((t) => (t.keys.length === 0 ? templateSource(t, arn ? "arn" : mode, noVars) : null));
    return (v, ctx) => {
      for (let i = 0; i < templates.length; i++) {
        const src = sources[i] ?? templateSource(templates[i]!, arn ? "arn" : mode, ctx.variable);
        if (src !== null && anchored(src, ignoreCase).test(v)) return true;
      }
      return false;
    };
  }
  if (op.category === "bool") {
    return (v, ctx) =>
      templates.some((t) => {
        const src = templateSource(t, "none", ctx.variable);
        if (src === null) return false;
        const p = literalText(src).toLowerCase();
        const c = v.trim().toLowerCase();
        return (p === "true" || p === "false") && p === c;
      });
  }
  const compare = op.compare!;
  return (v) => raw.some((p) => compare(v, p));
}

const noVars = () => undefined;

/** A RegExp source of literal text back to the text (Bool compares plain strings). */
function literalText(src: string): string {
  return src.replace(/\\(.)/g, "$1");
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Integers and decimals ("15", "15.0", "1e3"); anything else is not a number and matches nothing. */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  return NUMBER.test(t) ? Number(t) : null;
}

const ISO = /^(\d{4})(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/**
 * A date as W3C's ISO 8601 profile (`2020-01-01`, `2020-01-01T00:00:01Z`, `…+01:00`) or epoch seconds (`1577836801`),
 * in milliseconds ("You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats
 * or in epoch (UNIX) time", condition operators page). A time without a zone is read as UTC.
 */
export function parseDate(s: string): number | null {
  const t = s.trim();
  if (/^\d+(\.\d+)?$/.test(t) && t.length !== 4) return Number(t) * 1000;
  const m = ISO.exec(t);
  if (!m) return null;
  const withZone = m[4] && !m[7] ? `${t}Z` : t;
  const ms = Date.parse(withZone.length === 4 ? `${withZone}-01-01` : withZone);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether an address is in a CIDR range (an address without a prefix is /32, or /128 for IPv6). */
export function inRange(address: string, range: string): boolean {
  try {
    const addr = ipaddr.process(address.trim());
    const r = range.trim();
    const [net, bits] = r.includes("/")
      ? ipaddr.parseCIDR(r)
      : (() => {
          const a = ipaddr.parse(r);
          return [a, a.kind() === "ipv4" ? 32 : 128] as const;
        })();
    const n =
      net.kind() === "ipv6" && (net as ipaddr.IPv6).isIPv4MappedAddress() ? (net as ipaddr.IPv6).toIPv4Address() : net;
    if (addr.kind() !== n.kind()) return false;
    const prefix = n !== net ? bits - 96 : bits;
    return addr.match(n, prefix);
  } catch {
    return false;
  }
}

/** BinaryEquals: the bytes of two base-64 strings. */
function sameBytes(a: string, b: string): boolean {
  try {
    return atob(a.trim()) === atob(b.trim());
  } catch {
    return false;
  }
}
