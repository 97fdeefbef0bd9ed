import {
  AZURE_NAMESPACES,
  DATA,
  DIRECTORY_ENTITIES,
  parseAzureAction,
  parseEntraAction,
  verbWeight,
  type AzureBuiltInRole,
  type Verb,
} from "./crosswalk";
import { getOrInsertComputed } from "../get-or-insert";

export type CapabilitySet = Map<string, number>;

const ANCILLARY = Object.entries(DATA.levels.ancillaryWeights);
/** Weight of a main-resource-type key relative to its verb's weight (see primaryKeys). */
const PRIMARY_WEIGHT = 4;
/**
 * How much a candidate's reads beyond the query count against it, relative to its other extra permissions: reads the
 * role holds through a wildcard over every provider (`*\/read`, Reader) are a broad but shallow step from the query;
 * reads it names provider by provider say what the role is for (a reader of another product), and count more.
 */
const EXTRA_READ = 0.05;
const EXTRA_READ_NAMED = 0.5;
/**
 * How much more a candidate's changes count against it when the query only reads: a role that can change what a
 * read-only policy merely looks at over-grants, which a translation must never do (issue 11), so any read-only role that
 * covers the query ranks above it.
 */
const OVER_GRANT = 4;
/** How steeply a read-only query's score falls with the share of it a candidate leaves out (see scoreAll). */
const COVERAGE = 3;
/** A namespace weight from which a namespace is one of what the query is about (below: services it only touches). */
const MAIN = 0.5;
/** Weight of the keys of a query's supporting namespaces (see supportingNamespaces), when no namespace weights are given. */
const SUPPORT = 0.2;

/**
 * Weight of a key: its verb's weight, scaled down for the plumbing permissions nearly every Azure role carries. A
 * resource-type key ("az:microsoft.insights/alertrules:c:write") takes the factor of its own prefix when the data names
 * one, else its namespace's ("az:microsoft.insights:c:write").
 */
export function keyWeight(key: string, verb: Verb): number {
  return verbWeight(verb) * (ancillaryFactor(key) ?? 1);
}

const ancillaryCache = new Map<string, number | null>();
function ancillaryFactor(key: string): number | undefined {
  const hit = getOrInsertComputed(ancillaryCache, key, (k) => {
    const namespaceKey = k.replace(/^(az:[^/:]+)\/[^:]*:/, "$1:");
    return (
      ANCILLARY.find(([prefix]) => k.startsWith(prefix))?.[1] ??
      ANCILLARY.find(([prefix]) => namespaceKey.startsWith(prefix))?.[1] ??
      null
    );
  });
  return hit ?? undefined;
}

/** Plumbing nearly every built-in role carries (ancillaryWeights): it says nothing about what a role is for. */
function isAncillary(key: string): boolean {
  return (ancillaryFactor(key) ?? 1) < 1;
}

/** How much a namespace-wide change counts when the role makes it only on one of the namespace's other resource types. */
const SUBTYPE = 0.25;

function put(set: CapabilitySet, key: string, verb: Verb, factor = 1): void {
  set.set(key, Math.max(set.get(key) ?? 0, keyWeight(key, verb) * factor));
}

/** Every Azure data operation the crosswalk can produce (from its data-action lists), lower case. */
const DATA_OPS: string[] = [
  ...new Set(
    DATA.crosswalk.services
      .flatMap((m) =>
        m.data ? [...m.data.read, ...m.data.write, ...m.data.delete, ...(m.data.permissions ?? [])] : [],
      )
      .map((op) => op.toLowerCase()),
  ),
];

/**
 * The data-plane key of an Azure data operation the crosswalk knows: the operation itself, so receiving messages is
 * not sending them and reading secrets is not setting them ("az:microsoft.servicebus/namespaces/messages/receive:d:write").
 */
function dataOpKey(op: string): { key: string; verb: Verb } {
  const verb = parseAzureAction(op, true).verbs[0] ?? "write";
  return { key: `az:${op.slice(0, op.lastIndexOf("/"))}:d:${verb}`, verb };
}

/**
 * The coarse data-plane key of an operation the crosswalk does not know: namespace + the first two resource-type
 * segments, so blob, queue, table and file data (all Microsoft.Storage) stay apart: "az:microsoft.storage/storageaccounts/blobservices:d".
 */
export function dataKey(op: string): string {
  const parts = op.toLowerCase().split("/");
  const path = parts.slice(1, 3).filter((x) => x && x !== "*" && !["read", "write", "delete", "action"].includes(x));
  return `az:${[parts[0], ...path].join("/")}:d`;
}

const globCache = new Map<string, RegExp>();
/** An Azure permission pattern as a regular expression (`*` matches any run of characters, case-insensitive). */
function azureGlob(pattern: string): RegExp {
  return getOrInsertComputed(
    globCache,
    pattern,
    (p) =>
      new RegExp(
        `^${p
          .toLowerCase()
          .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")}$`,
      ),
  );
}

function azureKeys(op: string, data: boolean, subtracting: boolean): { key: string; verb: Verb; factor?: number }[] {
  const p = parseAzureAction(op, data);
  if (data && p.namespace !== "*") {
    const known = DATA_OPS.filter((o) => azureGlob(op).test(o));
    // A data operation is the most specific thing a role can name: it weighs as a main resource type does.
    if (known.length) return known.map((o) => ({ ...dataOpKey(o), factor: PRIMARY_WEIGHT }));
    const verbs = p.verbs.filter((v) => v !== "permissions" && v !== "action");
    if (subtracting) return [];
    const concrete = p.resourcePath.split("/");
    const depth = concrete.findIndex((x) => !x || x.includes("*"));
    if ((depth < 0 ? concrete.length : depth) >= 2) return verbs.map((v) => ({ key: `${dataKey(op)}:${v}`, verb: v }));
  }
  // A narrow exclusion (one resource type's one operation) must not erase a whole namespace-verb.
  if (subtracting && p.resourcePath !== "" && p.resourcePath !== "*") return [];
  const out: { key: string; verb: Verb; factor?: number }[] = [];
  // A change named on one resource type (Microsoft.Cdn/operationresults/*) is a smaller part of the namespace-wide key
  // than a wildcard over the namespace; the main types have keys of their own (primaryKeys).
  const typed = !data && p.resourcePath !== "" && !p.resourcePath.startsWith("*");
  const factorOf = (v: Verb) => (typed && v !== "read" ? SUBTYPE : 1);
  if (p.namespace !== "*" && !AZURE_NAMESPACES.includes(p.namespace)) {
    // Outside the crosswalk: still counts against similarity (a role that also manages other services is less alike).
    for (const v of p.verbs)
      if (v !== "permissions")
        out.push({ key: `az:other/${p.namespace}:${data ? "d" : "c"}:${v}`, verb: v, factor: factorOf(v) });
    return out;
  }
  const namespaces = p.namespace === "*" ? AZURE_NAMESPACES : [p.namespace];
  for (const ns of namespaces) {
    for (const v of p.verbs) {
      if (v === "permissions" && ns !== "microsoft.authorization") continue;
      if (ns === "microsoft.authorization" && v !== "read" && v !== "permissions") continue;
      out.push({ key: `az:${ns}:${data ? "d" : "c"}:${v}`, verb: v, factor: factorOf(v) });
    }
  }
  return out;
}

/**
 * The resource types each AWS service is about, in Azure terms (service-crosswalk.json: ec2 → Microsoft.Compute
 * virtualMachines and, for its network nouns, Microsoft.Network virtualNetworks…, lambda → Microsoft.Web sites, ecr →
 * Microsoft.ContainerRegistry registries and registries/pull…), by namespace.
 */
const PRIMARY_TYPES: Map<string, Set<string>> = (() => {
  const m = new Map<string, Set<string>>();
  const add = (namespace: string, types: string[]) => {
    const set = getOrInsertComputed(m, namespace.toLowerCase(), () => new Set<string>());
    for (const t of types) set.add(t.toLowerCase());
  };
  for (const s of DATA.crosswalk.services) {
    add(s.namespace, s.resourceTypes);
    for (const n of [...(s.nouns ?? []), ...(s.also ?? [])]) add(n.namespace, n.resourceTypes);
  }
  return m;
})();

/**
 * Control-plane keys on the services' main resource types ("az:microsoft.compute/virtualmachines:c:write"): what
 * separates the role that manages virtual machines from one that manages a cluster's machines or a gallery's images,
 * which the namespace-level keys cannot tell apart. An operation names a type when its path is the type
 * (registries/pull/read) or a wildcard above it (registries/*, registries/*\/read, Microsoft.Compute/*, or a read of
 * every namespace).
 */
function primaryKeys(op: string, subtracting: boolean): { key: string; verb: Verb }[] {
  const p = parseAzureAction(op, false);
  const last = op.split("/").pop() ?? "";
  const below = last === "*" || p.resourcePath.endsWith("/*") || p.resourcePath === "*" || p.resourcePath === "";
  const path = p.resourcePath.replace(/\/?\*$/, "");
  const namespaces =
    p.namespace === "*" ? [...PRIMARY_TYPES.keys()] : PRIMARY_TYPES.has(p.namespace) ? [p.namespace] : [];
  const out: { key: string; verb: Verb }[] = [];
  for (const ns of namespaces) {
    // An exclusion removes a type only when it names the type (and so everything below it).
    if (subtracting && path === "") continue;
    for (const t of PRIMARY_TYPES.get(ns)!) {
      const named = t === path || (below && (path === "" || t.startsWith(`${path}/`)));
      if (named) for (const v of p.verbs) if (v !== "permissions") out.push({ key: `az:${ns}/${t}:c:${v}`, verb: v });
    }
  }
  return out;
}

/** Capabilities of an Azure permission block (Actions − NotActions, DataActions − NotDataActions). */
export function azureCapabilities(p: {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}): CapabilitySet {
  const set: CapabilitySet = new Map();
  for (const op of p.actions) {
    for (const k of azureKeys(op, false, false)) put(set, k.key, k.verb, k.factor);
    for (const k of primaryKeys(op, false))
      set.set(k.key, keyWeight(k.key, k.verb) * (isAncillary(k.key) ? 1 : PRIMARY_WEIGHT));
  }
  for (const op of p.dataActions) for (const k of azureKeys(op, true, false)) put(set, k.key, k.verb, k.factor);
  for (const op of p.notActions) {
    for (const k of azureKeys(op, false, true)) set.delete(k.key);
    for (const k of primaryKeys(op, true)) set.delete(k.key);
  }
  for (const op of p.notDataActions) for (const k of azureKeys(op, true, true)) set.delete(k.key);
  return set;
}

/** Capabilities of Entra directory resource actions (allowed − excluded). */
export function entraCapabilities(allowed: string[], excluded: string[] = []): CapabilitySet {
  const set: CapabilitySet = new Map();
  const keys = (op: string) => {
    const p = parseEntraAction(op);
    if (p.namespace !== "microsoft.directory") return [];
    const entities = p.entity === "allEntities" || p.entity === "*" ? DIRECTORY_ENTITIES : [p.entity];
    return entities.flatMap((e) => p.verbs.map((v) => ({ key: `dir:${e}:${v}`, verb: v })));
  };
  for (const op of allowed) for (const k of keys(op)) put(set, k.key, k.verb);
  for (const op of excluded) for (const k of keys(op)) set.delete(k.key);
  return set;
}

/** Only the keys of one plane family ("az:" or "dir:"). */
export function only(set: CapabilitySet, prefix: "az:" | "dir:"): CapabilitySet {
  return new Map([...set].filter(([k]) => k.startsWith(prefix)));
}

/** Weighted Jaccard similarity Σmin / Σmax over two weighted key sets; 0 when both are empty. */
export function similarity(a: CapabilitySet, b: CapabilitySet): number {
  let min = 0;
  let max = 0;
  for (const [k, w] of a) {
    const v = b.get(k) ?? 0;
    min += Math.min(w, v);
    max += Math.max(w, v);
  }
  for (const [k, w] of b) if (!a.has(k)) max += w;
  return max === 0 ? 0 : min / max;
}

export interface BuiltInMatch {
  name: string;
  id: string;
  score: number;
  /** "documented" = from the role-equivalence table; "computed" = similarity only. */
  basis: "documented" | "computed";
  /** Why this role: what it shares with the policy's translation, what it lacks and what it adds. */
  why?: string;
}

/** A candidate role with its capabilities as sparse (key index, weight) arrays, for fast ranking. */
export interface RankCandidate {
  role: { name: string; id: string };
  idx: Int32Array;
  w: Float64Array;
  /** 1 where the key is held only through a wildcard over every provider (`*\/read`, `*`): broad, not a purpose. */
  generic: Uint8Array;
  total: number;
  /** The parts of `total` on read keys: named provider by provider, and through a wildcard over every provider. */
  readTotal: number;
  genericReadTotal: number;
  /** Per Azure namespace of its keys: [named read, generic read, other] weight (to re-weight namespaces per query). */
  byNamespace: Map<string, [number, number, number]>;
  /** How many permission entries the role lists: of two roles alike to the query, the simpler one ranks first. */
  entries: number;
  /** The part of `total` on changes that are not plumbing (ancillaryWeights): what over-grants a read-only query. */
  substantiveChangeTotal: number;
}

// Key interning: every capability key gets a small integer so ranking is array arithmetic, not Map lookups
// (ranking 1,600 policies × 928 Azure roles must stay well under a second).
const keyIndex = new Map<string, number>();
const keyNames: string[] = [];
function intern(key: string): number {
  return getOrInsertComputed(keyIndex, key, () => keyNames.push(key) - 1);
}

export function toCandidate(
  role: { name: string; id: string },
  caps: CapabilitySet,
  listed = caps.size,
  generic: ReadonlySet<string> = new Set(),
): RankCandidate {
  const entries = [...caps];
  const byNamespace = new Map<string, [number, number, number]>();
  let readTotal = 0;
  let genericReadTotal = 0;
  let substantiveChangeTotal = 0;
  for (const [k, v] of entries) {
    if (!isRead(k) && !isAncillary(k)) substantiveChangeTotal += v;
    const sums = getOrInsertComputed(byNamespace, namespaceOf(k), () => [0, 0, 0] as [number, number, number]);
    if (!isRead(k)) sums[2] += v;
    else if (generic.has(k)) sums[1] += v;
    else sums[0] += v;
    if (isAzureRead(k)) {
      readTotal += v;
      if (generic.has(k)) genericReadTotal += v;
    }
  }
  return {
    role,
    entries: listed,
    idx: Int32Array.from(entries.map(([k]) => intern(k))),
    w: Float64Array.from(entries.map(([, v]) => v)),
    generic: Uint8Array.from(entries.map(([k]) => (generic.has(k) ? 1 : 0))),
    total: entries.reduce((n, [, v]) => n + v, 0),
    readTotal,
    genericReadTotal,
    byNamespace,
    substantiveChangeTotal,
  };
}

/**
 * The keys an Azure role holds without saying what it is for: through its wildcards over every provider (`*\/read`,
 * `*`), and the plumbing nearly every built-in role carries (ancillaryWeights: Authorization reads, deployments…).
 */
function genericKeys(role: AzureBuiltInRole, caps: CapabilitySet): Set<string> {
  const named = role.actions.some((a) => a.startsWith("*"))
    ? azureCapabilities({ ...role, actions: role.actions.filter((a) => !a.startsWith("*")) })
    : caps;
  return new Set([...caps.keys()].filter((k) => !named.has(k) || isAncillary(k)));
}

const isRead = (key: string) => key.endsWith(":read");
/** Azure reads: the extra reads discounted in ranking (a directory role's reads of users, groups… stay at full weight). */
const isAzureRead = (key: string) => key.startsWith("az:") && isRead(key);
/** "az:microsoft.compute/virtualmachines:c:write" → "microsoft.compute"; "az:other/x:c:read" → "other/x"; "dir:…" → "dir". */
function namespaceOf(key: string): string {
  if (!key.startsWith("az:")) return "dir";
  const rest = key.slice(3);
  if (rest.startsWith("other/")) return rest.slice(0, rest.indexOf(":"));
  return rest.slice(0, rest.search(/[/:]/));
}

let azureCache: RankCandidate[] | undefined;
let entraCache: RankCandidate[] | undefined;

export function azureRoleCapabilities(): RankCandidate[] {
  azureCache ??= DATA.azureRoles.map((role) => {
    const caps = azureCapabilities(role);
    return toCandidate(role, caps, role.actions.length + role.dataActions.length, genericKeys(role, caps));
  });
  return azureCache;
}

export function entraRoleCapabilities(): RankCandidate[] {
  entraCache ??= DATA.entraRoles.map((role) =>
    toCandidate(role, entraCapabilities(role.allowedResourceActions), role.allowedResourceActions.length),
  );
  return entraCache;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

// Inverted index per candidate list: key index → [candidate index, weight] pairs, so a query only touches the
// candidates that share a key with it (all others score 0).
type Posting = { c: number; w: number; generic: boolean };
const postingsCache = new WeakMap<RankCandidate[], Map<number, Posting[]>>();
function postingsOf(candidates: RankCandidate[]): Map<number, Posting[]> {
  let p = postingsCache.get(candidates);
  if (!p) {
    p = new Map();
    candidates.forEach((cand, c) => {
      for (let j = 0; j < cand.idx.length; j++) {
        const k = cand.idx[j]!;
        const list = p!.get(k);
        const posting = { c, w: cand.w[j]!, generic: cand.generic[j] === 1 };
        if (list) list.push(posting);
        else p!.set(k, [posting]);
      }
    });
    postingsCache.set(candidates, p);
  }
  return p;
}

/**
 * The namespaces a query only reads, when it changes or reads the data of others: an AWS service's full-access policy
 * reads a dozen neighbouring services (networks, keys, logs) to present its own, and those reads support the policy
 * rather than say what it is for. Empty when the query only reads control planes (then every namespace counts alike).
 */
/**
 * How much each namespace of a query counts (0..1], on both sides of the comparison. Given by the caller from what the
 * policy is about (aws-policy-to-azure.ts: the share of its actions on each namespace), else 1 for the namespaces it
 * changes and SUPPORT for those it only reads beside them (supportingNamespaces).
 */
export type NamespaceWeights = ReadonlyMap<string, number>;

function defaultWeights(caps: CapabilitySet): NamespaceWeights {
  return new Map([...supportingNamespaces(caps)].map((ns) => [ns, SUPPORT]));
}

function supportingNamespaces(caps: CapabilitySet): Set<string> {
  const focus = new Set<string>();
  const all = new Set<string>();
  for (const k of caps.keys()) {
    const ns = namespaceOf(k);
    all.add(ns);
    if (!isRead(k) || k.includes(":d:")) focus.add(ns);
  }
  if (focus.size === 0) return new Set();
  return new Set([...all].filter((ns) => !focus.has(ns)));
}

/**
 * How alike a query and each candidate are: the weight they share over the query's weight plus the candidate's
 * weight beyond it, where (a) extra reads count little — EXTRA_READ of their weight when the role holds them through a
 * wildcard over every provider (Reader is a small step from any read-only query), EXTRA_READ_NAMED when it names them
 * (a reader of another product is about something else) — and (b) each key counts its namespace's weight (`weights`,
 * default 1) on both sides, so the services a policy is about decide and the ones it merely touches count little.
 */
function scoreAll(caps: CapabilitySet, candidates: RankCandidate[], weights: NamespaceWeights): Float64Array {
  const postings = postingsOf(candidates);
  const min = new Float64Array(candidates.length);
  // The share of the query's main namespaces (weight ≥ MAIN) a candidate holds: its coverage of what the policy is about.
  const minMain = new Float64Array(candidates.length);
  let qMain = 0;
  const minRead = new Float64Array(candidates.length);
  const minGenericRead = new Float64Array(candidates.length);
  let qTotal = 0;
  for (const [k, v0] of caps) {
    const f = weights.get(namespaceOf(k)) ?? 1;
    const main = f >= MAIN;
    qTotal += v0 * f;
    if (main) qMain += v0 * f;
    const i = keyIndex.get(k);
    if (i === undefined) continue;
    const read = isAzureRead(k);
    for (const { c, w, generic } of postings.get(i) ?? []) {
      const m = Math.min(v0, w) * f;
      min[c]! += m;
      if (main) minMain[c]! += m;
      if (read) {
        minRead[c]! += m;
        if (generic) minGenericRead[c]! += m;
      }
    }
  }
  const readOnly = ![...caps.keys()].some((k) => !isRead(k) && !isAncillary(k));
  const scores = new Float64Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) {
    const m = min[c]!;
    if (!(m > 0)) continue;
    const cand = candidates[c]!;
    let genericRead = cand.genericReadTotal;
    let namedRead = cand.readTotal - cand.genericReadTotal;
    let otherTotal = cand.total - cand.readTotal;
    for (const [ns, f] of weights) {
      const sums = cand.byNamespace.get(ns);
      if (!sums) continue;
      namedRead -= (1 - f) * sums[0];
      genericRead -= (1 - f) * sums[1];
      otherTotal -= (1 - f) * sums[2];
    }
    const extraGeneric = Math.max(0, genericRead - minGenericRead[c]!);
    const extraNamed = Math.max(0, namedRead - (minRead[c]! - minGenericRead[c]!));
    const extraOther = Math.max(0, otherTotal - (m - minRead[c]!));
    // Namespace weights are left out of the over-grant: a change the policy cannot make is one however little the
    // namespace counts for similarity.
    const overGrant = readOnly ? (OVER_GRANT - 1) * cand.substantiveChangeTotal : 0;
    const extra = EXTRA_READ * extraGeneric + EXTRA_READ_NAMED * extraNamed + extraOther + overGrant;
    // A read-only query is answered by the narrowest role that covers all of it: a role covering part of what the
    // policy reads is a worse answer than a broad reader (assigned at the resource's scope, Reader reads only that).
    const alike = m / (qTotal + extra);
    scores[c] = readOnly && qMain > 0 ? alike * (minMain[c]! / qMain) ** COVERAGE : alike;
  }
  return scores;
}

const planeLabels = new Map<string, string>();
/** "microsoft.compute" → "Microsoft.Compute"; directory keys name their entity (memoized: explanations repeat keys). */
function planeLabel(key: string): string {
  return getOrInsertComputed(planeLabels, key, planeLabelOf);
}

function planeLabelOf(key: string): string {
  if (key.startsWith("dir:")) return key.split(":")[1] ?? key;
  const ns = key.slice(3, key.lastIndexOf(":", key.lastIndexOf(":") - 1));
  const [namespace = "", ...types] = ns.replace(/^other\//, "").split("/");
  const pretty = [
    namespace
      .split(".")
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join("."),
    ...types,
  ].join("/");
  return key.includes(":d:") ? `${pretty} data` : pretty;
}

/** "Microsoft.Compute (read, write), Microsoft.Network (read)" for a list of keys, at most `max` planes. */
function listPlanes(keys: string[], max = 4): string {
  const by = new Map<string, Set<string>>();
  for (const k of keys)
    getOrInsertComputed(by, planeLabel(k), () => new Set<string>()).add(k.slice(k.lastIndexOf(":") + 1));
  const parts = [...by].map(([plane, verbs]) => `${plane} (${[...verbs].join(", ")})`);
  return parts.length > max ? `${parts.slice(0, max).join(", ")} and ${parts.length - max} more` : parts.join(", ");
}

/**
 * Why a candidate ranks where it does, in words: what it grants of the policy's translation (the policy's main
 * namespaces first), what of it the role lacks, and what the role grants beyond it (changes first; extra reads count
 * little).
 */
function explainMatch(caps: CapabilitySet, cand: RankCandidate, score: number, weights: NamespaceWeights): string {
  const support = new Set([...weights].filter(([, f]) => f < MAIN).map(([ns]) => ns));
  const roleKeys = new Set(Array.from(cand.idx, (i) => keyNames[i]!));
  const main = (k: string) => !support.has(namespaceOf(k));
  const shared = [...caps.keys()].filter((k) => roleKeys.has(k));
  const lacks = [...caps.keys()].filter((k) => !roleKeys.has(k) && main(k));
  const beyond = [...roleKeys].filter((k) => !caps.has(k));
  const beyondChanges = beyond.filter((k) => !isRead(k));
  const beyondReads = beyond.length - beyondChanges.length;
  const parts = [`${Math.round(score * 100)}% alike`];
  const sharedMain = shared.filter(main);
  if (sharedMain.length) parts.push(`grants ${listPlanes(sharedMain)} as the policy does`);
  else if (shared.length) parts.push(`shares only supporting reads: ${listPlanes(shared)}`);
  if (lacks.length) parts.push(`lacks ${listPlanes(lacks)}`);
  if (beyondChanges.length) parts.push(`also changes ${listPlanes(beyondChanges, 3)}`);
  if (beyondReads) parts.push(`reads ${beyondReads} more permission group(s) (extra reads weigh little)`);
  if (support.size)
    parts.push(`services the policy only touches beside its main ones (${support.size} namespace(s)) count less`);
  return `${parts.join("; ")}.`;
}

/** Documented equivalents first (with their computed score), then the best computed matches, best first. */
export function rank(
  caps: CapabilitySet,
  candidates: RankCandidate[],
  documented: { name: string; id: string }[] = [],
  limit = 5,
  weights: NamespaceWeights = defaultWeights(caps),
): BuiltInMatch[] {
  const scores = scoreAll(caps, candidates, weights);
  const out: BuiltInMatch[] = documented.map((d) => {
    const i = candidates.findIndex((c) => c.role.id === d.id);
    return {
      name: d.name,
      id: d.id,
      score: i >= 0 ? round(scores[i]!) : 0,
      basis: "documented" as const,
      why: `Documented equivalent (role-equivalences.json)${i >= 0 ? `; ${explainMatch(caps, candidates[i]!, scores[i]!, weights)}` : "."}`,
    };
  });
  const seen = new Set(out.map((o) => o.id));
  // Top-k by insertion (k ≤ 5): no object per candidate, no full sort of ~1,000 roles.
  const k = Math.max(0, limit - out.length);
  const top: number[] = [];
  const better = (i: number, j: number) => {
    const a = round(scores[i]!);
    const b = round(scores[j]!);
    if (a !== b) return a > b;
    const ei = candidates[i]!.entries;
    const ej = candidates[j]!.entries;
    if (ei !== ej) return ei < ej;
    // Roles that grant the same (App Compliance Automation Reader is `*/read`, as Reader is): the general one, whose
    // name does not narrow it to a product, first.
    const ni = candidates[i]!.role.name;
    const nj = candidates[j]!.role.name;
    return ni.length < nj.length || (ni.length === nj.length && ni.localeCompare(nj) < 0);
  };
  for (let i = 0; i < candidates.length && k > 0; i++) {
    if (!(scores[i]! > 0) || seen.has(candidates[i]!.role.id)) continue;
    if (top.length === k && !better(i, top[k - 1]!)) continue;
    let pos = top.length === k ? k - 1 : top.length;
    while (pos > 0 && better(i, top[pos - 1]!)) pos--;
    top.splice(pos, 0, i);
    if (top.length > k) top.pop();
  }
  const computed = top.map((i) => ({
    name: candidates[i]!.role.name,
    id: candidates[i]!.role.id,
    score: round(scores[i]!),
    why: explainMatch(caps, candidates[i]!, scores[i]!, weights),
  }));
  return [...out, ...computed.map((c) => ({ ...c, basis: "computed" as const }))];
}
