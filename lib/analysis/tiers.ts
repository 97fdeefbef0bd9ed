import type { Tier, TierReason } from "../model";
import { TIERS } from "../model";
import { expandPatterns, type ActionCatalog } from "./action-catalog";
import { bitsOf, covers, emptyBits, firstInRange, orInto, popcount, type Bits } from "./bitset";
import type { AwsEvaluator, EffectivePermissions, StatementRef } from "./effective-permissions";
import { classifyRoleActions, lookupEntraRole, roleTemplateId } from "./entra-roles";
import type { SourceIndex } from "./source-model";
import awsPrivilege from "./data/aws-privilege.json";
import { getOrInsertComputed } from "../get-or-insert";

/** Rank for sorting and comparing tiers: admin 4 … none 0. */
export const TIER_RANK: Record<Tier, number> = { admin: 4, privileged: 3, write: 2, read: 1, none: 0 };

export function maxTier(...tiers: (Tier | null | undefined)[]): Tier | null {
  let best: Tier | null = null;
  for (const t of tiers) if (t && (best === null || TIER_RANK[t] > TIER_RANK[best])) best = t;
  return best;
}

export function isTier(v: unknown): v is Tier {
  return typeof v === "string" && (TIERS as readonly string[]).includes(v);
}

/**
 * A principal's place on the one privilege scale, with the policies or roles that put it there. Eligible (PIM)
 * access is reported apart: `tier` is what the principal holds now.
 */
export interface TierResult {
  tier: Tier;
  reasons: TierReason[];
  /** Highest tier reachable by activating an eligible assignment; null when there is none. */
  eligibleTier: Tier | null;
  eligibleReasons: TierReason[];
}

interface AwsMasks {
  iamPlane: Bits;
  escalation: Bits;
  escalationAllResources: Bits;
  /** Credential actions that are write on oneself when scoped to the principal's own user (see the JSON's $comment). */
  selfService: Bits;
  passRole: Bits;
  passRoleWith: Bits;
  writeLike: Bits;
  readLike: Bits;
}

const masksByCatalog = new WeakMap<ActionCatalog, AwsMasks>();

function awsMasks(cat: ActionCatalog): AwsMasks {
  const hit = masksByCatalog.get(cat);
  if (hit) return hit;
  const iamPlane = emptyBits(cat.size);
  for (const svc of awsPrivilege.iamPlaneServices) {
    const r = cat.serviceRange.get(svc);
    if (!r) continue;
    for (let i = r[0]; i < r[1]; i++)
      if (cat.actions[i]!.levels.includes("Permissions management")) iamPlane[i >>> 5]! |= 1 << (i & 31);
  }
  const writeLike = orInto(orInto(emptyBits(cat.size), cat.levelBits.Write), cat.levelBits.Tagging);
  orInto(writeLike, cat.levelBits["Permissions management"]);
  const m: AwsMasks = {
    iamPlane,
    escalation: expandPatterns(
      cat,
      awsPrivilege.escalationActions.filter((a) => !awsPrivilege.escalationNeedsAllResources.includes(a)),
    ).bits,
    escalationAllResources: expandPatterns(cat, awsPrivilege.escalationNeedsAllResources).bits,
    selfService: expandPatterns(cat, awsPrivilege.selfServiceActions).bits,
    passRole: expandPatterns(cat, ["iam:PassRole"]).bits,
    passRoleWith: expandPatterns(cat, awsPrivilege.passRoleWith).bits,
    writeLike,
    readLike: orInto(orInto(emptyBits(cat.size), cat.levelBits.Read), cat.levelBits.List),
  };
  masksByCatalog.set(cat, m);
  return m;
}

function viaText(r: StatementRef): string {
  if (r.via === "group") return `group ${r.viaName ?? "?"}`;
  return r.via;
}

function refsToReasons(tier: Tier, refs: StatementRef[], detail: (r: StatementRef) => string): TierReason[] {
  const seen = new Map<string, TierReason>();
  for (const r of refs) {
    const key = `${r.permissionSetProviderId}|${r.via}|${r.viaName ?? ""}`;
    if (seen.has(key)) continue;
    seen.set(key, {
      tier,
      permissionSet: r.permissionSet,
      permissionSetProviderId: r.permissionSetProviderId,
      via: viaText(r),
      detail: detail(r),
    });
  }
  return [...seen.values()];
}

const stmtName = (r: StatementRef) => (r.sid ? `statement ${r.sid}` : `statement #${r.index + 1}`);
const cond = (r: StatementRef) => (r.conditional ? " (with a condition)" : "");

const awsCache = new WeakMap<Bits, TierResult>();

// Scratch bit sets for awsTier's intermediate intersections, one set per catalogue: awsTier runs for every AWS
// principal (60k at 100k people) and is synchronous, so reusing them saves ~6 allocations of ~3 KB per principal.
const scratchByCatalog = new WeakMap<ActionCatalog, [Bits, Bits, Bits, Bits]>();

function scratchOf(cat: ActionCatalog): [Bits, Bits, Bits, Bits] {
  return getOrInsertComputed(scratchByCatalog, cat, () => [
    emptyBits(cat.size),
    emptyBits(cat.size),
    emptyBits(cat.size),
    emptyBits(cat.size),
  ]);
}

/** out = a & b (in place into out). */
function andInto(out: Bits, a: Bits, b: Bits): Bits {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** The first bit set in both a and b, or -1 (no allocation). */
function firstCommon(a: Bits, b: Bits): number {
  for (let w = 0; w < a.length; w++) {
    const v = a[w]! & b[w]!;
    if (v !== 0) return (w << 5) + (31 - Math.clz32(v & -v));
  }
  return -1;
}

/** `arn:aws…:iam::<account or *>:user/[path/]${aws:username}` — resolves to the caller's own user only. */
const SELF_USER_RESOURCE = /^arn:aws[a-z-]*:iam::(\*|\d{12}):user\/(?:[^*?]*\/)?\$\{aws:username\}$/i;

/**
 * How a statement's resources restrict an action to the principal itself: "variable" (user/${aws:username}, the same
 * for every holder of the policy), "arn" (the principal's own ARN, so the answer differs per principal), or null
 * (some resource may be another user). NotResource is never self-only.
 */
function selfScope(refs: StatementRef[], ownArn: string | null | undefined): "variable" | "arn" | null {
  if (refs.length === 0) return null;
  let how: "variable" | "arn" = "variable";
  for (const r of refs) {
    if (r.resources.length === 0) return null;
    for (const res of r.resources) {
      if (SELF_USER_RESOURCE.test(res)) continue;
      if (ownArn && res === ownArn) {
        how = "arn";
        continue;
      }
      return null;
    }
  }
  return how;
}

/**
 * AWS tier from effective access: `*`-equivalent on every resource → admin; IAM-plane permissions management or a
 * known escalation path (data/aws-privilege.json) → privileged; any Write/Tagging/other permissions management →
 * write; Read/List → read.
 */
export function awsTier(
  ev: AwsEvaluator,
  principalId: string,
  eff: EffectivePermissions = ev.effective(principalId),
  /** The principal's own ARN: a credential action scoped to it is self-service (write), not escalation. */
  ownArn?: string | null,
): TierResult {
  const hit = awsCache.get(eff.allowed);
  if (hit) return hit;
  const cat = ev.catalog;
  const m = awsMasks(cat);
  // The cache is keyed by the policy combination; a result that depended on this principal's own ARN is not shared.
  let perPrincipal = false;
  const result = (tier: Tier, reasons: TierReason[]): TierResult => {
    const r = { tier, reasons, eligibleTier: null, eligibleReasons: [] };
    if (!perPrincipal) awsCache.set(eff.allowed, r);
    return r;
  };
  const [sIam, sEscal, sSelf, sHits] = scratchOf(cat);
  const firstAllowed = (mask: Bits, from: Bits = eff.allowed): string | null => {
    const i = firstCommon(from, mask);
    return i < 0 ? null : cat.actions[i]!.key;
  };
  const full = popcount(eff.fullAccess);
  if (full >= cat.size * awsPrivilege.adminCoverage && covers(eff.fullAccess, m.iamPlane)) {
    const probes = ["iam:AttachRolePolicy", "ec2:TerminateInstances", "s3:GetObject"].map(
      (a) => ev.explain(principalId, a).allows,
    );
    const common = probes[0]!.filter((r) =>
      probes.every((p) =>
        p.some((q) => q.permissionSetProviderId === r.permissionSetProviderId && q.index === r.index),
      ),
    );
    const denied = cat.size - full;
    return result(
      "admin",
      refsToReasons(
        "admin",
        common.length ? common : probes[0]!,
        (r) =>
          `${stmtName(r)} allows every action on every resource${denied ? ` (${denied} actions denied or scoped elsewhere)` : ""}`,
      ),
    );
  }
  const reasons: TierReason[] = [];
  const iamPlane = andInto(sIam, eff.allowed, m.iamPlane);
  const escal = andInto(sEscal, eff.allowed, m.escalation);
  for (let w = 0; w < escal.length; w++) escal[w]! |= eff.fullAccess[w]! & m.escalationAllResources[w]!;
  // Self-service credentials (a key or password for oneself) escalate only when some allowing statement can reach
  // another user; scoped to the principal's own user they stay in the write tier below.
  for (const i of bitsOf(andInto(sSelf, escal, m.selfService))) {
    const allows = ev.explain(principalId, cat.actions[i]!.key).allows;
    // A literal user ARN makes the answer depend on who holds the policy: never share it through the cache.
    if (allows.some((r) => r.resources.some((res) => res.includes(":user/") && !SELF_USER_RESOURCE.test(res))))
      perPrincipal = true;
    if (selfScope(allows, ownArn) === null) continue;
    escal[i >>> 5]! &= ~(1 << (i & 31));
  }
  const found: string[] = [];
  for (const i of bitsOf(orInto(iamPlane, escal))) {
    found.push(cat.actions[i]!.key);
    if (found.length >= 4) break;
  }
  for (const action of found) {
    const x = ev.explain(principalId, action);
    reasons.push(
      ...refsToReasons("privileged", x.allows, (r) => `${stmtName(r)} allows ${action} (${x.level ?? "?"})${cond(r)}`),
    );
  }
  if (firstCommon(eff.allowed, m.passRole) >= 0) {
    const withAction = firstAllowed(m.passRoleWith);
    if (withAction) {
      for (const action of ["iam:PassRole", withAction]) {
        const x = ev.explain(principalId, action);
        reasons.push(
          ...refsToReasons(
            "privileged",
            x.allows,
            (r) =>
              `${stmtName(r)} allows ${action}: iam:PassRole with ${withAction} runs code as another role${cond(r)}`,
          ),
        );
      }
    }
  }
  if (reasons.length) return result("privileged", dedupe(reasons));
  const levelReason = (tier: Tier, mask: Bits, word: string): TierResult | null => {
    const hits = andInto(sHits, eff.allowed, mask);
    const n = popcount(hits);
    if (n === 0) return null;
    // One probe action per service, walking service ranges word by word (not every allowed action).
    const services = new Set<string>();
    const probes: string[] = [];
    for (const [service, [start, end]] of cat.serviceRange) {
      const i = firstInRange(hits, start, end);
      if (i < 0) continue;
      services.add(service);
      if (probes.length < 3) probes.push(cat.actions[i]!.key);
    }
    const rs: TierReason[] = [];
    for (const action of probes) {
      const x = ev.explain(principalId, action);
      rs.push(
        ...refsToReasons(
          tier,
          x.allows,
          (r) =>
            `${stmtName(r)} allows ${word} actions such as ${action}${cond(r)} — ${n} ${word} actions in ${services.size} service(s)`,
        ),
      );
    }
    return result(tier, dedupe(rs));
  };
  return (
    levelReason("write", m.writeLike, "write") ?? levelReason("read", m.readLike, "read/list") ?? result("none", [])
  );
}

function dedupe(reasons: TierReason[]): TierReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const k = `${r.permissionSetProviderId ?? r.permissionSet}|${r.via ?? ""}|${r.eligible ? 1 : 0}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Entra tier from directory roles, active and PIM-eligible, held directly or through (role-assignable) groups,
 * classed by the documented table in data/entra-directory-roles.json; custom roles by their permissions.
 */
export function entraTier(index: SourceIndex, principalId: string): TierResult {
  const active: TierReason[] = [];
  const eligible: TierReason[] = [];
  const holders: { id: string; via: string | undefined }[] = [{ id: principalId, via: undefined }];
  for (const g of index.groupsOf(principalId))
    holders.push({ id: g, via: `group ${index.principal.get(g)?.displayName ?? g}` });
  for (const h of holders) {
    for (const a of index.assignmentsOf.get(h.id) ?? []) {
      if (a.kind === "boundary") continue;
      const set = index.permissionSet.get(a.permissionSetProviderId);
      if (set && set.kind !== "entraDirectoryRole") continue; // Azure RBAC roles are the resource plane, not the directory
      const templateId = roleTemplateId(set, a.permissionSetProviderId);
      const info = lookupEntraRole(templateId, set?.name);
      const { tier, detail } = info
        ? { tier: info.tier, detail: info.why }
        : set
          ? classifyRoleActions(set)
          : { tier: "write" as const, detail: "role definition not collected; classed as write until known" };
      const scope = a.scope && a.scope !== "/" ? ` (scope ${a.scope})` : "";
      const reason: TierReason = {
        tier,
        permissionSet: info?.displayName ?? set?.name ?? a.permissionSetProviderId,
        permissionSetProviderId: a.permissionSetProviderId,
        ...(h.via ? { via: h.via } : {}),
        detail: `${detail}${scope}`,
        ...(a.kind === "eligible" ? { eligible: true } : {}),
      };
      (a.kind === "eligible" ? eligible : active).push(reason);
    }
  }
  const top = (rs: TierReason[]): Tier | null => maxTier(...rs.map((r) => r.tier));
  const sort = (rs: TierReason[]) =>
    dedupe(rs).sort((a, b) => TIER_RANK[b.tier] - TIER_RANK[a.tier] || a.permissionSet.localeCompare(b.permissionSet));
  return {
    tier: top(active) ?? "none",
    reasons: sort(active),
    eligibleTier: top(eligible),
    eligibleReasons: sort(eligible),
  };
}

/** The tier of any principal of a source (AWS needs the evaluator; Entra reads roles). */
export function tierOf(index: SourceIndex, principalId: string, ev: AwsEvaluator | null): TierResult {
  if (index.model.kind === "aws") {
    if (!ev) throw new Error("AWS tiers need an evaluator (createAwsEvaluator)");
    // A group's tier is what its members get from it: its own policies, evaluated the same way.
    return awsTier(ev, principalId, undefined, index.principal.get(principalId)?.arn);
  }
  return entraTier(index, principalId);
}
