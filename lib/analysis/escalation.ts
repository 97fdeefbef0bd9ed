/**
 * What an AWS principal's grants reach, judged statement by statement: the privilege-escalation patterns of
 * data/aws-escalation-patterns.json (each with its sources), and how far the resources and conditions of the allowing
 * statements let the principal use each action (every resource, only itself, named resources, or not at all).
 */
import { arnMatch, iamMatch } from "../aws-actions/action-pattern";
import type { Statement } from "../model";
import { type ActionCatalog, actionIndex } from "./action-catalog";
import { type Bits, hasBit } from "./bitset";
import type { AwsEvaluator, StatementRef } from "./effective-permissions";
import patternsJson from "./data/aws-escalation-patterns.json";

/** One row of data/aws-escalation-patterns.json. */
export interface EscalationPattern {
  id: string;
  name: string;
  /** Every one of these actions is needed. */
  actions: string[];
  /** And one action of each group. */
  anyOf?: string[][];
  /** Also needs iam:PassRole to one of these service principals. */
  passRoleTo?: string[];
  outcome: "admin" | "privileged";
  /** self: the principal's own user counts as full reach; others: its own user is self-service (no escalation). */
  target?: "self" | "others";
  /** Named resources or a narrowing condition defuse the pattern entirely. */
  broadOnly?: boolean;
  why: string;
  source: string[];
}

interface UnchangeableResource {
  pattern: string;
  actions: string[];
  why: string;
  source: string;
}

export const ESCALATION_PATTERNS: EscalationPattern[] = patternsJson.patterns as EscalationPattern[];
const CALLER_KEYS: string[] = patternsJson.callerSatisfies.keys.map((k) => k.toLowerCase());
const TIME_KEYS = new Set(patternsJson.timeKeys.keys.map((k) => k.toLowerCase()));
const REGION = patternsJson.requestedRegion;
const GLOBAL_SERVICES = new Set(REGION.globalServices);
const REGION_EXCEPT = new Set(REGION.exceptActions.map((a) => a.toLowerCase()));
const UNCHANGEABLE = (patternsJson.unchangeableResources as UnchangeableResource[]).map((u) => ({
  re: new RegExp(u.pattern, "i"),
  actions: new Set(u.actions.map((a) => a.toLowerCase())),
  why: u.why,
}));

/** How far a grant reaches, most to least. */
export type Reach = "all" | "self" | "named" | "none";
const REACH_RANK: Record<Reach, number> = { all: 3, self: 2, named: 1, none: 0 };

/** One allowing statement's reach for one action, and why. */
export interface Grant {
  action: string;
  reach: Reach;
  ref: StatementRef;
  /** "on arn:…", "with aws:MultiFactorAuthPresent", "only for AWS managed policies" … (empty when unlimited). */
  limits: string[];
  /** The grant depends on this principal's own ARN (never share the answer between holders of the policy). */
  perPrincipal: boolean;
}

/** `arn:aws…:iam::<account or *>:user/[path/]${aws:username}` — resolves to the caller's own user only. */
export const SELF_USER_RESOURCE = /^arn:aws[a-z-]*:iam::(\*|\d{12}):user\/(?:[^*?]*\/)?\$\{aws:username\}$/i;
/** A resource ARN whose resource name is only a wildcard (`role/*`, `function:*`, `arn:aws:s3:::*`): every resource. */
const EVERY_RESOURCE = /^arn:[^:]+:[^:]*:[^:]*:[^:]*:(?:[^/:]+[/:])?\*$/i;

function resourceReach(
  action: string,
  r: string,
  ownArn: string | null | undefined,
): { reach: Reach; limit?: string; own?: boolean } {
  if (r === "*") return { reach: "all" };
  if (r.startsWith("NOT ")) return { reach: "all", limit: `every resource except ${r.slice(4)}` };
  const a = action.toLowerCase();
  const fixed = UNCHANGEABLE.find((u) => u.actions.has(a) && u.re.test(r));
  if (fixed) return { reach: "none", limit: `${r}: ${fixed.why}` };
  if (SELF_USER_RESOURCE.test(r)) return { reach: "self", limit: "its own user" };
  if (ownArn && r === ownArn) return { reach: "self", limit: "its own user", own: true };
  if (EVERY_RESOURCE.test(r)) return { reach: "all" };
  return { reach: "named", limit: `on ${r}` };
}

function dateHolds(op: string, values: string[], key: string, now: Date): boolean | null {
  const base = op.replace(/IfExists$/, "");
  const t = key === "aws:epochtime" ? now.getTime() / 1000 : now.getTime();
  const cmp = (v: string): number | null => {
    const n = key === "aws:epochtime" ? Number(v) : /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
    return Number.isFinite(n) ? n : null;
  };
  const ops: Record<string, (a: number, b: number) => boolean> = {
    DateLessThan: (a, b) => a < b,
    DateLessThanEquals: (a, b) => a <= b,
    DateGreaterThan: (a, b) => a > b,
    DateGreaterThanEquals: (a, b) => a >= b,
    NumericLessThan: (a, b) => a < b,
    NumericLessThanEquals: (a, b) => a <= b,
    NumericGreaterThan: (a, b) => a > b,
    NumericGreaterThanEquals: (a, b) => a >= b,
  };
  const f = ops[base];
  if (!f) return null;
  return values.some((v) => {
    const b = cmp(v);
    return b !== null && f(t, b);
  });
}

/** Whether a string condition holds for one value (StringEquals/Like and their negations, IfExists). */
function stringHolds(op: string, values: string[], value: string): boolean | null {
  const base = op.replace(/IfExists$/, "").replace(/^For(All|Any)Values:/, "");
  const eq = base === "StringEquals" || base === "StringEqualsIgnoreCase";
  const like = base === "StringLike";
  const neq = base === "StringNotEquals" || base === "StringNotEqualsIgnoreCase";
  const nlike = base === "StringNotLike";
  // String operators compare case-sensitively unless their name says IgnoreCase (see arnMatch's NOTE).
  if (eq || neq) {
    const hit = base.endsWith("IgnoreCase")
      ? values.some((v) => v.toLowerCase() === value.toLowerCase())
      : values.includes(value);
    return eq ? hit : !hit;
  }
  if (like || nlike) {
    const hit = values.some((v) => arnMatch(v, value));
    return like ? hit : !hit;
  }
  return null;
}

/** How a statement's conditions limit one grant. PassedToService is checked against `passRoleTo`. */
function conditionReach(
  conditions: Statement["conditions"],
  action: string,
  passRoleTo: string[] | undefined,
  now: Date,
): { reach: Reach; limits: string[] } {
  if (!conditions) return { reach: "all", limits: [] };
  let reach: Reach = "all";
  const limits: string[] = [];
  for (const [op, byKey] of Object.entries(conditions)) {
    for (const [rawKey, values] of Object.entries(byKey)) {
      const key = rawKey.toLowerCase();
      if (key === "iam:passedtoservice") {
        if (!passRoleTo) continue;
        if (op.startsWith("StringNot") || op.includes("ForAllValues")) {
          limits.push(`${rawKey} ${op} ${values.join(", ")}`);
          continue;
        }
        const ok = values.some((v) => passRoleTo.some((svc) => iamMatch(v, svc)));
        if (!ok) return { reach: "none", limits: [`only to ${values.join(", ")}`] };
        limits.push(`to ${values.join(", ")}`);
        continue;
      }
      if (TIME_KEYS.has(key)) {
        const holds = dateHolds(op, values, key, now);
        if (holds === false)
          return { reach: "none", limits: [`${rawKey} ${op} ${values.join(", ")} does not hold now`] };
        if (holds === true) continue;
      }
      if (key === "aws:requestedregion") {
        const a = action.toLowerCase();
        if (GLOBAL_SERVICES.has(a.slice(0, a.indexOf(":"))) && !REGION_EXCEPT.has(a)) {
          if (stringHolds(op, values, REGION.globalRegion) === false)
            return {
              reach: "none",
              limits: [`${rawKey} ${values.join(", ")}: ${action} is called in ${REGION.globalRegion}`],
            };
          continue;
        }
        limits.push(`in ${values.join(", ")}`);
        continue;
      }
      if (op.startsWith("Null")) continue;
      const caller = CALLER_KEYS.some((k) => (k.endsWith("/*") ? key.startsWith(k.slice(0, -1)) : key === k));
      if (caller) {
        limits.push(`with ${rawKey}`);
        continue;
      }
      limits.push(`limited by ${rawKey}`);
      reach = "named";
    }
  }
  return { reach, limits };
}

const rank = (r: Reach) => REACH_RANK[r];
const lower = (a: Reach, b: Reach): Reach => (rank(a) <= rank(b) ? a : b);

function statementOf(ev: AwsEvaluator, principalId: string, ref: StatementRef): Statement | undefined {
  const src = ev
    .sourcesOf(principalId)
    .find(
      (s) =>
        s.permissionSet.providerId === ref.permissionSetProviderId && s.via === ref.via && s.viaName === ref.viaName,
    );
  return src?.permissionSet.statements[ref.index];
}

/**
 * The widest grant of one action to a principal (null when nothing allows it): each allowing statement is judged by
 * its resources and its conditions, the widest wins.
 */
export function widestGrant(
  ev: AwsEvaluator,
  principalId: string,
  action: string,
  opts: { ownArn?: string | null; passRoleTo?: string[]; now?: Date } = {},
): Grant | null {
  let best: Grant | null = null;
  for (const grant of allGrants(ev, principalId, action, opts))
    if (!best || rank(grant.reach) > rank(best.reach)) best = grant;
  return best;
}

/** Every allowing statement's grant of one action to a principal, each judged by its resources and conditions. */
export function allGrants(
  ev: AwsEvaluator,
  principalId: string,
  action: string,
  opts: { ownArn?: string | null; passRoleTo?: string[]; now?: Date } = {},
): Grant[] {
  const x = ev.explain(principalId, action);
  if (x.decision !== "allowed" && x.decision !== "allowedWithCondition") return [];
  const now = opts.now ?? new Date();
  const out: Grant[] = [];
  for (const ref of x.allows) {
    const st = statementOf(ev, principalId, ref);
    const cond = conditionReach(st?.conditions, x.action, opts.passRoleTo, now);
    let res: { reach: Reach; limits: string[]; own: boolean } = { reach: "none", limits: [], own: false };
    for (const r of ref.resources) {
      const one = resourceReach(x.action, r, opts.ownArn);
      if (rank(one.reach) > rank(res.reach) || (one.reach === res.reach && res.limits.length && one.limit))
        res = {
          reach: one.reach,
          limits:
            one.reach === res.reach ? [...res.limits, ...(one.limit ? [one.limit] : [])] : one.limit ? [one.limit] : [],
          own: !!one.own || (one.reach === res.reach && res.own),
        };
    }
    const grant: Grant = {
      action: x.action,
      reach: lower(res.reach, cond.reach),
      ref,
      limits: [...res.limits, ...cond.limits],
      perPrincipal: res.own || ref.resources.some((r) => r.includes(":user/") && !SELF_USER_RESOURCE.test(r)),
    };
    out.push(grant);
  }
  return out;
}

/** A pattern the principal's grants complete, with the tier it gives and the grants that made it. */
export interface PatternMatch {
  pattern: EscalationPattern;
  tier: "admin" | "privileged";
  grants: Grant[];
  /** Every grant reaches every resource (or the principal itself for a self-grant), unlimited by conditions. */
  full: boolean;
}

interface CompiledPattern {
  pattern: EscalationPattern;
  all: number[];
  anyOf: number[][];
}

const compiledByCatalog = new WeakMap<ActionCatalog, { patterns: CompiledPattern[]; passRole: number | undefined }>();

function compiled(cat: ActionCatalog) {
  const hit = compiledByCatalog.get(cat);
  if (hit) return hit;
  const idx = (a: string) => actionIndex(cat, a) ?? -1;
  const c = {
    patterns: ESCALATION_PATTERNS.map((pattern) => ({
      pattern,
      all: pattern.actions.map(idx),
      anyOf: (pattern.anyOf ?? []).map((g) => g.map(idx)),
    })),
    passRole: actionIndex(cat, "iam:PassRole"),
  };
  compiledByCatalog.set(cat, c);
  return c;
}

/** Every escalation pattern the principal completes (allowed: its effective `allowed` bits, a cheap pre-filter). */
export function matchPatterns(
  ev: AwsEvaluator,
  principalId: string,
  allowed: Bits,
  opts: { ownArn?: string | null; now?: Date } = {},
): PatternMatch[] {
  const { patterns, passRole } = compiled(ev.catalog);
  const has = (i: number) => i >= 0 && hasBit(allowed, i);
  const out: PatternMatch[] = [];
  for (const c of patterns) {
    const p = c.pattern;
    if (!c.all.every(has) || !c.anyOf.every((g) => g.some(has))) continue;
    if (p.passRoleTo && (passRole === undefined || !has(passRole))) continue;
    const grantOf = (action: string, passRoleTo?: string[]) =>
      widestGrant(ev, principalId, action, { ...opts, ...(passRoleTo ? { passRoleTo } : {}) });
    const widest = (group: string[]) =>
      group
        .map((a) => grantOf(a))
        .filter((g): g is Grant => !!g)
        .sort((a, b) => rank(b.reach) - rank(a.reach))[0] ?? null;
    const found = [
      ...p.actions.map((a) => grantOf(a)),
      ...(p.anyOf ?? []).map(widest),
      ...(p.passRoleTo ? [grantOf("iam:PassRole", p.passRoleTo)] : []),
    ];
    if (found.some((g) => g === null)) continue;
    const grants = found as Grant[];
    // The principal's own user: full reach for self-grants, self-service (no reach) for credentials of others.
    const reaches = grants.map((g): Reach => {
      if (g.reach !== "self") return g.reach;
      if (p.target === "self") return "all";
      if (p.target === "others") return "none";
      return "named";
    });
    if (reaches.includes("none")) continue;
    const full = reaches.every((r) => r === "all");
    if (p.broadOnly && !full) continue;
    out.push({ pattern: p, tier: p.outcome === "admin" && full ? "admin" : "privileged", grants, full });
  }
  // The strongest first: admin, then patterns usable on every resource, then those limited to named resources.
  return out.sort((a, b) => (a.tier === b.tier ? Number(b.full) - Number(a.full) : a.tier === "admin" ? -1 : 1));
}

/** "iam:PutUserPolicy on its own user", "iam:PassRole to lambda.amazonaws.com on arn:…" — one grant in words. */
export function grantText(g: Grant): string {
  return g.limits.length ? `${g.action} (${g.limits.join("; ")})` : g.action;
}
