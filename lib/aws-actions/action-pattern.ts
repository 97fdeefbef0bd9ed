// IAM action patterns ("s3:Get*", "iam:*Policy*", "ec2:Describe?nstances"): one matcher for analysis and translation.
//
// Why not picomatch (or minimatch): IAM wildcards are only `*` (any run of characters) and `?` (one character),
// case-insensitive, with no path semantics and no escapes. A glob library treats `/` as a separator (`*` does not
// cross it), `\` as an escape, and reads brackets, braces, extglobs and a leading `!` unless each is turned off by
// an option; the table in action-pattern.test.ts pins the IAM semantics instead.

const SPECIAL = /[.+^${}()|[\]\\]/g;

/** Whether a pattern has an IAM wildcard (`*` or `?`). */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/**
 * An IAM wildcard pattern as an anchored RegExp (`*` any run, `?` one character, nothing else special):
 * case-insensitive as IAM compares action names, case-sensitive for ARNs and StringLike values.
 */
export function globToRegExp(glob: string, caseSensitive = false): RegExp {
  const body = glob.replace(SPECIAL, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, caseSensitive ? "" : "i");
}

const compiled = new Map<string, RegExp>();
const compiledExact = new Map<string, RegExp>();

/** `globToRegExp`, compiled once per distinct pattern (policies repeat the same few hundred patterns). */
export function iamGlob(glob: string, caseSensitive = false): RegExp {
  const cache = caseSensitive ? compiledExact : compiled;
  let re = cache.get(glob);
  if (!re) {
    if (cache.size > 10_000) cache.clear();
    re = globToRegExp(glob, caseSensitive);
    cache.set(glob, re);
  }
  return re;
}

/**
 * Whether a Resource pattern or a StringLike value matches, case-sensitively as IAM compares them.
 * NOTE: "In the Resource element, the IAM user name is case sensitive"; StringLike is "case-sensitive matching"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).
 */
export function arnMatch(pattern: string, value: string): boolean {
  return hasWildcard(pattern) ? iamGlob(pattern, true).test(value) : pattern === value;
}

/** Whether an IAM pattern matches a name, case-insensitively. */
export function iamMatch(pattern: string, name: string): boolean {
  return hasWildcard(pattern) ? iamGlob(pattern).test(name) : pattern.toLowerCase() === name.toLowerCase();
}

/** The lower-case service keys an IAM service pattern names (`s3`, `s3*`, `*`). */
export function matchServices(pattern: string, serviceKeys: readonly string[]): string[] {
  const p = pattern.toLowerCase();
  if (!hasWildcard(p)) return serviceKeys.includes(p) ? [p] : [];
  const re = iamGlob(p);
  return serviceKeys.filter((k) => re.test(k));
}

/** What a catalogue must answer for `matchActionPattern`: its service keys (lower-case) and each service's actions. */
export interface ActionLookup<T> {
  serviceKeys(): readonly string[];
  actions(service: string): readonly T[];
  /** The action of that name (any case) in the service, if known. */
  action(service: string, name: string): T | undefined;
  nameOf(action: T): string;
}

/**
 * The actions an IAM action pattern names: "all" for `*`, null when it is not "service:action" (IAM rejects those),
 * else the matching actions (empty when none: a typo, a retired action or one newer than the data).
 */
export function matchActionPattern<T>(lookup: ActionLookup<T>, pattern: string): T[] | "all" | null {
  if (pattern === "*") return "all";
  const colon = pattern.indexOf(":");
  if (colon < 0) return null;
  const svcPattern = pattern.slice(0, colon).toLowerCase();
  const actPattern = pattern.slice(colon + 1);
  const services = hasWildcard(svcPattern) ? matchServices(svcPattern, lookup.serviceKeys()) : [svcPattern];
  const out: T[] = [];
  if (actPattern === "*") {
    for (const s of services) out.push(...lookup.actions(s));
  } else if (!hasWildcard(actPattern)) {
    // A plain action name: a lookup, not a scan (most statements list actions one by one).
    for (const s of services) {
      const a = lookup.action(s, actPattern);
      if (a !== undefined) out.push(a);
    }
  } else if (/^[^*?]+\*$/.test(actPattern)) {
    // "Get*", the commonest wildcard: a prefix test, no RegExp.
    const prefix = actPattern.slice(0, -1).toLowerCase();
    for (const s of services)
      for (const a of lookup.actions(s)) if (lookup.nameOf(a).toLowerCase().startsWith(prefix)) out.push(a);
  } else {
    const re = iamGlob(actPattern);
    for (const s of services) for (const a of lookup.actions(s)) if (re.test(lookup.nameOf(a))) out.push(a);
  }
  return out;
}
