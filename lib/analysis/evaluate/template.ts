// Policy strings with IAM policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the
// escapes `${*}` `${?}` `${$}`), turned into anchored regular expressions once the request's values are known.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

/** Text whose `*` and `?` are wildcards (when the comparison has wildcards), or a value that is always literal. */
type Part = { text: string } | { literal: string } | { variable: string; fallback?: string };

/** A policy string split into text, literal characters and variables. */
export interface Template {
  parts: Part[];
  /** Context keys the variables read, as written. */
  keys: string[];
}

const ESCAPES: Record<string, string> = { "*": "*", "?": "?", $: "$" };

/**
 * Parses `${…}` in a policy string. Only policies in language version 2012-10-17 have variables: in older ones (or
 * with no Version) `${aws:username}` is literal text (reference_policies_variables.html, "Introduction" note).
 */
export function parseTemplate(value: string, variables: boolean): Template {
  if (!variables || !value.includes("${")) return { parts: [{ text: value }], keys: [] };
  const parts: Part[] = [];
  const keys: string[] = [];
  let i = 0;
  let text = "";
  while (i < value.length) {
    const start = value.indexOf("${", i);
    const end = start < 0 ? -1 : value.indexOf("}", start + 2);
    if (start < 0 || end < 0) {
      text += value.slice(i);
      break;
    }
    text += value.slice(i, start);
    const inner = value.slice(start + 2, end);
    const escaped = ESCAPES[inner];
    if (text) parts.push({ text });
    text = "";
    if (escaped !== undefined) parts.push({ literal: escaped });
    else {
      // `${key, 'default'}`: a comma and a space, then the default in single quotes.
      const m = /^\s*([^,]+?)\s*,\s*'(.*)'\s*$/s.exec(inner);
      const key = (m ? m[1]! : inner).trim();
      parts.push(m ? { variable: key, fallback: m[2]! } : { variable: key });
      keys.push(key);
    }
    i = end + 1;
  }
  if (text) parts.push({ text });
  return { parts, keys };
}

/** Looks a variable up: its one value, or undefined when absent or multivalued (those cannot be variables). */
export type VariableLookup = (key: string) => string | undefined;

/** How `*` and `?` read in text parts. */
export type WildcardMode =
  /** No wildcards: `*` and `?` are literal (StringEquals). */
  | "none"
  /** `*` any run, `?` one character (StringLike, ArnLike components). */
  | "glob"
  /**
   * The Resource element: `*` does not cross a `:` in the ARN's first five segments unless it ends its segment, and
   * crosses anything in the resource part (reference_policies_elements_resource.html, "Using wildcards in resource ARNs").
   */
  | "resource"
  /** ARN condition operators: each of the six colon-delimited components is matched on its own (no crossing). */
  | "arn";

const SPECIAL = /[.+^${}()|[\]\\*?]/g;
const escapeRe = (s: string) => s.replace(SPECIAL, "\\$&");

/**
 * The template with its variables filled in, as a RegExp source (unanchored), or null when a variable has no value and
 * no default: such a string matches nothing ("There is no equal or like value", reference_policies_variables.html).
 */
export function templateSource(t: Template, mode: WildcardMode, lookup: VariableLookup): string | null {
  let out = "";
  // Colons seen so far in the whole string, for "resource" mode: after the fifth, wildcards cross colons.
  let colons = 0;
  for (let p = 0; p < t.parts.length; p++) {
    const part = t.parts[p]!;
    if ("literal" in part) {
      out += escapeRe(part.literal);
      continue;
    }
    if ("variable" in part) {
      const v = lookup(part.variable) ?? part.fallback;
      if (v === undefined) return null;
      out += escapeRe(v);
      colons += count(v, ":");
      continue;
    }
    const s = part.text;
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === ":") colons++;
      if (mode === "none" || (c !== "*" && c !== "?")) {
        out += escapeRe(c);
        continue;
      }
      if (mode === "glob" || colons >= 5) out += c === "*" ? "[^]*" : "[^]";
      else if (c === "?" || mode === "arn") out += c === "*" ? "[^:]*" : "[^:]";
      else {
        // A `*` that ends its segment (next character a colon, or the end of the pattern) may cross colons.
        const next = i + 1 < s.length ? s[i + 1] : nextChar(t.parts, p);
        out += next === ":" || next === undefined ? "[^]*" : "[^:]*";
      }
    }
  }
  return out;
}

function nextChar(parts: Part[], p: number): string | undefined {
  const n = parts[p + 1];
  if (!n) return undefined;
  if ("text" in n) return n.text[0];
  if ("literal" in n) return n.literal;
  return "x"; // a variable's value: not a colon, as far as a segment boundary goes
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

const cache = new Map<string, RegExp>();

/** An anchored RegExp for a source, compiled once (policies repeat the same patterns). */
export function anchored(source: string, ignoreCase = false): RegExp {
  const key = ignoreCase ? `i${source}` : `s${source}`;
  let re = cache.get(key);
  if (!re) {
    if (cache.size > 20_000) cache.clear();
    re = new RegExp(`^${source}$`, ignoreCase ? "iu" : "u");
    cache.set(key, re);
  }
  return re;
}

/** Whether the template has no variables (so its RegExp can be compiled once). */
export function isStatic(t: Template): boolean {
  return t.keys.length === 0;
}
