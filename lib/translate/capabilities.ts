/**
 * Capabilities: the common vocabulary similarity is measured in. An AWS action, an Azure operation and an Entra
 * resource action all become keys "az:<namespace>:<plane>:<verb>" (resource plane, c = control / d = data) or
 * "dir:<entity>:<verb>" (directory plane), weighted by verb. Similarity = weighted Jaccard Σmin / Σmax.
 */
import type { AwsActionInfo } from "./aws-catalog";
import {
  AZURE_NAMESPACES,
  DATA,
  DIRECTORY_ENTITIES,
  awsVerb,
  guessVerb,
  directoryEntityOf,
  isDataAction,
  parseAzureAction,
  parseEntraAction,
  serviceMapping,
  targetOf,
  verbWeight,
  type AzureBuiltInRole,
  type EntraBuiltInRole,
  type Verb,
} from "./crosswalk";

export type CapabilitySet = Map<string, number>;

function put(set: CapabilitySet, key: string, verb: Verb): void {
  set.set(key, verbWeight(verb));
}

const keyCache = new Map<string, { key: string; verb: Verb }[]>();

/** Capability keys of one AWS action (none when its service has no Azure counterpart); memoized. */
export function awsActionKeys(a: AwsActionInfo): { key: string; verb: Verb }[] {
  const id = `${a.service}:${a.name}:${a.accessLevels.join("|")}`;
  let hit = keyCache.get(id);
  if (!hit) keyCache.set(id, (hit = computeKeys(a, a.accessLevels.length ? awsVerb(a) : guessVerb(a.name))));
  return hit;
}

function computeKeys(a: AwsActionInfo, verb: Verb): { key: string; verb: Verb }[] {
  const m = serviceMapping(a.service);
  if (!m) return [];
  const out: { key: string; verb: Verb }[] = [];
  const entity = directoryEntityOf(m, a.name);
  if (entity) out.push({ key: `dir:${entity}:${verb}`, verb });
  if (m.directory && m.aws === "iam") {
    // IAM users/groups live in the directory; only roles and policies have a resource-plane (RBAC) counterpart.
    if (entity === "roleAssignments" || entity === "organization")
      out.push({ key: `az:microsoft.authorization:c:${verb === "read" ? "read" : "permissions"}`, verb });
    return out;
  }
  if (verb === "permissions") {
    out.push({ key: "az:microsoft.authorization:c:permissions", verb });
    return out;
  }
  const target = targetOf(m, a.name);
  const plane = isDataAction(m, a.name) ? "d" : "c";
  out.push({ key: `az:${target.namespace.toLowerCase()}:${plane}:${verb}`, verb });
  return out;
}

/** Capabilities of a set of allowed AWS actions. */
export function awsCapabilities(actions: Iterable<AwsActionInfo>): CapabilitySet {
  const set: CapabilitySet = new Map();
  for (const a of actions) for (const k of awsActionKeys(a)) put(set, k.key, k.verb);
  return set;
}

function azureKeys(op: string, data: boolean, subtracting: boolean): { key: string; verb: Verb }[] {
  const p = parseAzureAction(op, data);
  // A narrow exclusion (one resource type's one operation) must not erase a whole namespace-verb.
  if (subtracting && p.resourcePath !== "" && p.resourcePath !== "*") return [];
  const out: { key: string; verb: Verb }[] = [];
  if (p.namespace !== "*" && !AZURE_NAMESPACES.includes(p.namespace)) {
    // Outside the crosswalk: still counts against similarity (a role that also manages other services is less alike).
    for (const v of p.verbs) if (v !== "permissions") out.push({ key: `az:other/${p.namespace}:${data ? "d" : "c"}:${v}`, verb: v });
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

let azureCache: { role: AzureBuiltInRole; caps: CapabilitySet }[] | undefined;
let entraCache: { role: EntraBuiltInRole; caps: CapabilitySet }[] | undefined;

export function azureRoleCapabilities(): { role: AzureBuiltInRole; caps: CapabilitySet }[] {
  azureCache ??= DATA.azureRoles.map((role) => ({ role, caps: azureCapabilities(role) }));
  return azureCache;
}

export function entraRoleCapabilities(): { role: EntraBuiltInRole; caps: CapabilitySet }[] {
  entraCache ??= DATA.entraRoles.map((role) => ({ role, caps: entraCapabilities(role.allowedResourceActions) }));
  return entraCache;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Documented equivalents first (with their computed score), then the best computed matches, best first. */
export function rank(
  caps: CapabilitySet,
  candidates: { role: { name: string; id: string }; caps: CapabilitySet }[],
  documented: { name: string; id: string }[] = [],
  limit = 5,
): BuiltInMatch[] {
  const scored = candidates.map((c) => ({ name: c.role.name, id: c.role.id, score: round(similarity(caps, c.caps)) }));
  const byId = new Map(scored.map((s) => [s.id, s]));
  const out: BuiltInMatch[] = documented.map((d) => ({
    name: d.name,
    id: d.id,
    score: byId.get(d.id)?.score ?? 0,
    basis: "documented" as const,
  }));
  const seen = new Set(out.map((o) => o.id));
  const computed = scored
    .filter((s) => s.score > 0 && !seen.has(s.id))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, Math.max(0, limit - out.length));
  return [...out, ...computed.map((c) => ({ ...c, basis: "computed" as const }))];
}
