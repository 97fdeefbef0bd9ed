import type { HierarchyNode, PermissionSet, SourceModel, Statement } from "../../model";
import { type ActionCatalog, expandPatterns } from "../action-catalog";
import { and, andNot, emptyBits, fullBits, orInto, type Bits } from "../bitset";
import { evaluate, type PolicyInput } from "../evaluate";

/** The SCPs (or RCPs) of one level of an account's path: the root, each OU, then the account. */
export interface GuardrailLevel {
  nodeId: string;
  nodeName: string;
  policies: PermissionSet[];
}

/** The guardrails over one account, root first. null lists = that policy type is not collected. */
export interface AccountGuardrails {
  accountId: string;
  /** The management account: SCPs and RCPs do not apply to it. */
  management: boolean;
  scps: GuardrailLevel[] | null;
  rcps: GuardrailLevel[] | null;
  /** Why the chain is incomplete (an account or OU missing from the tree…). */
  problems: string[];
}

/** The account's path root → OU… → account in the organisation tree (empty when the account is not in it). */
export function pathToRoot(byId: Map<string, HierarchyNode>, accountId: string): HierarchyNode[] {
  const out: HierarchyNode[] = [];
  const seen = new Set<string>();
  for (let n = byId.get(accountId); n; n = n.parentProviderId ? byId.get(n.parentProviderId) : undefined) {
    if (seen.has(n.providerId)) break; // a cycle can only come from bad input; stop rather than loop
    seen.add(n.providerId);
    out.push(n);
  }
  return out.reverse();
}

/** Organizations policy rows and where they are attached, read once per organisation snapshot. */
export interface GuardrailIndex {
  byNode: Map<string, HierarchyNode>;
  attached: Map<string, PermissionSet[]>;
  managementAccountId: string | null;
  scpCollected: boolean;
  rcpCollected: boolean;
}

export function indexGuardrails(org: SourceModel): GuardrailIndex {
  const byNode = new Map((org.hierarchy ?? []).map((n) => [n.providerId, n]));
  const sets = new Map(org.permissionSets.map((p) => [p.providerId, p]));
  const attached = new Map<string, PermissionSet[]>();
  for (const a of org.assignments) {
    if (a.kind !== "guardrail") continue;
    const p = sets.get(a.permissionSetProviderId);
    if (!p) continue;
    const list = attached.get(a.principalProviderId);
    if (list) list.push(p);
    else attached.set(a.principalProviderId, [p]);
  }
  const root = [...byNode.values()].find((n) => n.kind === "root");
  const mgmt = root?.attributes.managementAccountId;
  const ds = org.datasets.organizationPolicies ?? org.datasets.policies;
  const anyOf = (kind: string) => org.permissionSets.some((p) => p.kind === kind);
  // Not reported: trust the rows only when some arrived (an org with SCPs enabled always has FullAWSAccess).
  const collected = ds ? ds.collected : anyOf("serviceControlPolicy");
  return {
    byNode,
    attached,
    managementAccountId: typeof mgmt === "string" ? mgmt : null,
    scpCollected: collected && (ds ? true : anyOf("serviceControlPolicy")),
    rcpCollected: collected && (ds ? true : anyOf("resourceControlPolicy")),
  };
}

/** The SCP and RCP levels over an account. */
export function guardrailsOf(g: GuardrailIndex, accountId: string): AccountGuardrails {
  const path = pathToRoot(g.byNode, accountId);
  const problems: string[] = [];
  if (!path.length || path[0]!.kind !== "root") problems.push(`account ${accountId} is not in the organisation tree`);
  const levels = (kind: "serviceControlPolicy" | "resourceControlPolicy"): GuardrailLevel[] =>
    path.map((n) => ({
      nodeId: n.providerId,
      nodeName: n.name,
      policies: (g.attached.get(n.providerId) ?? []).filter((p) => p.kind === kind),
    }));
  const management = g.managementAccountId === accountId;
  // A policy type with no policy attached anywhere is not enabled in the organisation (AWS attaches the
  // FullAWSAccess / RCPFullAWSAccess policy to every node when the type is enabled): it then does not filter.
  const enabled = (kind: string) => [...g.attached.values()].some((ps) => ps.some((p) => p.kind === kind));
  return {
    accountId,
    management,
    scps:
      !g.scpCollected || problems.length ? null : enabled("serviceControlPolicy") ? levels("serviceControlPolicy") : [],
    rcps:
      !g.rcpCollected || problems.length
        ? null
        : enabled("resourceControlPolicy")
          ? levels("resourceControlPolicy")
          : [],
    problems,
  };
}

/**
 * What the SCPs of an account leave to a principal, as bit sets over the action catalogue: `any` = some level-wise
 * Allow for the action (maybe conditional or resource-scoped), `full` = an unconditional Allow on every resource at
 * every level; `denied` = an unconditional Deny on every resource (or a Deny whose only conditions name the principal
 * and that matches this principal, decided by the evaluator); `partial` = other Denies (regions, tags…): flagged,
 * they do not lower the tier.
 */
export interface Ceiling {
  any: Bits;
  full: Bits;
  denied: Bits;
  partial: Bits;
  /** Statements that took actions away from this principal, for the path's explanation. */
  denials: string[];
}

// Condition keys the evaluator derives from the principal alone: a Deny that reads only these is decided exactly.
const PRINCIPAL_KEYS = new Set([
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalisawsservice",
  "aws:principaltype",
  "aws:userid",
  "aws:username",
]);

const conditional = (s: Statement) =>
  !!s.conditions && Object.values(s.conditions).some((kv) => Object.keys(kv).length > 0);

/** A statement whose conditions read only keys the evaluator derives from the principal. */
export function principalOnly(s: Statement): boolean {
  if (!s.conditions) return false;
  return Object.values(s.conditions).every((kv) => Object.keys(kv).every((k) => PRINCIPAL_KEYS.has(k.toLowerCase())));
}

function statementBits(cat: ActionCatalog, s: Statement): Bits {
  return s.actions.length
    ? expandPatterns(cat, s.actions).bits
    : andNot(cat.all, expandPatterns(cat, s.notActions).bits);
}

const bitsMemo = new WeakMap<Statement, Bits>();
function bitsOfStatement(cat: ActionCatalog, s: Statement): Bits {
  let b = bitsMemo.get(s);
  if (!b) {
    b = statementBits(cat, s);
    bitsMemo.set(s, b);
  }
  return b;
}

const label = (p: PermissionSet, s: Statement, i: number) =>
  `${p.name} ${s.sid ? `statement ${s.sid}` : `statement #${i + 1}`}`;

/** A representative action of a statement, for asking the evaluator whether the statement's Deny hits a principal. */
function probeAction(cat: ActionCatalog, bits: Bits): string | null {
  for (let w = 0; w < bits.length; w++) {
    const v = bits[w]!;
    if (v !== 0) return cat.actions[(w << 5) + (31 - Math.clz32(v & -v))]!.key;
  }
  return null;
}

const ALLOW_ALL: PolicyInput = {
  id: "probe",
  version: "2012-10-17",
  statements: [{ effect: "Allow", actions: ["*"], notActions: [], resources: ["*"], notResources: [] }],
};

/** A Deny whose only conditions name the principal: decided per role by the evaluator. */
interface PrincipalDeny {
  bits: Bits;
  policy: PolicyInput;
  action: string;
  label: string;
}

/** An account's SCP ceiling before the Denies that depend on who the principal is. */
export interface ChainCeiling {
  base: Ceiling;
  principalDenies: PrincipalDeny[];
  /** Ceilings with some principal Denies applied, by which ones apply. */
  variants: Map<string, Ceiling>;
}

/** The SCP ceiling of a chain of levels (root first). Levels with no policy deny everything, as AWS does. */
export function chainCeiling(cat: ActionCatalog, levels: GuardrailLevel[]): ChainCeiling {
  let any = fullBits(cat.size);
  let full = fullBits(cat.size);
  const denied = emptyBits(cat.size);
  const partial = emptyBits(cat.size);
  const denials: string[] = [];
  const principalDenies: PrincipalDeny[] = [];
  for (const level of levels) {
    const lAny = emptyBits(cat.size);
    const lFull = emptyBits(cat.size);
    for (const p of level.policies) {
      p.statements.forEach((s, i) => {
        const bits = bitsOfStatement(cat, s);
        if (s.effect === "Allow") {
          orInto(lAny, bits);
          if (!conditional(s) && s.resources.includes("*") && !s.notResources.length) orInto(lFull, bits);
          return;
        }
        const everywhere = s.resources.includes("*") && !s.notResources.length;
        if (!conditional(s) && everywhere) {
          orInto(denied, bits);
          denials.push(
            `${label(p, s, i)} (${level.nodeName}) denies ${s.actions.length ? s.actions.join(", ") : `everything but ${s.notActions.join(", ")}`}`,
          );
          return;
        }
        const action = everywhere && principalOnly(s) ? probeAction(cat, bits) : null;
        if (action) {
          principalDenies.push({
            bits,
            action,
            label: `${label(p, s, i)} (${level.nodeName}) denies this role`,
            policy: { id: p.providerId, name: p.name, version: "2012-10-17", statements: [s, ...ALLOW_ALL.statements] },
          });
          return;
        }
        orInto(partial, bits);
      });
    }
    any = and(any, lAny);
    full = and(full, lFull);
    if (!level.policies.length) denials.push(`no SCP attached at ${level.nodeName}: every action is denied`);
  }
  return { base: { any, full, denied, partial, denials }, principalDenies, variants: new Map() };
}

/** The ceiling for one role: the chain's, plus the principal Denies the evaluator says hit this role ARN. */
export function ceilingFor(c: ChainCeiling, roleArn: string | null): Ceiling {
  if (!c.principalDenies.length) return c.base;
  const hits = roleArn
    ? c.principalDenies.filter(
        (d) =>
          evaluate(
            { principal: { kind: "role", arn: roleArn }, action: d.action, resource: "*" },
            {
              identity: [ALLOW_ALL],
              scps: [[d.policy]],
            },
          ).decision === "explicitDeny",
      )
    : [];
  if (!hits.length) return c.base;
  const key = hits.map((d) => c.principalDenies.indexOf(d)).join(",");
  let v = c.variants.get(key);
  if (!v) {
    const denied = c.base.denied.slice();
    for (const d of hits) orInto(denied, d.bits);
    v = { ...c.base, denied, denials: [...c.base.denials, ...hits.map((d) => d.label)] };
    c.variants.set(key, v);
  }
  return v;
}
