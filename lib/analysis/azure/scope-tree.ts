import type { HierarchyNode, Tier } from "../../model";
import { TIERS } from "../../model";

/**
 * The Azure estate as the Azure pages draw it: the management-group tree with its subscriptions (resource groups roll
 * up into their subscription), each node numbered in pre-order so that a subtree is one range of numbers. An
 * assignment is filed under the node that holds its scope; "everything under this management group" is then
 * `pre <= node <= last`, one index range whatever the depth.
 */

export type ScopeKind = "root" | "managementGroup" | "subscription" | "resourceGroup" | "resource";

/** Counts of grants (role assignments, PIM schedules, classic administrators) by tier, and deny assignments. */
export type TierCounts = Record<Tier, number> & { deny: number; eligible: number };

export interface ScopeTreeNode {
  /** ARM id (`/` for the tenant root scope). */
  id: string;
  kind: "root" | "managementGroup" | "subscription";
  name: string;
  parentId: string | null;
  depth: number;
  pre: number;
  /** The highest `pre` in the subtree. */
  last: number;
  /** false: the reader could not read it (its assignments are not collected); `reason` says why. */
  readable: boolean;
  reason: string | null;
  /** Subscription state (Enabled, Disabled, …). */
  state: string | null;
  /** Known only from assignment scopes (not in the management-group tree that was read). */
  inferred: boolean;
  /** Rows filed at this node (for a subscription: with its resource groups and resources). */
  here: TierCounts;
  /** Rows in the subtree, this node included. */
  below: TierCounts;
  /** Unreadable subscriptions in the subtree (their rows are missing from `below`: never read as zero). */
  notCollectedBelow: number;
}

export const emptyCounts = (): TierCounts => ({
  admin: 0,
  privileged: 0,
  write: 0,
  read: 0,
  none: 0,
  deny: 0,
  eligible: 0,
});

const MG_PREFIX = "/providers/microsoft.management/managementgroups/";

/** ARM scopes compare case-insensitively; trailing slashes are not part of a scope. */
const key = (s: string) => (s === "/" ? "/" : s.toLowerCase().replace(/\/+$/, ""));

/** The kind of an ARM scope from its shape. */
export function scopeKindOf(scope: string): ScopeKind {
  const k = key(scope);
  if (k === "/" || k === "") return "root";
  if (k.startsWith(MG_PREFIX)) return "managementGroup";
  const parts = k.split("/");
  // ["", "subscriptions", guid, "resourcegroups", name, "providers", …]
  if (parts[1] === "subscriptions" && parts.length <= 3) return "subscription";
  if (parts[1] === "subscriptions" && parts[3] === "resourcegroups" && parts.length <= 5) return "resourceGroup";
  return "resource";
}

/** The management group or subscription id (as written in `scope`) that holds a scope; "/" for the root scope. */
export function holderOf(scope: string): string {
  const kind = scopeKindOf(scope);
  if (kind === "root") return "/";
  if (kind === "managementGroup") return scope.replace(/\/+$/, "");
  const parts = scope.split("/");
  return parts[1]?.toLowerCase() === "subscriptions" ? parts.slice(0, 3).join("/") : scope;
}

export interface ScopeTree {
  /** Pre-order. */
  nodes: ScopeTreeNode[];
  /** The node that holds a scope (exact management group or subscription, or the subscription above it). */
  nodeOf(scope: string): ScopeTreeNode;
  /** A readable name of a scope: the holding node's name, then the resource group and resource below it. */
  nameOf(scope: string): string;
}

/**
 * The tree of management groups and subscriptions of one snapshot, plus nodes for scopes the tree does not hold
 * (a file import without the management-group listing): those become top-level nodes marked `inferred`. The tenant
 * root scope `/` is node 0 when some scope is `/`.
 */
export function buildScopeTree(nodes: HierarchyNode[], scopes: Iterable<string>): ScopeTree {
  type Draft = Omit<ScopeTreeNode, "depth" | "pre" | "last" | "here" | "below" | "notCollectedBelow">;
  const drafts = new Map<string, Draft>();
  for (const n of nodes) {
    if (n.kind !== "managementGroup" && n.kind !== "subscription") continue;
    const a = n.attributes;
    drafts.set(key(n.providerId), {
      id: n.providerId,
      kind: n.kind,
      name: n.name,
      parentId: n.parentProviderId,
      readable: a.readable !== false,
      reason: typeof a.reason === "string" ? a.reason : null,
      state: typeof a.state === "string" ? a.state : null,
      inferred: false,
    });
  }
  let hasRoot = false;
  for (const s of scopes) {
    const holder = holderOf(s);
    if (holder === "/") {
      hasRoot = true;
      continue;
    }
    if (drafts.has(key(holder))) continue;
    const kind = scopeKindOf(holder) === "managementGroup" ? "managementGroup" : "subscription";
    drafts.set(key(holder), {
      id: holder,
      kind,
      name: holder.split("/").pop() ?? holder,
      parentId: null,
      readable: true,
      reason: null,
      state: null,
      inferred: true,
    });
  }
  const children = new Map<string | null, Draft[]>();
  for (const d of drafts.values()) {
    const parent = d.parentId && drafts.has(key(d.parentId)) ? key(d.parentId) : null;
    const list = children.get(parent) ?? [];
    list.push(d);
    children.set(parent, list);
  }
  // Management groups before subscriptions, then by name: the order the portal lists them.
  const order = (a: Draft, b: Draft) =>
    (a.kind === b.kind ? 0 : a.kind === "managementGroup" ? -1 : 1) ||
    a.name.localeCompare(b.name, "en") ||
    a.id.localeCompare(b.id, "en");
  const out: ScopeTreeNode[] = [];
  if (hasRoot)
    out.push({
      id: "/",
      kind: "root",
      name: "Tenant root scope (/)",
      parentId: null,
      readable: true,
      reason: null,
      state: null,
      inferred: false,
      depth: 0,
      pre: 0,
      last: 0,
      here: emptyCounts(),
      below: emptyCounts(),
      notCollectedBelow: 0,
    });
  const walk = (d: Draft, depth: number, parentId: string | null) => {
    const node: ScopeTreeNode = {
      ...d,
      parentId,
      depth,
      pre: out.length,
      last: out.length,
      here: emptyCounts(),
      below: emptyCounts(),
      notCollectedBelow: 0,
    };
    out.push(node);
    for (const c of (children.get(key(d.id)) ?? []).sort(order)) walk(c, depth + 1, d.id);
    node.last = out.length - 1;
  };
  for (const top of (children.get(null) ?? []).sort(order)) walk(top, 0, null);
  const byKey = new Map(out.map((n) => [key(n.id), n]));
  const nodeOf = (scope: string) => byKey.get(key(holderOf(scope))) ?? out[0]!;
  return {
    nodes: out,
    nodeOf,
    nameOf(scope) {
      const node = nodeOf(scope);
      const kind = scopeKindOf(scope);
      if (kind === "root" || kind === "managementGroup" || kind === "subscription") return node.name;
      // /subscriptions/{g}/resourceGroups/{rg}[/providers/{ns}/{type}/{name}…]
      const parts = scope.split("/").slice(3);
      const rg = parts[1] ?? "";
      const rest = parts.slice(4);
      const resource = rest.length >= 2 ? rest.slice(1).join("/") : rest.join("/");
      return [node.name, rg, resource].filter(Boolean).join(" / ");
    },
  };
}

/** What one row adds to its node's counts. */
export interface CountedRow {
  node: number;
  kind: string;
  tier: Tier | null;
}

/**
 * Fills each node's `here` and `below` counts from the rows filed under it, and counts the unreadable subscriptions
 * of each subtree. Deny assignments count apart from the tiers; eligible grants count in their tier and in `eligible`.
 */
export function countScopeTree(nodes: ScopeTreeNode[], rows: Iterable<CountedRow>): void {
  for (const n of nodes) {
    n.here = emptyCounts();
    n.below = emptyCounts();
    n.notCollectedBelow = n.kind === "subscription" && !n.readable ? 1 : 0;
  }
  for (const r of rows) {
    const n = nodes[r.node];
    if (!n) continue;
    if (r.kind === "deny") n.here.deny++;
    else if (r.tier) {
      n.here[r.tier]++;
      if (r.kind === "eligible") n.here.eligible++;
    }
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) add(n.below, n.here);
  // Children come after their parent in pre-order: walking backwards, each subtree is complete when it is added up.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (!parent) continue;
    add(parent.below, n.below);
    parent.notCollectedBelow += n.notCollectedBelow;
  }
}

function add(into: TierCounts, from: TierCounts) {
  for (const t of TIERS) into[t] += from[t];
  into.deny += from.deny;
  into.eligible += from.eligible;
}
