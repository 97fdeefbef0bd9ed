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

/** Capabilities of an Azure permission block (Actions − NotActions, DataActions − NotDataActions). */
export function azureCapabilities(p: {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}): CapabilitySet {
  const set: CapabilitySet = new Map();
  for (const op of p.actions) for (const k of azureKeys(op, false, false)) put(set, k.key, k.verb);
  for (const op of p.dataActions) for (const k of azureKeys(op, true, false)) put(set, k.key, k.verb);
  for (const op of p.notActions) for (const k of azureKeys(op, false, true)) set.delete(k.key);
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
}

/** A candidate role with its capabilities as sparse (key index, weight) arrays, for fast ranking. */
export interface RankCandidate {
  role: { name: string; id: string };
  idx: Int32Array;
  w: Float64Array;
  total: number;
}

// Key interning: every capability key gets a small integer so ranking is array arithmetic, not Map lookups
// (ranking 1,600 policies × 928 Azure roles must stay well under a second).
const keyIndex = new Map<string, number>();
function intern(key: string): number {
  return getOrInsertComputed(keyIndex, key, () => keyIndex.size);
}

export function toCandidate(role: { name: string; id: string }, caps: CapabilitySet): RankCandidate {
  const entries = [...caps];
  return {
    role,
    idx: Int32Array.from(entries.map(([k]) => intern(k))),
    w: Float64Array.from(entries.map(([, v]) => v)),
    total: entries.reduce((n, [, v]) => n + v, 0),
  };
}

let azureCache: RankCandidate[] | undefined;
let entraCache: RankCandidate[] | undefined;

export function azureRoleCapabilities(): RankCandidate[] {
  azureCache ??= DATA.azureRoles.map((role) => toCandidate(role, azureCapabilities(role)));
  return azureCache;
}

export function entraRoleCapabilities(): RankCandidate[] {
  entraCache ??= DATA.entraRoles.map((role) => toCandidate(role, entraCapabilities(role.allowedResourceActions)));
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

/** Weighted Jaccard of a query against every candidate (same value as `similarity`). */
function scoreAll(caps: CapabilitySet, candidates: RankCandidate[]): Float64Array {
  const postings = postingsOf(candidates);
  const min = new Float64Array(candidates.length);
  let qTotal = 0;
  for (const [k, v] of caps) {
    qTotal += v;
    const i = keyIndex.get(k);
    if (i === undefined) continue;
    for (const { c, w } of postings.get(i) ?? []) min[c]! += Math.min(v, w);
  }
  const scores = new Float64Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) {
    const m = min[c]!;
    if (m > 0) scores[c] = m / (qTotal + candidates[c]!.total - m);
  }
  return scores;
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
    return { name: d.name, id: d.id, score: i >= 0 ? round(scores[i]!) : 0, basis: "documented" as const };
  });
  const seen = new Set(out.map((o) => o.id));
  // Top-k by insertion (k ≤ 5): no object per candidate, no full sort of ~1,000 roles.
  const k = Math.max(0, limit - out.length);
  const top: number[] = [];
  const better = (i: number, j: number) => {
    const a = round(scores[i]!);
    const b = round(scores[j]!);
    return a > b || (a === b && candidates[i]!.role.name.localeCompare(candidates[j]!.role.name) < 0);
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
  }));
  return [...out, ...computed.map((c) => ({ ...c, basis: "computed" as const }))];
}
