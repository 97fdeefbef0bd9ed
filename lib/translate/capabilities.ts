import {
  AZURE_NAMESPACES,
  DATA,
  DIRECTORY_ENTITIES,
  parseAzureAction,
  parseEntraAction,
  verbWeight,
  type Verb,
} from "./crosswalk";
import { getOrInsertComputed } from "../get-or-insert";

export type CapabilitySet = Map<string, number>;

const ANCILLARY = Object.entries(DATA.levels.ancillaryWeights);
/** Weight of a main-resource-type key relative to its verb's weight (see primaryKeys). */
const PRIMARY_WEIGHT = 4;
/** How much a candidate's reads beyond the query count against it, relative to its other extra permissions. */
const EXTRA_READ = 0.05;
/** Weight of the keys of a query's supporting namespaces (see supportingNamespaces). */
const SUPPORT = 0.2;

/** Weight of a key: its verb's weight, scaled down for the plumbing permissions nearly every Azure role carries. */
export function keyWeight(key: string, verb: Verb): number {
  const factor = ANCILLARY.find(([prefix]) => key.startsWith(prefix))?.[1] ?? 1;
  return verbWeight(verb) * factor;
}

function put(set: CapabilitySet, key: string, verb: Verb): void {
  set.set(key, keyWeight(key, verb));
}

/** Every data-plane key the crosswalk can produce (from its data-action lists). */
const DATA_KEYS: string[] = [
  ...new Set(
    DATA.crosswalk.services
      .flatMap((m) => (m.data ? [...m.data.read, ...m.data.write, ...m.data.delete] : []))
      .map((op) => dataKey(op)),
  ),
];

/**
 * The data-plane key of an Azure data operation: namespace + the first two resource-type segments, so blob, queue,
 * table and file data (all Microsoft.Storage) stay apart: "az:microsoft.storage/storageaccounts/blobservices:d".
 */
export function dataKey(op: string): string {
  const parts = op.toLowerCase().split("/");
  const path = parts.slice(1, 3).filter((x) => x && x !== "*" && !["read", "write", "delete", "action"].includes(x));
  return `az:${[parts[0], ...path].join("/")}:d`;
}

function azureKeys(op: string, data: boolean, subtracting: boolean): { key: string; verb: Verb }[] {
  const p = parseAzureAction(op, data);
  if (data && p.namespace !== "*") {
    const verbs = p.verbs.filter((v) => v !== "permissions" && v !== "action");
    const concrete = p.resourcePath.split("/");
    const depth = concrete.findIndex((x) => !x || x.includes("*"));
    if ((depth < 0 ? concrete.length : depth) >= 2) {
      if (subtracting && !/\/\*$/.test(op) && !op.endsWith("/*/read")) return [];
      return verbs.map((v) => ({ key: `${dataKey(op)}:${v}`, verb: v }));
    }
    // A wildcard above the data type (Microsoft.KeyVault/vaults/*): every known data type below it.
    const prefix = `az:${[p.namespace, ...concrete.slice(0, depth < 0 ? concrete.length : depth)].filter(Boolean).join("/")}`;
    const below = DATA_KEYS.filter((k) => k === `${prefix}:d` || k.startsWith(`${prefix}/`));
    if (below.length) return below.flatMap((k) => verbs.map((v) => ({ key: `${k}:${v}`, verb: v })));
  }
  // A narrow exclusion (one resource type's one operation) must not erase a whole namespace-verb.
  if (subtracting && p.resourcePath !== "" && p.resourcePath !== "*") return [];
  const out: { key: string; verb: Verb }[] = [];
  if (p.namespace !== "*" && !AZURE_NAMESPACES.includes(p.namespace)) {
    // Outside the crosswalk: still counts against similarity (a role that also manages other services is less alike).
    for (const v of p.verbs)
      if (v !== "permissions") out.push({ key: `az:other/${p.namespace}:${data ? "d" : "c"}:${v}`, verb: v });
    return out;
  }
  const namespaces = p.namespace === "*" ? AZURE_NAMESPACES : [p.namespace];
  for (const ns of namespaces) {
    for (const v of p.verbs) {
      if (v === "permissions" && ns !== "microsoft.authorization") continue;
      if (ns === "microsoft.authorization" && v !== "read" && v !== "permissions") continue;
      out.push({ key: `az:${ns}:${data ? "d" : "c"}:${v}`, verb: v });
    }
  }
  return out;
}

/**
 * The resource types each AWS service is about, in Azure terms (service-crosswalk.json: ec2 → Microsoft.Compute
 * virtualMachines, lambda → Microsoft.Web sites, ecr → Microsoft.ContainerRegistry registries…), by namespace.
 */
const PRIMARY_TYPES: Map<string, Set<string>> = (() => {
  const m = new Map<string, Set<string>>();
  for (const s of DATA.crosswalk.services) {
    const ns = s.namespace.toLowerCase();
    const set = getOrInsertComputed(m, ns, () => new Set<string>());
    for (const t of s.resourceTypes ?? []) set.add(t.toLowerCase());
  }
  return m;
})();

/**
 * Control-plane keys on the service's main resource types ("az:microsoft.compute/virtualmachines:c:write"): what
 * separates the role that manages virtual machines from one that manages a cluster's machines or a gallery's images,
 * which the namespace-level keys cannot tell apart. A wildcard over the type (Microsoft.Compute/*, or a read of every namespace) names
 * every main type of its namespace(s).
 */
function primaryKeys(op: string, subtracting: boolean): { key: string; verb: Verb }[] {
  const p = parseAzureAction(op, false);
  const first = p.resourcePath.split("/")[0] ?? "";
  const namespaces =
    p.namespace === "*" ? [...PRIMARY_TYPES.keys()] : PRIMARY_TYPES.has(p.namespace) ? [p.namespace] : [];
  const out: { key: string; verb: Verb }[] = [];
  for (const ns of namespaces) {
    const types = PRIMARY_TYPES.get(ns)!;
    // An exclusion removes a type only when it names the type and everything below it.
    const wide = first === "" || first === "*";
    if (subtracting && (wide || p.resourcePath !== first)) continue;
    for (const t of wide ? types : types.has(first) && p.resourcePath.split("/").length === 1 ? [first] : [])
      for (const v of p.verbs) if (v !== "permissions") out.push({ key: `az:${ns}/${t}:c:${v}`, verb: v });
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
    for (const k of azureKeys(op, false, false)) put(set, k.key, k.verb);
    for (const k of primaryKeys(op, false)) set.set(k.key, verbWeight(k.verb) * PRIMARY_WEIGHT);
  }
  for (const op of p.dataActions) for (const k of azureKeys(op, true, false)) put(set, k.key, k.verb);
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
  total: number;
  /** The part of `total` on read keys. */
  readTotal: number;
  /** Per Azure namespace of its keys: [read weight, other weight] (to re-weight supporting namespaces per query). */
  byNamespace: Map<string, [number, number]>;
  /** How many permission entries the role lists: of two roles alike to the query, the simpler one ranks first. */
  entries: number;
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
): RankCandidate {
  const entries = [...caps];
  return {
    role,
    entries: listed,
    idx: Int32Array.from(entries.map(([k]) => intern(k))),
    w: Float64Array.from(entries.map(([, v]) => v)),
    total: entries.reduce((n, [, v]) => n + v, 0),
    readTotal: entries.reduce((n, [k, v]) => n + (isAzureRead(k) ? v : 0), 0),
    byNamespace: entries.reduce((m, [k, v]) => {
      const sums = getOrInsertComputed(m, namespaceOf(k), () => [0, 0] as [number, number]);
      sums[isRead(k) ? 0 : 1] += v;
      return m;
    }, new Map<string, [number, number]>()),
  };
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
  azureCache ??= DATA.azureRoles.map((role) =>
    toCandidate(role, azureCapabilities(role), role.actions.length + role.dataActions.length),
  );
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
const postingsCache = new WeakMap<RankCandidate[], Map<number, { c: number; w: number }[]>>();
function postingsOf(candidates: RankCandidate[]): Map<number, { c: number; w: number }[]> {
  let p = postingsCache.get(candidates);
  if (!p) {
    p = new Map();
    candidates.forEach((cand, c) => {
      for (let j = 0; j < cand.idx.length; j++) {
        const k = cand.idx[j]!;
        const list = p!.get(k);
        if (list) list.push({ c, w: cand.w[j]! });
        else p!.set(k, [{ c, w: cand.w[j]! }]);
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
 * weight beyond it, where (a) extra reads count EXTRA_READ of their weight — a role that also reads other services
 * (Reader) is a smaller step from the query than one that also changes them — and (b) keys in the query's supporting
 * namespaces count SUPPORT of their weight on both sides. With EXTRA_READ = SUPPORT = 1 this is the weighted Jaccard
 * similarity of `similarity`.
 */
function scoreAll(caps: CapabilitySet, candidates: RankCandidate[]): Float64Array {
  const postings = postingsOf(candidates);
  const support = supportingNamespaces(caps);
  const min = new Float64Array(candidates.length);
  const minRead = new Float64Array(candidates.length);
  let qTotal = 0;
  for (const [k, v0] of caps) {
    const f = support.has(namespaceOf(k)) ? SUPPORT : 1;
    qTotal += v0 * f;
    const i = keyIndex.get(k);
    if (i === undefined) continue;
    const read = isAzureRead(k);
    for (const { c, w } of postings.get(i) ?? []) {
      const m = Math.min(v0, w) * f;
      min[c]! += m;
      if (read) minRead[c]! += m;
    }
  }
  const scores = new Float64Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) {
    const m = min[c]!;
    if (!(m > 0)) continue;
    const cand = candidates[c]!;
    let readTotal = cand.readTotal;
    let otherTotal = cand.total - cand.readTotal;
    for (const ns of support) {
      const sums = cand.byNamespace.get(ns);
      if (!sums) continue;
      readTotal -= (1 - SUPPORT) * sums[0];
      otherTotal -= (1 - SUPPORT) * sums[1];
    }
    const extraRead = readTotal - minRead[c]!;
    const extraOther = otherTotal - (m - minRead[c]!);
    scores[c] = m / (qTotal + EXTRA_READ * extraRead + extraOther);
  }
  return scores;
}

/** "microsoft.compute" → "Microsoft.Compute"; directory keys name their entity. */
function planeLabel(key: string): string {
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
function explainMatch(caps: CapabilitySet, cand: RankCandidate, score: number): string {
  const support = supportingNamespaces(caps);
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
    parts.push(
      `neighbouring services the policy only reads (${support.size} namespace(s)) count ${Math.round(SUPPORT * 100)}%`,
    );
  return `${parts.join("; ")}.`;
}

/** Documented equivalents first (with their computed score), then the best computed matches, best first. */
export function rank(
  caps: CapabilitySet,
  candidates: RankCandidate[],
  documented: { name: string; id: string }[] = [],
  limit = 5,
): BuiltInMatch[] {
  const scores = scoreAll(caps, candidates);
  const out: BuiltInMatch[] = documented.map((d) => {
    const i = candidates.findIndex((c) => c.role.id === d.id);
    return {
      name: d.name,
      id: d.id,
      score: i >= 0 ? round(scores[i]!) : 0,
      basis: "documented" as const,
      why: `Documented equivalent (role-equivalences.json)${i >= 0 ? `; ${explainMatch(caps, candidates[i]!, scores[i]!)}` : "."}`,
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
    why: explainMatch(caps, candidates[i]!, scores[i]!),
  }));
  return [...out, ...computed.map((c) => ({ ...c, basis: "computed" as const }))];
}
