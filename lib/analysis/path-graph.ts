// The picture of an account's paths a workshop reads at a glance: Entra groups (or direct assignment) → what they
// grant (permission set or SAML role) → the account, each edge weighted by the people on it.
import type { AccessPath, Tier } from "../model";
import { pathHolder } from "./account-access";
import { maxTier } from "./tiers";

export interface GraphNode {
  id: string;
  label: string;
  /** Distinct people through this node. */
  people: number;
  /** Highest tier of the paths through it (grants only); null = unknown. */
  tier: Tier | null;
}

export interface GraphEdge {
  from: string;
  to: string;
  people: number;
  /** Some path on this edge does not enforce MFA (known); unknown is kept apart. */
  notEnforced: boolean;
  unknownMfa: boolean;
}

export interface PathGraph {
  sources: GraphNode[];
  grants: GraphNode[];
  edges: GraphEdge[];
  /** Sources left out of the picture (beyond `limit`), with their people. */
  moreSources: { count: number; people: number };
  moreGrants: { count: number; people: number };
}

/** The Entra side of a path: the group the assignment came through (the last Entra group hop), or the user directly. */
export function pathSource(p: Pick<AccessPath, "hops" | "via">): { id: string; label: string } {
  const groups = p.hops.filter((h) => h.kind === "entraGroup");
  const g = groups.at(-1);
  return g ? { id: `group:${g.id}`, label: g.name } : { id: "direct", label: "Assigned to the user directly" };
}

/** What the path grants in the account: the permission set, or the SAML role. */
export function pathGrant(p: Pick<AccessPath, "hops" | "via" | "grant">): { id: string; label: string } {
  const ps = p.hops.find((h) => h.kind === "permissionSet");
  if (ps) return { id: `ps:${ps.id}`, label: ps.name };
  const role = p.hops.findLast((h) => h.kind === "iamRole");
  return role ? { id: `role:${role.id}`, label: `${role.name} (SAML)` } : { id: `grant:${p.grant}`, label: p.grant };
}

type Acc = { node: GraphNode; holders: Set<string> };

/** Builds the picture of some paths, keeping the `limit` sources and grants with the most people. */
export function pathGraph(
  paths: Pick<AccessPath, "hops" | "via" | "grant" | "tier" | "mfa" | "personId" | "entraPrincipalId">[],
  limit = 12,
): PathGraph {
  const sources = new Map<string, Acc>();
  const grants = new Map<string, Acc>();
  const edges = new Map<string, { edge: GraphEdge; holders: Set<string> }>();
  const add = (m: Map<string, Acc>, n: { id: string; label: string }, holder: string, tier: Tier | null) => {
    let a = m.get(n.id);
    if (!a) {
      a = { node: { ...n, people: 0, tier: null }, holders: new Set() };
      m.set(n.id, a);
    }
    a.holders.add(holder);
    a.node.tier = maxTier(a.node.tier, tier);
  };
  for (const p of paths) {
    const holder = pathHolder(p);
    const s = pathSource(p);
    const g = pathGrant(p);
    add(sources, s, holder, null);
    add(grants, g, holder, p.tier);
    const k = `${s.id}\u0000${g.id}`;
    let e = edges.get(k);
    if (!e) {
      e = { edge: { from: s.id, to: g.id, people: 0, notEnforced: false, unknownMfa: false }, holders: new Set() };
      edges.set(k, e);
    }
    e.holders.add(holder);
    if (p.mfa === "notEnforced") e.edge.notEnforced = true;
    if (p.mfa === "unknown") e.edge.unknownMfa = true;
  }
  const top = (m: Map<string, Acc>) => {
    const all = [...m.values()]
      .map((a) => ({ ...a.node, people: a.holders.size }))
      .sort((a, b) => b.people - a.people || a.label.localeCompare(b.label));
    const rest = all.slice(limit);
    return { kept: all.slice(0, limit), more: { count: rest.length, people: rest.reduce((n, x) => n + x.people, 0) } };
  };
  const s = top(sources);
  const g = top(grants);
  const keptS = new Set(s.kept.map((n) => n.id));
  const keptG = new Set(g.kept.map((n) => n.id));
  return {
    sources: s.kept,
    grants: g.kept,
    edges: [...edges.values()]
      .map((e) => ({ ...e.edge, people: e.holders.size }))
      .filter((e) => keptS.has(e.from) && keptG.has(e.to)),
    moreSources: s.more,
    moreGrants: g.more,
  };
}
