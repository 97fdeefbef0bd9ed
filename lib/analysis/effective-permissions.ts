import { iamMatch } from "../aws-actions/action-pattern";
import type { PermissionSet, Principal, Statement } from "../model";
import { type ActionCatalog, type AccessLevel, ACCESS_LEVELS, actionIndex, expandPatterns } from "./action-catalog";
import { and, andNot, bitsOf, emptyBits, hasBit, orIntoWords, popcount, nonZeroWords, type Bits } from "./bitset";
import type { SourceIndex } from "./source-model";

/** Where a policy reaches a principal from. */
export type PolicyVia = "attached" | "inline" | "group" | "boundary";

export interface PolicySource {
  permissionSet: PermissionSet;
  via: PolicyVia;
  /** For `group`: the group's name. */
  viaName?: string;
}

/** One statement that matches an action, for explanations. */
export interface StatementRef {
  permissionSet: string;
  permissionSetProviderId: string;
  via: PolicyVia;
  viaName?: string;
  sid: string | null;
  /** 0-based position of the statement in its policy (the reference when there is no Sid). */
  index: number;
  effect: "Allow" | "Deny";
  conditional: boolean;
  /** false when the statement names specific resources (or uses NotResource). */
  allResources: boolean;
  resources: string[];
}

/**
 * The effective AWS permissions of one principal, as bit sets over the action catalogue. Conditions are not
 * evaluated — they are flagged: an action allowed only by conditional statements is in `allowed` and not in
 * `unconditional`.
 */
export interface EffectivePermissions {
  principalId: string;
  /** Allowed (on some resource, maybe with a condition), not explicitly denied outright, and within the boundary. */
  allowed: Bits;
  /** ⊆ allowed: at least one Allow without a condition. */
  unconditional: Bits;
  /** ⊆ allowed: allowed on Resource "*" without a condition — what "full access" means (partial Denies aside). */
  fullAccess: Bits;
  /** ⊆ allowed: a Deny with a condition or specific resources also matches (partly denied). */
  partlyDenied: Bits;
  /** Allowed by a policy but explicitly denied (unconditional Deny on every resource). */
  deniedExplicit: Bits;
  /** Allowed by a policy but not by the permission boundary (or denied by it). */
  deniedByBoundary: Bits;
  hasBoundary: boolean;
  sources: PolicySource[];
  /** Action patterns in Allow statements that iam-data does not know (kept, never silently dropped). */
  unknownActions: string[];
}

interface CompiledStatement {
  ref: StatementRef;
  bits: Bits;
  /** The words of `bits` that hold a set bit: a statement names a few actions, so combining a principal's statements
   * ORs a few words each instead of the whole catalogue's ~700 (a `*` statement still ORs them all). */
  words: Uint32Array;
}

interface CompiledPolicy {
  statements: CompiledStatement[];
  unknown: string[];
}

function isConditional(s: Statement): boolean {
  return !!s.conditions && Object.values(s.conditions).some((v) => Object.keys(v).length > 0);
}

function coversAllResources(s: Statement): boolean {
  return s.resources.includes("*") && s.notResources.length === 0;
}

/** An evaluator bound to one source snapshot; policies and policy combinations are compiled once and reused. */
export interface AwsEvaluator {
  catalog: ActionCatalog;
  sourcesOf(principalId: string): PolicySource[];
  effective(principalId: string): EffectivePermissions;
  explain(principalId: string, action: string): ActionExplanation;
}

export type Decision = "allowed" | "allowedWithCondition" | "deniedExplicit" | "deniedByBoundary" | "notAllowed";

export interface ActionExplanation {
  action: string;
  known: boolean;
  level: AccessLevel | null;
  decision: Decision;
  /** Also true for allowed actions when a conditional Deny or a resource-scoped Deny matches. */
  partlyDenied: boolean;
  resourceScoped: boolean;
  allows: StatementRef[];
  denies: StatementRef[];
  boundary: { present: boolean; allows: StatementRef[]; denies: StatementRef[] };
}

/** Policy combinations kept (oldest dropped first). Each holds ~17 KB of bit sets: 1,024 covers the combinations a
 * real tenant repeats, while a tenant of mostly distinct combinations (the 100k benchmark) no longer keeps ~70 MB. */
const COMBO_CACHE = 1024;

export function createAwsEvaluator(index: SourceIndex, catalog: ActionCatalog): AwsEvaluator {
  const compiled = new Map<string, CompiledPolicy>();
  const combos = new Map<string, Omit<EffectivePermissions, "principalId" | "sources">>();
  const scratch = Array.from({ length: 7 }, () => emptyBits(catalog.size)) as [
    Bits,
    Bits,
    Bits,
    Bits,
    Bits,
    Bits,
    Bits,
  ];

  const compile = (set: PermissionSet, via: PolicyVia, viaName?: string): CompiledPolicy => {
    const key = `${set.providerId}\u0000${via}\u0000${viaName ?? ""}`;
    const hit = compiled.get(key);
    if (hit) return hit;
    const unknown: string[] = [];
    const statements = set.statements.map((s, i): CompiledStatement => {
      let bits: Bits;
      if (s.actions.length > 0) {
        const e = expandPatterns(catalog, s.actions);
        bits = e.bits;
        if (s.effect === "Allow") unknown.push(...e.unknown);
      } else {
        // NotAction: everything except the listed actions.
        bits = andNot(catalog.all, expandPatterns(catalog, s.notActions).bits);
      }
      return {
        bits,
        words: nonZeroWords(bits),
        ref: {
          permissionSet: set.name,
          permissionSetProviderId: set.providerId,
          via,
          ...(viaName !== undefined ? { viaName } : {}),
          sid: s.sid ?? null,
          index: i,
          effect: s.effect,
          conditional: isConditional(s),
          allResources: coversAllResources(s),
          resources: s.notResources.length ? s.notResources.map((r) => `NOT ${r}`) : s.resources,
        },
      };
    });
    const c = { statements, unknown };
    compiled.set(key, c);
    return c;
  };

  const sourcesMemo = new Map<string, PolicySource[]>();
  const sourcesOf = (principalId: string): PolicySource[] => {
    const hit = sourcesMemo.get(principalId);
    if (hit) return hit;
    const p = index.principal.get(principalId);
    const out: PolicySource[] = [];
    const seen = new Set<string>();
    const add = (set: PermissionSet | undefined, via: PolicyVia, viaName?: string) => {
      if (!set) return;
      const k = `${set.providerId}|${via}|${viaName ?? ""}`;
      if (seen.has(k)) return;
      seen.add(k);
      out.push({ permissionSet: set, via, ...(viaName !== undefined ? { viaName } : {}) });
    };
    const own = (id: string, owner: Principal | undefined, via: "attached" | "group", viaName?: string) => {
      for (const a of index.assignmentsOf.get(id) ?? []) {
        if (a.kind === "direct") {
          const set = index.permissionSet.get(a.permissionSetProviderId);
          add(set, set?.kind === "inlinePolicy" ? (via === "group" ? "group" : "inline") : via, viaName);
        }
      }
      for (const key of [id, owner?.arn].filter((k): k is string => !!k)) {
        for (const set of index.inlineByOwner.get(key) ?? []) add(set, via === "group" ? "group" : "inline", viaName);
      }
    };
    own(principalId, p, "attached");
    for (const g of index.groupsOf(principalId)) {
      const gp = index.principal.get(g);
      own(g, gp, "group", gp?.name ?? g);
    }
    for (const a of index.assignmentsOf.get(principalId) ?? []) {
      if (a.kind === "boundary") add(index.permissionSet.get(a.permissionSetProviderId), "boundary");
    }
    const arn = p?.attributes.permissionsBoundaryArn;
    if (arn && !out.some((s) => s.via === "boundary")) add(index.permissionSet.get(arn), "boundary");
    sourcesMemo.set(principalId, out);
    return out;
  };

  const combine = (sources: PolicySource[]) => {
    const key = sources
      .map((s) => `${s.permissionSet.providerId}|${s.via}|${s.viaName ?? ""}`)
      .sort()
      .join("\n");
    const hit = combos.get(key);
    if (hit) return hit;
    // Scratch accumulators are reused across calls (analysis is synchronous); only the results are allocated.
    const [allowAny, allowUncond, allowFull, denyFull, denyPartial, bAllow, bDeny] = scratch;
    for (const b of scratch) b.fill(0);
    let hasBoundary = false;
    const unknown = new Set<string>();
    for (const src of sources) {
      const c = compile(src.permissionSet, src.via, src.viaName);
      if (src.via === "boundary") {
        hasBoundary = true;
        for (const st of c.statements) {
          if (st.ref.effect === "Allow") orIntoWords(bAllow, st.bits, st.words);
          else if (!st.ref.conditional && st.ref.allResources) orIntoWords(bDeny, st.bits, st.words);
        }
        continue;
      }
      for (const u of c.unknown) unknown.add(u);
      for (const st of c.statements) {
        if (st.ref.effect === "Allow") {
          orIntoWords(allowAny, st.bits, st.words);
          if (!st.ref.conditional) {
            orIntoWords(allowUncond, st.bits, st.words);
            if (st.ref.allResources) orIntoWords(allowFull, st.bits, st.words);
          }
        } else if (!st.ref.conditional && st.ref.allResources) orIntoWords(denyFull, st.bits, st.words);
        else orIntoWords(denyPartial, st.bits, st.words);
      }
    }
    // One allocation for the six results (views of one buffer): a tenant of mostly distinct combinations computes
    // this for nearly every principal, and six small ArrayBuffers each cost a malloc and a GC finalizer.
    const words = allowAny.length;
    const block = new Uint32Array(words * 6);
    const allowed = block.subarray(0, words);
    const unconditional = block.subarray(words, 2 * words);
    const fullAccess = block.subarray(2 * words, 3 * words);
    const partlyDenied = block.subarray(3 * words, 4 * words);
    const deniedExplicit = block.subarray(4 * words, 5 * words);
    const deniedByBoundary = block.subarray(5 * words, 6 * words);
    for (let w = 0; w < allowed.length; w++) {
      const notDenied = allowAny[w]! & ~denyFull[w]!;
      const ok = hasBoundary ? bAllow[w]! & ~bDeny[w]! : 0xffffffff;
      const a = notDenied & ok;
      allowed[w] = a;
      unconditional[w] = a & allowUncond[w]!;
      // Conditional or resource-scoped Denies (e.g. "deny without MFA") do not lower the ceiling; they are flagged.
      fullAccess[w] = a & allowFull[w]!;
      partlyDenied[w] = a & denyPartial[w]!;
      deniedExplicit[w] = allowAny[w]! & denyFull[w]!;
      deniedByBoundary[w] = notDenied & ~ok;
    }
    const result = {
      allowed,
      unconditional,
      fullAccess,
      partlyDenied,
      deniedExplicit,
      deniedByBoundary,
      hasBoundary,
      unknownActions: [...unknown].sort(),
    };
    // Bounded: with unique policy combinations (100k principals) an unbounded cache would hold gigabytes.
    if (combos.size >= COMBO_CACHE) combos.delete(combos.keys().next().value!);
    combos.set(key, result);
    return result;
  };

  const effective = (principalId: string): EffectivePermissions => {
    const sources = sourcesOf(principalId);
    return { principalId, sources, ...combine(sources) };
  };

  const explain = (principalId: string, action: string): ActionExplanation => {
    const i = actionIndex(catalog, action);
    const known = i !== undefined;
    const canonical = known ? catalog.actions[i]!.key : action;
    const matches = (st: CompiledStatement, s: Statement): boolean => {
      if (i !== undefined) return hasBit(st.bits, i);
      // Unknown action: fall back to matching the literal patterns.
      const pats = s.actions.length ? s.actions : s.notActions;
      const hit = pats.some((p) => iamMatch(p, action));
      return s.actions.length ? hit : !hit;
    };
    const allows: StatementRef[] = [];
    const denies: StatementRef[] = [];
    const bAllows: StatementRef[] = [];
    const bDenies: StatementRef[] = [];
    let hasBoundary = false;
    for (const src of sourcesOf(principalId)) {
      const c = compile(src.permissionSet, src.via, src.viaName);
      if (src.via === "boundary") hasBoundary = true;
      c.statements.forEach((st, k) => {
        if (!matches(st, src.permissionSet.statements[k]!)) return;
        if (src.via === "boundary") (st.ref.effect === "Allow" ? bAllows : bDenies).push(st.ref);
        else (st.ref.effect === "Allow" ? allows : denies).push(st.ref);
      });
    }
    const hardDeny = denies.some((d) => !d.conditional && d.allResources);
    const boundaryBlocks =
      hasBoundary && (bAllows.length === 0 || bDenies.some((d) => !d.conditional && d.allResources));
    let decision: Decision;
    if (allows.length === 0) decision = "notAllowed";
    else if (hardDeny) decision = "deniedExplicit";
    else if (boundaryBlocks) decision = "deniedByBoundary";
    else if (allows.some((a) => !a.conditional)) decision = "allowed";
    else decision = "allowedWithCondition";
    const allowedNow = decision === "allowed" || decision === "allowedWithCondition";
    return {
      action: canonical,
      known,
      level: i !== undefined ? catalog.actions[i]!.level : null,
      decision,
      partlyDenied: allowedNow && denies.length > 0,
      resourceScoped: allowedNow && !allows.some((a) => a.allResources),
      allows,
      denies,
      boundary: { present: hasBoundary, allows: bAllows, denies: bDenies },
    };
  };

  return { catalog, sourcesOf, effective, explain };
}

export interface ServiceSummary {
  service: string;
  serviceName: string;
  total: number;
  byLevel: Record<AccessLevel, number>;
}

export interface PermissionSummary {
  allowed: number;
  conditional: number;
  deniedExplicit: number;
  deniedByBoundary: number;
  byLevel: Record<AccessLevel, number>;
  services: ServiceSummary[];
  unknownActions: string[];
}

function zeroLevels(): Record<AccessLevel, number> {
  return Object.fromEntries(ACCESS_LEVELS.map((l) => [l, 0])) as Record<AccessLevel, number>;
}

/** Counts of allowed actions by access level and by service (services sorted by how much they grant). */
export function summarizePermissions(eff: EffectivePermissions, catalog: ActionCatalog): PermissionSummary {
  const byLevel = zeroLevels();
  for (const l of ACCESS_LEVELS) byLevel[l] = popcount(and(eff.allowed, catalog.levelBits[l]));
  const services: ServiceSummary[] = [];
  for (const [service, [start, end]] of catalog.serviceRange) {
    let total = 0;
    const levels = zeroLevels();
    // Walk only the words of this service's range.
    for (let w = start >>> 5; w <= (end - 1) >>> 5 && w < eff.allowed.length; w++) {
      let v = eff.allowed[w]!;
      while (v !== 0) {
        const t = v & -v;
        const i = (w << 5) + (31 - Math.clz32(t));
        v ^= t;
        if (i < start || i >= end) continue;
        total++;
        levels[catalog.actions[i]!.level]++;
      }
    }
    if (total > 0)
      services.push({ service, serviceName: catalog.serviceNames.get(service) ?? service, total, byLevel: levels });
  }
  services.sort((a, b) => b.total - a.total || a.service.localeCompare(b.service));
  return {
    allowed: popcount(eff.allowed),
    conditional: popcount(andNot(eff.allowed, eff.unconditional)),
    deniedExplicit: popcount(eff.deniedExplicit),
    deniedByBoundary: popcount(eff.deniedByBoundary),
    byLevel,
    services,
    unknownActions: eff.unknownActions,
  };
}

export interface ActionRow {
  action: string;
  service: string;
  level: AccessLevel;
  levels: AccessLevel[];
  conditional: boolean;
  resourceScoped: boolean;
  partlyDenied: boolean;
}

/** The allowed actions themselves, optionally of one service and/or level (for a drill-down table). */
export function listAllowedActions(
  eff: EffectivePermissions,
  catalog: ActionCatalog,
  filter: { service?: string; level?: AccessLevel; limit?: number } = {},
): ActionRow[] {
  const out: ActionRow[] = [];
  const range = filter.service ? catalog.serviceRange.get(filter.service.toLowerCase()) : undefined;
  if (filter.service && !range) return out;
  for (const i of bitsOf(eff.allowed)) {
    if (range && (i < range[0] || i >= range[1])) continue;
    const a = catalog.actions[i]!;
    if (filter.level && a.level !== filter.level) continue;
    out.push({
      action: a.key,
      service: a.service,
      level: a.level,
      levels: a.levels,
      conditional: !hasBit(eff.unconditional, i),
      resourceScoped: !hasBit(eff.fullAccess, i) && hasBit(eff.unconditional, i),
      partlyDenied: hasBit(eff.partlyDenied, i),
    });
    if (filter.limit && out.length >= filter.limit) break;
  }
  return out;
}
