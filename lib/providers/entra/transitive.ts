import type { Membership } from "../../model";
import type { GraphObject } from "./graph-types";
import { normalizeMembers } from "./normalize";
import { getOrInsertComputed } from "../../get-or-insert";

/** Normalizes one page of `/groups/{id}/members` and reports each identity member (with whether it is a group). */
function memberPage(
  groupId: string,
  items: GraphObject[],
  add: (groupId: string, memberId: string, memberIsGroup: boolean) => void,
): { memberships: Membership[]; skipped: Record<string, number> } {
  const page = normalizeMembers(groupId, items, true);
  const groups = new Set(items.filter((i) => /\.group$/.test(String(i["@odata.type"] ?? ""))).map((i) => i.id));
  for (const m of page.memberships) add(groupId, m.memberProviderId, groups.has(m.memberProviderId));
  return page;
}

/**
 * Group membership as a graph of direct edges, with the transitive closure computed locally: Graph's
 * `/transitiveMembers` costs 5 resource units per call and one call per group, while the direct edges we read anyway
 * determine it. Ids are interned to small integers so 500k edges stay a few tens of MB.
 *
 * A stored membership is `direct: true` for a direct member, `direct: false` for a member reached only through
 * nested groups (a pair is stored once).
 */
export class MembershipGraph {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly members = new Map<number, Set<number>>();
  private readonly groups = new Set<number>();

  private id(s: string): number {
    let n = this.index.get(s);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(s);
      this.index.set(s, n);
    }
    return n;
  }

  /** Marks an id as a group (nested groups are followed only when known to be groups). */
  markGroup(groupId: string): void {
    this.groups.add(this.id(groupId));
  }

  addDirect(groupId: string, memberId: string, memberIsGroup = false): void {
    const g = this.id(groupId);
    const m = this.id(memberId);
    this.groups.add(g);
    if (memberIsGroup) this.groups.add(m);
    getOrInsertComputed(this.members, g, () => new Set()).add(m);
  }

  /**
   * Adds one page of `/groups/{id}/members` (polymorphic by `@odata.type`); returns the direct memberships to store
   * and the count of non-identity members skipped (devices, contacts).
   */
  addMemberPage(groupId: string, items: GraphObject[]): { memberships: Membership[]; skipped: Record<string, number> } {
    return memberPage(groupId, items, (g, m, isGroup) => this.addDirect(g, m, isGroup));
  }

  removeDirect(groupId: string, memberId: string): void {
    const g = this.index.get(groupId);
    const m = this.index.get(memberId);
    if (g !== undefined && m !== undefined) this.members.get(g)?.delete(m);
  }

  /** A deleted object: gone as a member everywhere, and as a group. */
  removeObject(id: string): void {
    const n = this.index.get(id);
    if (n === undefined) return;
    this.members.delete(n);
    this.groups.delete(n);
    for (const set of this.members.values()) set.delete(n);
  }

  /** Direct members of a group. */
  directMembers(groupId: string): string[] {
    const g = this.index.get(groupId);
    return g === undefined ? [] : [...(this.members.get(g) ?? [])].map((m) => this.ids[m]!);
  }

  /** Every member of a group, direct or through nesting (cycles tolerated). */
  private reach(g: number): Set<number> {
    const seen = new Set<number>();
    const stack = [g];
    const visitedGroups = new Set<number>([g]);
    while (stack.length) {
      const cur = stack.pop()!;
      for (const m of this.members.get(cur) ?? []) {
        if (m !== g) seen.add(m);
        if (this.groups.has(m) && !visitedGroups.has(m)) {
          visitedGroups.add(m);
          stack.push(m);
        }
      }
    }
    return seen;
  }

  /** Members of `groupId` with how they are members. */
  membershipOf(groupId: string): Map<string, boolean> {
    const out = new Map<string, boolean>();
    const g = this.index.get(groupId);
    if (g === undefined) return out;
    const direct = this.members.get(g) ?? new Set<number>();
    for (const m of this.reach(g)) out.set(this.ids[m]!, direct.has(m));
    return out;
  }

  /** Groups that contain any of `ids`, directly or through nesting (one reverse index, one walk). */
  ancestorsOf(ids: Iterable<string>): Set<string> {
    const parents = new Map<number, number[]>();
    for (const [g, set] of this.members) {
      for (const m of set) {
        getOrInsertComputed(parents, m, () => []).push(g);
      }
    }
    const seen = new Set<number>();
    const stack: number[] = [];
    for (const id of ids) {
      const n = this.index.get(id);
      if (n !== undefined) stack.push(n);
    }
    while (stack.length) {
      for (const p of parents.get(stack.pop()!) ?? []) {
        if (!seen.has(p)) {
          seen.add(p);
          stack.push(p);
        }
      }
    }
    return new Set([...seen].map((g) => this.ids[g]!));
  }

  /** Memberships reached only through nesting (direct: false), group by group, in pages. */
  *transitiveOnly(pageSize = 5000): Generator<Membership[]> {
    let page: Membership[] = [];
    for (const g of this.members.keys()) {
      const direct = this.members.get(g)!;
      // Only groups with a nested group member can have indirect members.
      let nested = false;
      for (const m of direct) if (this.groups.has(m)) nested = true;
      if (!nested) continue;
      for (const m of this.reach(g)) {
        if (direct.has(m)) continue;
        page.push({ groupProviderId: this.ids[g]!, memberProviderId: this.ids[m]!, direct: false });
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
    }
    if (page.length) yield page;
  }

  get groupIds(): string[] {
    return [...this.groups].map((g) => this.ids[g]!);
  }
}

/** Direct member ids of groups, read back from wherever the direct memberships were stored. */
export type DirectMembersOf = (groupIds: string[]) => Promise<Map<string, string[]>>;

/**
 * The bounded way to the same closure as MembershipGraph.transitiveOnly during a full sync: only group-in-group
 * edges are kept in memory (a few per cent of memberships); direct memberships are stored as they are read and
 * their member lists read back, a chunk of nesting groups at a time, when the closure is computed. Memory is then
 * bounded by the nesting structure and the chunk, not by the tenant's membership count.
 */
export class GroupNesting {
  private readonly groups = new Set<string>();
  private readonly nested = new Map<string, Set<string>>();

  markGroup(groupId: string): void {
    this.groups.add(groupId);
  }

  /** Records a direct membership; only an edge to a (known or typed) group is kept. */
  addDirect(groupId: string, memberId: string, memberIsGroup = false): void {
    this.groups.add(groupId);
    if (memberIsGroup) this.groups.add(memberId);
    if (!this.groups.has(memberId)) return;
    getOrInsertComputed(this.nested, groupId, () => new Set()).add(memberId);
  }

  /** Adds one page of `/groups/{id}/members` (as MembershipGraph.addMemberPage). */
  addMemberPage(groupId: string, items: GraphObject[]): { memberships: Membership[]; skipped: Record<string, number> } {
    return memberPage(groupId, items, (g, m, isGroup) => this.addDirect(g, m, isGroup));
  }

  /** Groups reachable from `root` through nested groups (not root itself; cycles tolerated). */
  private reachableGroups(root: string): string[] {
    const visited = new Set<string>([root]);
    const out: string[] = [];
    const stack = [root];
    while (stack.length) {
      for (const m of this.nested.get(stack.pop()!) ?? []) {
        if (visited.has(m)) continue;
        visited.add(m);
        out.push(m);
        stack.push(m);
      }
    }
    return out;
  }

  /** Memberships reached only through nesting (direct: false), group by group, in pages. */
  async *transitiveOnly(
    directMembersOf: DirectMembersOf,
    pageSize = 5000,
    rootsPerChunk = 200,
  ): AsyncGenerator<Membership[]> {
    const roots = [...this.nested.keys()];
    let page: Membership[] = [];
    for (let i = 0; i < roots.length; i += rootsPerChunk) {
      const chunk = roots.slice(i, i + rootsPerChunk).map((root) => ({ root, via: this.reachableGroups(root) }));
      const need = new Set<string>();
      for (const { root, via } of chunk) {
        need.add(root);
        for (const g of via) need.add(g);
      }
      const lists = await directMembersOf([...need]);
      for (const { root, via } of chunk) {
        const direct = new Set(lists.get(root) ?? []);
        const seen = new Set<string>();
        for (const g of via) {
          for (const m of lists.get(g) ?? []) {
            if (m === root || direct.has(m) || seen.has(m)) continue;
            seen.add(m);
            page.push({ groupProviderId: root, memberProviderId: m, direct: false });
            if (page.length >= pageSize) {
              yield page;
              page = [];
            }
          }
        }
      }
    }
    if (page.length) yield page;
  }
}

/** Direct members kept in memory: for callers with no store to read them back from (tests, small imports). */
export function inMemoryDirectMembers(): { add: (m: Membership) => void; of: DirectMembersOf } {
  const lists = new Map<string, string[]>();
  return {
    add: (m) => {
      const list = lists.get(m.groupProviderId);
      if (list) list.push(m.memberProviderId);
      else lists.set(m.groupProviderId, [m.memberProviderId]);
    },
    of: async (ids) => new Map(ids.map((id) => [id, lists.get(id) ?? []])),
  };
}
