import type { Statement } from "../../model";
import { type CompiledCondition, compileCondition } from "./conditions";
import type { RequestContext } from "./context";
import { anchored, parseTemplate, type Template, templateSource } from "./template";
import type { PolicyInput } from "./types";

/**
 * An action as IAM compares it: lower case, with the whitespace around the service prefix and the action name
 * removed (`" s3 : GetObject "` reads as `s3:getobject`; whitespace inside a name stays and matches nothing).
 */
export function normalizeAction(action: string): string {
  const colon = action.indexOf(":");
  if (colon < 0) return action.trim().toLowerCase();
  return `${action.slice(0, colon).trim()}:${action.slice(colon + 1).trim()}`.toLowerCase();
}

/**
 * A list of action patterns: exact names in a set; wildcard names grouped by their (exact) service prefix into one
 * RegExp per service, so that a request tests only its own service's patterns (ReadOnlyAccess lists ~1,500 patterns).
 */
interface ActionMatcher {
  all: boolean;
  exact: Set<string>;
  byService: Map<string, RegExp>;
  /** Patterns whose service prefix has a wildcard (rare): tested against the whole action. */
  other: RegExp[];
}

const globSource = (glob: string) =>
  glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^]*")
    .replace(/\?/g, "[^]");

function compileActions(list: readonly string[]): ActionMatcher {
  const m: ActionMatcher = { all: false, exact: new Set(), byService: new Map(), other: [] };
  const names = new Map<string, string[]>();
  for (const raw of list) {
    const a = normalizeAction(raw);
    const colon = a.indexOf(":");
    if (a === "*") m.all = true;
    // "service:action": a pattern without a colon names nothing.
    else if (colon < 0) continue;
    else if (!a.includes("*") && !a.includes("?")) m.exact.add(a);
    else {
      const service = a.slice(0, colon);
      if (service.includes("*") || service.includes("?")) m.other.push(anchored(globSource(a)));
      else names.set(service, [...(names.get(service) ?? []), globSource(a.slice(colon + 1))]);
    }
  }
  for (const [service, sources] of names) m.byService.set(service, new RegExp(`^(?:${sources.join("|")})$`, "u"));
  return m;
}

/** A requested action, normalized once per request and split into its service prefix and name. */
export interface RequestAction {
  full: string;
  service: string;
  name: string;
}

export function requestAction(action: string): RequestAction {
  const full = normalizeAction(action);
  const colon = full.indexOf(":");
  return { full, service: full.slice(0, Math.max(colon, 0)), name: full.slice(colon + 1) };
}

function actionMatches(m: ActionMatcher, a: RequestAction): boolean {
  if (m.all || m.exact.has(a.full)) return true;
  if (m.byService.get(a.service)?.test(a.name)) return true;
  for (const o of m.other) if (o.test(a.full)) return true;
  return false;
}

/** A resource pattern: a fixed RegExp, or a template resolved per request (policy variables). */
interface ResourcePattern {
  template: Template;
  fixed: RegExp | null;
}

function compileResources(list: readonly string[], variables: boolean): ResourcePattern[] {
  return list.map((r) => {
    const template = parseTemplate(r, variables);
    const src = template.keys.length === 0 ? templateSource(template, "resource", () => undefined) : null;
    return { template, fixed: src === null ? null : anchored(src) };
  });
}

/** Resource ARNs are case-sensitive; `*` alone matches every resource. */
function resourceMatches(list: ResourcePattern[], resource: string, ctx: RequestContext): boolean {
  for (const p of list) {
    if (p.fixed) {
      if (p.fixed.test(resource)) return true;
      continue;
    }
    const src = templateSource(p.template, "resource", ctx.variable);
    if (src !== null && anchored(src).test(resource)) return true;
  }
  return false;
}

export interface CompiledStatement {
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  statement: Statement;
  /** Context keys the statement reads (conditions and variables): lower case → as first written. */
  keys: [lower: string, written: string][];
  matchesAction(action: RequestAction): boolean;
  matchesResource(resource: string, ctx: RequestContext): boolean;
  conditionsHold(ctx: RequestContext): boolean;
}

export interface CompiledPolicy {
  input: PolicyInput;
  statements: CompiledStatement[];
  /** The statements that can match an action of this service (in order): those naming it, and those naming any. */
  candidates(service: string): readonly CompiledStatement[];
}

/** The service prefixes a statement's Action names, or null when it can match any service (NotAction, `*`, `*:…`). */
function servicesOf(s: Statement): Set<string> | null {
  if (s.actions.length === 0) return s.notActions.length === 0 ? new Set() : null;
  const out = new Set<string>();
  for (const raw of s.actions) {
    const a = normalizeAction(raw);
    const colon = a.indexOf(":");
    if (a === "*") return null;
    if (colon < 0) continue;
    const service = a.slice(0, colon);
    if (service.includes("*") || service.includes("?")) return null;
    out.add(service);
  }
  return out;
}

/**
 * Per-service statement lists: a request visits only the statements that name its service and those that can match
 * any service. Built at compile time, so memory grows with the policy, not with the requests.
 */
function statementIndex(statements: CompiledStatement[]): (service: string) => readonly CompiledStatement[] {
  const any: CompiledStatement[] = [];
  const named = new Map<string, CompiledStatement[]>();
  for (const st of statements) {
    const services = servicesOf(st.statement);
    if (services === null) any.push(st);
    else for (const svc of services) named.set(svc, [...(named.get(svc) ?? []), st]);
  }
  // Each service's list holds the any-service statements too, in statement order.
  for (const [svc, list] of named)
    named.set(
      svc,
      [...list, ...any].sort((x, y) => x.index - y.index),
    );
  return (service) => named.get(service) ?? any;
}

function compileStatement(s: Statement, index: number, variables: boolean): CompiledStatement {
  const useNot = s.actions.length === 0 && s.notActions.length > 0;
  const actions = compileActions(useNot ? s.notActions : s.actions);
  const noAction = s.actions.length === 0 && s.notActions.length === 0;
  const notResource = s.resources.length === 0 && s.notResources.length > 0;
  // A statement with neither Resource nor NotResource (allowed in some resource-based policies, e.g. SNS topic
  // policies) applies to the resource the policy is attached to: every resource the request names.
  const anyResource = s.resources.length === 0 && s.notResources.length === 0;
  const resources = compileResources(notResource ? s.notResources : s.resources, variables);
  const conditions: CompiledCondition[] = [];
  const keys: string[] = [];
  for (const [op, block] of Object.entries(s.conditions ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      const c = compileCondition(op, key, values, variables);
      conditions.push(c);
      keys.push(key, ...c.variableKeys);
    }
  }
  for (const r of resources) keys.push(...r.template.keys);
  return {
    index,
    ...(s.sid ? { sid: s.sid } : {}),
    effect: s.effect,
    statement: s,
    keys: [...new Map(keys.reverse().map((k) => [k.toLowerCase(), k])).entries()].reverse(),
    matchesAction: (action) => !noAction && (useNot ? !actionMatches(actions, action) : actionMatches(actions, action)),
    matchesResource: (resource, ctx) =>
      anyResource ||
      (notResource ? !resourceMatches(resources, resource, ctx) : resourceMatches(resources, resource, ctx)),
    // Operators AND, keys within an operator AND (values within a key OR, inside each condition).
    conditionsHold: (ctx) => conditions.every((c) => c.test(ctx)),
  };
}

const compiled = new WeakMap<PolicyInput, CompiledPolicy>();

/**
 * A policy compiled once (cached per input object). Throws when a statement uses a condition operator IAM does not
 * have; the message names the policy and the statement.
 */
export function compilePolicy(input: PolicyInput): CompiledPolicy {
  const hit = compiled.get(input);
  if (hit) return hit;
  const variables = input.version === "2012-10-17";
  const statements = input.statements.map((s, i) => {
    try {
      return compileStatement(s, i, variables);
    } catch (e) {
      const where = s.sid ? `Statement ${i} (${s.sid})` : `Statement ${i}`;
      throw new Error(`${input.id}: ${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  const c = { input, statements, candidates: statementIndex(statements) };
  compiled.set(input, c);
  return c;
}
