import type { Assignment, PermissionSet, Principal, SourceModel } from "../model";

export type { SourceModel } from "../model";

/** Lookups over a SourceModel, built once per analysis run. Group membership is resolved transitively. */
export interface SourceIndex {
  model: SourceModel;
  principal: Map<string, Principal>;
  permissionSet: Map<string, PermissionSet>;
  /** Inline policies by the provider id (or ARN) of the principal that holds them. */
  inlineByOwner: Map<string, PermissionSet[]>;
  assignmentsOf: Map<string, Assignment[]>;
  /** member → groups it belongs to directly. */
  directGroupsOf: Map<string, string[]>;
  /** member → every group it belongs to, directly or through nested groups (memoized on demand). */
  groupsOf: (memberId: string) => string[];
  /** group → every member (transitive), memoized on demand. */
  membersOf: (groupId: string) => Set<string>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function indexSource(model: SourceModel): SourceIndex {
  const principal = new Map(model.principals.map((p) => [p.providerId, p]));
  const permissionSet = new Map(model.permissionSets.map((s) => [s.providerId, s]));
  const inlineByOwner = new Map<string, PermissionSet[]>();
  for (const s of model.permissionSets)
    if (s.kind === "inlinePolicy" && s.ownerProviderId) push(inlineByOwner, s.ownerProviderId, s);
  const assignmentsOf = new Map<string, Assignment[]>();
  for (const a of model.assignments) push(assignmentsOf, a.principalProviderId, a);
  // Transitive rows (direct=false) some connectors add are recomputed here from the direct ones, so both shapes work.
  const directGroupsOf = new Map<string, string[]>();
  const directMembers = new Map<string, string[]>();
  const hasDirect = model.memberships.some((m) => m.direct);
  for (const m of model.memberships) {
    if (hasDirect && !m.direct) continue;
    push(directGroupsOf, m.memberProviderId, m.groupProviderId);
    push(directMembers, m.groupProviderId, m.memberProviderId);
  }
  const groupsMemo = new Map<string, string[]>();
  const groupsOf = (memberId: string): string[] => {
    const hit = groupsMemo.get(memberId);
    if (hit) return hit;
    const seen = new Set<string>();
    const stack = [...(directGroupsOf.get(memberId) ?? [])];
    while (stack.length) {
      const g = stack.pop()!;
      if (seen.has(g)) continue; // cycles are possible in nested Entra groups
      seen.add(g);
      for (const parent of directGroupsOf.get(g) ?? []) stack.push(parent);
    }
    const out = [...seen];
    groupsMemo.set(memberId, out);
    return out;
  };
  const membersMemo = new Map<string, Set<string>>();
  const membersOf = (groupId: string): Set<string> => {
    const hit = membersMemo.get(groupId);
    if (hit) return hit;
    const seen = new Set<string>();
    const visited = new Set<string>([groupId]);
    const stack = [...(directMembers.get(groupId) ?? [])];
    while (stack.length) {
      const m = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      if (directMembers.has(m) && !visited.has(m)) {
        visited.add(m);
        for (const c of directMembers.get(m) ?? []) stack.push(c);
      }
    }
    membersMemo.set(groupId, seen);
    return seen;
  };
  return { model, principal, permissionSet, inlineByOwner, assignmentsOf, directGroupsOf, groupsOf, membersOf };
}

/** Whether a dataset was collected; `undefined` (never reported) counts as collected only when `assume` says so. */
export function collected(model: SourceModel, dataset: string, assume = false): boolean {
  const d = model.datasets[dataset];
  return d ? d.collected : assume;
}
