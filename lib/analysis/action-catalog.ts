import { matchActionPattern, type ActionLookup } from "../aws-actions/action-pattern";
import {
  awsActionDataVersion,
  awsServiceActions,
  awsServiceKeys,
  awsServiceName,
  splitAccessLevels,
} from "../aws-actions/iam-data";
import { emptyBits, fullBits, setBit, type Bits } from "./bitset";
import correctionsJson from "./data/aws-access-corrections.json";

// iam-data's combined access-level strings are split in lib/aws-actions; the scale itself is lib/model's.
import { ACCESS_LEVELS, type AccessLevel } from "../model";

export { ACCESS_LEVELS, type AccessLevel };

export interface CatalogAction {
  /** Canonical "service:ActionName" as AWS spells it. */
  key: string;
  service: string;
  name: string;
  levels: AccessLevel[];
  /** The level an action is classed under (the most powerful of its levels). */
  level: AccessLevel;
  /** iam-data's levels when data/aws-access-corrections.json corrects them (levels then holds the correction). */
  dataLevels?: AccessLevel[];
}

/** One row of data/aws-access-corrections.json. */
export interface AccessCorrection {
  action: string;
  level: AccessLevel;
  /** Applies only when every allowing statement carries this StringEquals condition (key → values). */
  when?: Record<string, string[]>;
  reason: string;
  source: string;
}

export const ACCESS_CORRECTIONS: AccessCorrection[] = correctionsJson.corrections as AccessCorrection[];

/** Unconditional corrections by lower-cased action key. */
const CORRECTED = new Map(ACCESS_CORRECTIONS.filter((c) => !c.when).map((c) => [c.action.toLowerCase(), c]));

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

export function parseAccessLevels(raw: string | string[]): AccessLevel[] {
  const parts = typeof raw === "string" ? splitAccessLevels(raw) : raw;
  const out = parts.filter((p): p is AccessLevel => (ACCESS_LEVELS as readonly string[]).includes(p));
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
  const services = await awsServiceKeys();
  const [lists, names] = await Promise.all([
    Promise.all(services.map(awsServiceActions)),
    Promise.all(services.map(awsServiceName)),
  ]);
  const actions: CatalogAction[] = [];
  const serviceRange = new Map<string, [number, number]>();
  const serviceNames = new Map<string, string>();
  services.forEach((service, s) => {
    const start = actions.length;
    for (const d of lists[s]!) {
      const dataLevels = parseAccessLevels(d.accessLevels);
      const key = `${service}:${d.name}`;
      const fix = CORRECTED.get(key.toLowerCase());
      const levels = fix ? [fix.level] : dataLevels;
      actions.push({ key, service, name: d.name, levels, level: primaryLevel(levels), ...(fix ? { dataLevels } : {}) });
    }
    serviceRange.set(service, [start, actions.length]);
    serviceNames.set(service, names[s]!);
  });
  return fromActions(actions, serviceRange, serviceNames, await awsActionDataVersion());
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
  return {
    version,
    actions,
    size,
    byKey,
    serviceRange: ranges,
    serviceNames,
    levelBits,
    all: fullBits(size),
    cache: new Map(),
  };
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

/**
 * The actions an IAM action pattern names (`*`, `s3:*`, `s3:Get*`, `ec2:Describe?nstances`, case-insensitive), as
 * lib/aws-actions matches them for translation too. Memoized: `*` or `s3:Get*` is computed once per process, whatever
 * the number of principals.
 */
export function expandPattern(cat: ActionCatalog, pattern: string): Expansion {
  const key = pattern.trim().toLowerCase();
  const hit = cat.cache.get(key);
  if (hit) return hit;
  const found = matchActionPattern(lookupOf(cat), key);
  let result: Expansion;
  if (found === "all") result = { bits: cat.all, unknown: false };
  else {
    const bits = emptyBits(cat.size);
    for (const i of found ?? []) setBit(bits, i);
    result = { bits, unknown: !found?.length };
  }
  cat.cache.set(key, result);
  return result;
}

/** The catalogue as matchActionPattern reads it: actions are their indices (bit positions). */
function lookupOf(cat: ActionCatalog): ActionLookup<number> {
  return {
    serviceKeys: () => [...cat.serviceRange.keys()],
    actions: (s) => {
      const r = cat.serviceRange.get(s);
      return r ? Array.from({ length: r[1] - r[0] }, (_, k) => r[0] + k) : [];
    },
    action: (s, name) => cat.byKey.get(`${s}:${name.toLowerCase()}`),
    nameOf: (i) => cat.actions[i]!.name,
  };
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
