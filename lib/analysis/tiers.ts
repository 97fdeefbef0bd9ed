import { arnMatch, iamMatch } from "../aws-actions/action-pattern";
import type { Principal, Tier, TierReason } from "../model";
import { TIERS } from "../model";
import { ACCESS_CORRECTIONS, type ActionCatalog, actionIndex } from "./action-catalog";
import { bitsOf, covers, emptyBits, firstInRange, hasBit, orInto, popcount, type Bits } from "./bitset";
import type { AwsEvaluator, EffectivePermissions, StatementRef } from "./effective-permissions";
import { allGrants, ESCALATION_PATTERNS, grantText, matchPatterns, type PatternMatch, widestGrant } from "./escalation";
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
  /** Permissions-management actions of the services that manage identities and access (IAM, Organizations, SSO). */
  iamPlane: Bits;
  writeLike: Bits;
  readLike: Bits;
  /** Corrections that hold only under a condition (data/aws-access-corrections.json "when"), by catalogue index. */
  conditionalReads: Map<number, Record<string, string[]>>;
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
  const conditionalReads = new Map<number, Record<string, string[]>>();
  for (const c of ACCESS_CORRECTIONS) {
    const i = c.when ? actionIndex(cat, c.action) : undefined;
    if (i !== undefined && c.when) conditionalReads.set(i, c.when);
  }
  const m: AwsMasks = {
    iamPlane,
    writeLike,
    readLike: orInto(orInto(emptyBits(cat.size), cat.levelBits.Read), cat.levelBits.List),
    conditionalReads,
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
// principal (60k at 100k people) and is synchronous, so reusing them saves allocations per principal.
const scratchByCatalog = new WeakMap<ActionCatalog, [Bits, Bits]>();

function scratchOf(cat: ActionCatalog): [Bits, Bits] {
  return getOrInsertComputed(scratchByCatalog, cat, () => [emptyBits(cat.size), emptyBits(cat.size)]);
}

/** out = a & b (in place into out). */
function andInto(out: Bits, a: Bits, b: Bits): Bits {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** Every allowing statement of the action carries the correction's StringEquals condition (e.g. a ReadOnly session). */
function conditionalReadHolds(
  ev: AwsEvaluator,
  principalId: string,
  action: string,
  when: Record<string, string[]>,
): boolean {
  const allows = ev.explain(principalId, action).allows;
  if (!allows.length) return false;
  const sources = ev.sourcesOf(principalId);
  return allows.every((ref) => {
    const st = sources.find((s) => s.permissionSet.providerId === ref.permissionSetProviderId)?.permissionSet
      .statements[ref.index];
    const eq = st?.conditions?.StringEquals ?? {};
    return Object.entries(when).every(([key, want]) => {
      const got = Object.entries(eq).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1] ?? [];
      return got.length > 0 && got.every((v) => want.includes(v));
    });
  });
}

/** The reasons for one escalation pattern: one per policy whose statements supplied a grant. */
function patternReasons(match: PatternMatch): TierReason[] {
  const p = match.pattern;
  const words = match.grants.map(grantText).join(" + ");
  const detail =
    match.tier === "admin"
      ? `can become admin: ${words} — ${p.why}`
      : `${p.name}: ${words} — ${p.why}${p.outcome === "admin" ? " (limited to the named resources or condition)" : ""}`;
  const byPolicy = new Map<string, TierReason>();
  for (const g of match.grants) {
    const key = `${g.ref.permissionSetProviderId}|${g.ref.via}|${g.ref.viaName ?? ""}`;
    const hit = byPolicy.get(key);
    if (hit) {
      hit.actions!.push(`${grantText(g)} (${stmtName(g.ref)})`);
      continue;
    }
    byPolicy.set(key, {
      tier: match.tier,
      permissionSet: g.ref.permissionSet,
      permissionSetProviderId: g.ref.permissionSetProviderId,
      via: viaText(g.ref),
      detail,
      pattern: p.id,
      source: p.source[0]!,
      actions: [`${grantText(g)} (${stmtName(g.ref)})`],
    });
  }
  return [...byPolicy.values()];
}

/**
 * AWS tier from what a principal can do and change: `*`-equivalent on every resource → admin; an escalation pattern
 * (data/aws-escalation-patterns.json) that lets it grant itself everything → admin, one that lets it become or act as
 * another identity → privileged; IAM-plane permissions management → privileged; any Write/Tagging/other permissions
 * management → write; Read/List → read. Levels are iam-data's, corrected by data/aws-access-corrections.json. Grants
 * count as far as their resources and conditions let them reach (lib/analysis/escalation.ts).
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
  const [sIam, sHits] = scratchOf(cat);
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
  const matches = matchPatterns(ev, principalId, eff.allowed, { ownArn });
  for (const x of matches) if (x.grants.some((g) => g.perPrincipal)) perPrincipal = true;
  const admin = matches.filter((x) => x.tier === "admin");
  if (admin.length) return result("admin", mergeByPolicy(admin.flatMap(patternReasons)));
  const reasons: TierReason[] = mergeByPolicy(matches.flatMap(patternReasons));
  // Permissions management of identities and access not covered by a pattern (detach, delete, create policies…):
  // privileged, unless every grant is defused (AWS managed policies, a condition that never holds).
  let found = 0;
  for (const i of bitsOf(andInto(sIam, eff.allowed, m.iamPlane))) {
    if (found >= 4) break;
    const g = widestGrant(ev, principalId, cat.actions[i]!.key, { ownArn });
    if (!g || g.reach === "none") continue;
    if (g.perPrincipal) perPrincipal = true;
    found++;
    reasons.push(
      ...refsToReasons(
        "privileged",
        [g.ref],
        (r) => `${stmtName(r)} allows ${grantText(g)} (Permissions management): changes who can do what${cond(r)}`,
      ),
    );
  }
  if (reasons.length) return result("privileged", dedupe(reasons));
  const levelReason = (tier: Tier, mask: Bits, word: string): TierResult | null => {
    const hits = andInto(sHits, eff.allowed, mask);
    if (tier === "write")
      for (const [i, when] of m.conditionalReads)
        if (hasBit(hits, i) && conditionalReadHolds(ev, principalId, cat.actions[i]!.key, when))
          hits[i >>> 5]! &= ~(1 << (i & 31));
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

/** One reason per policy: the first pattern leads, the others (up to three) follow in its detail and actions. */
function mergeByPolicy(reasons: TierReason[]): TierReason[] {
  const out = new Map<string, TierReason & { merged: number }>();
  for (const r of reasons) {
    const k = `${r.permissionSetProviderId ?? r.permissionSet}|${r.via ?? ""}`;
    const hit = out.get(k);
    if (!hit) out.set(k, { ...r, merged: 0 });
    else if (hit.merged < 3) {
      hit.merged++;
      hit.detail += ` · ${r.detail}`;
      hit.actions = [...(hit.actions ?? []), ...(r.actions ?? [])];
    } else if (hit.merged === 3) {
      hit.merged++;
      hit.detail += " · and more";
    }
  }
  return [...out.values()].map(({ merged: _, ...r }) => r);
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
      // Directory roles only: an app role assignment (who may sign in to an enterprise app) grants no directory
      // permission — counting it made every user assigned to an AWS app "write" (role definition not collected).
      if (a.kind !== "direct" && a.kind !== "eligible" && a.kind !== "active") continue;
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

const PASS_ROLE_PATTERNS = new Set(ESCALATION_PATTERNS.filter((p) => p.passRoleTo).map((p) => p.id));

/**
 * The roles of the account the principal may hand to one of `services`: some statement that allows iam:PassRole to
 * that service (its iam:PassedToService condition included) names the role's ARN or a wildcard over it, and the role
 * trusts the service — a role that does not trust Lambda cannot run a Lambda function.
 */
function passableRoles(
  index: SourceIndex,
  ev: AwsEvaluator,
  principalId: string,
  services: string[],
  ownArn: string | null,
): Principal[] {
  const grants = allGrants(ev, principalId, "iam:PassRole", { ownArn, passRoleTo: services }).filter(
    (g) => g.reach !== "none",
  );
  return [...index.principal.values()].filter(
    (p) =>
      p.kind === "role" &&
      p.providerId !== principalId &&
      !!p.arn &&
      grants.some((g) => g.ref.resources.some((r) => arnMatch(r, p.arn!))) &&
      (p.attributes.trust ?? []).some((t) => t.type === "service" && services.some((s) => iamMatch(s, t.value))),
  );
}

/** A passed role's tier as the caller computes it (its own policies, or under its account's SCPs), and how. */
export interface PassedRoleTier {
  tier: Tier;
  /** How the role itself reaches that tier by passing further roles ("passes role C (admin)"), when it does. */
  via?: string;
}

/**
 * The outcome of passing a role is the passed role's tier (issue 11): a principal that can pass an admin role to a
 * service that runs its code is admin ("can become admin: passes role X (admin) to lambda.amazonaws.com"); otherwise
 * it stays privileged and its reason names the roles it can pass, with their tiers. `roleTier` gives a passed role's
 * tier; it follows the roles that role can pass in turn (A passes B, whose code passes C: A reaches C's tier), so the
 * caller decides the scale (plain tiers, or tiers under the account's SCPs) and guards cycles. `allowed` is what the
 * principal may do (after SCPs, for an access path).
 */
export function withPassedRoles(
  index: SourceIndex,
  ev: AwsEvaluator,
  principalId: string,
  base: TierResult,
  roleTier: (role: Principal) => PassedRoleTier,
  allowed: Bits = ev.effective(principalId).allowed,
): TierResult {
  // Merged reasons name one pattern per policy (another may lead, e.g. codebuild:StartBuild before PassRole +
  // CreateProject), so whether roles can be passed is asked of the permissions, not of the reasons.
  const passRole = actionIndex(ev.catalog, "iam:PassRole");
  if (base.tier === "admin" || passRole === undefined || !hasBit(allowed, passRole)) return base;
  const own = index.principal.get(principalId);
  const matches = matchPatterns(ev, principalId, allowed, { ownArn: own?.arn ?? null });
  const admin: TierReason[] = [];
  const named = new Map<string, string>();
  const label = (r: { role: Principal } & PassedRoleTier) => `${r.role.name} (${r.tier}${r.via ? `: ${r.via}` : ""})`;
  for (const m of matches) {
    const services = m.pattern.passRoleTo;
    if (!services) continue;
    const roles = passableRoles(index, ev, principalId, services, own?.arn ?? null)
      .map((r) => ({ role: r, ...roleTier(r) }))
      .sort((a, b) => TIER_RANK[b.tier] - TIER_RANK[a.tier] || a.role.name.localeCompare(b.role.name));
    if (!roles.length) continue;
    const adminRoles = roles.filter((r) => r.tier === "admin");
    const direct = adminRoles.filter((r) => !r.via).map((r) => r.role.name);
    // Roles that are admin by their own policies say it all; a chain is named only when it is the way to admin.
    const admins = direct.length ? [`${direct.join(", ")} (admin)`] : adminRoles.map(label);
    if (admins.length)
      admin.push(
        ...patternReasons(m).map((r) => ({
          ...r,
          tier: "admin" as const,
          detail: `can become admin: ${m.pattern.name} passes role ${admins.join(", ")} to ${services.join(" / ")} — ${m.pattern.why}`,
        })),
      );
    else named.set(m.pattern.id, roles.map(label).join(", "));
  }
  if (admin.length) return { ...base, tier: "admin", reasons: mergeByPolicy(admin) };
  if (!named.size) return base;
  // The reason that names the pattern: led by it, or carrying it after another pattern of the same policy.
  const names = new Map(matches.map((m) => [m.pattern.id, m.pattern.name]));
  const told = new Set<string>();
  const reasons = base.reasons.map((r) => {
    const ids = [...named.keys()].filter(
      (id) => !told.has(id) && (r.pattern === id || (r.pattern && r.detail.includes(`${names.get(id)}:`))),
    );
    for (const id of ids) told.add(id);
    return ids.length
      ? { ...r, detail: `${r.detail} Roles it can pass: ${[...new Set(ids.map((id) => named.get(id)))].join("; ")}.` }
      : r;
  });
  return { ...base, reasons };
}

/** "passes role C (admin) to lambda.amazonaws.com": the first admin reason's step, for the role that passes it on. */
export function passedVia(r: TierResult): string | undefined {
  const d = r.reasons.find((x) => x.pattern && PASS_ROLE_PATTERNS.has(x.pattern))?.detail;
  const m = d?.match(/passes role (.+?) — /);
  return m ? `passes role ${m[1]}` : undefined;
}

/**
 * An AWS principal's tier with the roles it can pass followed step by step (A → B → C). A role on the current chain
 * counts with its direct tier (a cycle adds nothing); results are memoised per evaluator once no cycle was cut short.
 */
function awsTierWithPassedRoles(
  index: SourceIndex,
  ev: AwsEvaluator,
  principalId: string,
  walk: { chain: Set<string>; cuts: number } = { chain: new Set(), cuts: 0 },
): TierResult {
  const memo = getOrInsertComputed(passedMemo, ev, () => new Map<string, TierResult>());
  const hit = memo.get(principalId);
  if (hit) return hit;
  const base = awsTier(ev, principalId, undefined, index.principal.get(principalId)?.arn);
  const cutsBefore = walk.cuts;
  walk.chain.add(principalId);
  const result = withPassedRoles(index, ev, principalId, base, (role) => {
    if (walk.chain.has(role.providerId)) {
      walk.cuts++;
      return { tier: awsTier(ev, role.providerId, undefined, role.arn).tier };
    }
    const t = awsTierWithPassedRoles(index, ev, role.providerId, walk);
    return { tier: t.tier, via: passedVia(t) };
  });
  walk.chain.delete(principalId);
  // A result that met a role of the chain (a cycle) is complete only for the chain's first principal.
  if (walk.cuts === cutsBefore || walk.chain.size === 0) memo.set(principalId, result);
  return result;
}
const passedMemo = new WeakMap<AwsEvaluator, Map<string, TierResult>>();

/** The tier of any principal of a source (AWS needs the evaluator; Entra reads roles). */
export function tierOf(index: SourceIndex, principalId: string, ev: AwsEvaluator | null): TierResult {
  if (index.model.kind === "aws") {
    if (!ev) throw new Error("AWS tiers need an evaluator (createAwsEvaluator)");
    // A group's tier is what its members get from it: its own policies, evaluated the same way.
    return awsTierWithPassedRoles(index, ev, principalId);
  }
  return entraTier(index, principalId);
}
