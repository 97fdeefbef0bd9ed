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

/** A list of action patterns: exact names in a set, wildcard patterns as RegExps. */
interface ActionMatcher {
  all: boolean;
  exact: Set<string>;
  patterns: RegExp[];
}

function compileActions(list: readonly string[]): ActionMatcher {
  const m: ActionMatcher = { all: false, exact: new Set(), patterns: [] };
  for (const raw of list) {
    const a = normalizeAction(raw);
    if (a === "*") m.all = true;
    // "service:action": a pattern without a colon names nothing.
    else if (!a.includes(":")) continue;
    else if (a.includes("*") || a.includes("?")) {
      const src = a
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^]*")
        .replace(/\?/g, "[^]");
      m.patterns.push(anchored(src));
    } else m.exact.add(a);
  }
  return m;
}

function actionMatches(m: ActionMatcher, action: string): boolean {
  if (m.all || m.exact.has(action)) return true;
  for (const re of m.patterns) if (re.test(action)) return true;
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
  /** Context keys the statement reads (conditions and variables), as first written. */
  keys: string[];
  matchesAction(action: string): boolean;
  matchesResource(resource: string, ctx: RequestContext): boolean;
  conditionsHold(ctx: RequestContext): boolean;
}

export interface CompiledPolicy {
  input: PolicyInput;
  statements: CompiledStatement[];
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
    keys: [...new Map(keys.map((k) => [k.toLowerCase(), k])).values()],
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
  const c = { input, statements };
  compiled.set(input, c);
  return c;
}
