// Two ways to read a tenant's Azure RBAC, written against the real SDK packages for the `azure-read` bench: every
// dataset through the ARM SDK packages (per-subscription lists in parallel), or the bulk through Azure Resource Graph
// (authorizationresources + resourcecontainers) with ARM for what Resource Graph does not hold (deny assignments, PIM
// schedule instances) and for telling which subscriptions the app cannot read (Resource Graph leaves their rows out
// without a word). Both return the same counts so the bench can check they read the same estate.
import type { ArmClients } from "../testing/azure-arm-clients";

export interface ReadCounts {
  managementGroups: number;
  subscriptions: number;
  unreadableSubscriptions: number;
  resourceGroups: number;
  roleDefinitions: number;
  roleAssignments: number;
  denyAssignments: number;
  eligible: number;
  active: number;
  classicAdministrators: number;
}

const empty = (): ReadCounts => ({
  managementGroups: 0,
  subscriptions: 0,
  unreadableSubscriptions: 0,
  resourceGroups: 0,
  roleDefinitions: 0,
  roleAssignments: 0,
  denyAssignments: 0,
  eligible: 0,
  active: 0,
  classicAdministrators: 0,
});

async function pool<T>(items: T[], width: number, work: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function ids(items: AsyncIterable<{ id?: string }>, into: Set<string>): Promise<void> {
  for await (const x of items) if (x.id) into.add(x.id.toLowerCase());
}

interface TreeNode {
  id?: string;
  type?: string;
  children?: TreeNode[] | null;
}

/** The management-group tree in one request: management-group ids, subscription ids, and each one's chain. */
async function tree(c: ArmClients, tenantId: string) {
  const root = await c.managementGroups.managementGroups.get(tenantId, { expand: "children", recurse: true });
  const mgs: string[] = [root.id!];
  const subs: { id: string; chain: string[] }[] = [];
  const walk = (n: TreeNode, chain: string[]) => {
    for (const k of n.children ?? []) {
      if (k.type === "/subscriptions") subs.push({ id: k.id!.split("/")[2]!, chain });
      else {
        mgs.push(k.id!);
        walk(k, [...chain, k.id!]);
      }
    }
  };
  walk({ children: (root.children ?? []) as TreeNode[] }, [root.id!]);
  return { mgs, subs };
}

/** Management groups no readable subscription lies below: a subscription's lists cover the groups above it. */
function uncovered(mgs: string[], subs: { id: string; chain: string[] }[], readable: Set<string>): string[] {
  const covered = new Set(subs.filter((s) => readable.has(s.id)).flatMap((s) => s.chain));
  return mgs.filter((m) => !covered.has(m));
}

/** Deny assignments and PIM instances at a scope (at, above and below a subscription; at and above a group). */
async function denyAndPim(c: ArmClients, scope: string, sets: Record<"deny" | "eligible" | "active", Set<string>>) {
  const a = c.authorization();
  await ids(a.denyAssignments.listForScope(scope), sets.deny);
  await ids(a.roleEligibilityScheduleInstances.listForScope(scope), sets.eligible);
  await ids(a.roleAssignmentScheduleInstances.listForScope(scope), sets.active);
}

export async function readWithArm(c: ArmClients, tenantId: string, width: number): Promise<ReadCounts> {
  const out = empty();
  const { mgs, subs } = await tree(c, tenantId);
  const readable = new Set<string>();
  for await (const s of c.subscriptions.subscriptions.list()) readable.add(s.subscriptionId!);
  const roleDefs = new Set<string>();
  await ids(c.authorization().roleDefinitions.list(mgs[0]!, { filter: "atScopeAndBelow()" }), roleDefs);
  const sets = {
    ra: new Set<string>(),
    deny: new Set<string>(),
    eligible: new Set<string>(),
    active: new Set<string>(),
  };
  const rgs = new Set<string>();
  const classic = new Set<string>();
  await pool(subs, width, async (s) => {
    const scope = `/subscriptions/${s.id}`;
    const a = c.authorization(s.id);
    try {
      await ids(a.roleAssignments.listForScope(scope), sets.ra);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 403) {
        out.unreadableSubscriptions++;
        return;
      }
      throw e;
    }
    await denyAndPim(c, scope, sets);
    await ids(a.classicAdministrators.list(), classic);
    await ids(c.resources(s.id).resourceGroups.list(), rgs);
  });
  await pool(uncovered(mgs, subs, readable), width, async (mg) => {
    await ids(c.authorization().roleAssignments.listForScope(mg), sets.ra);
    await denyAndPim(c, mg, sets);
  });
  return {
    ...out,
    managementGroups: mgs.length,
    subscriptions: subs.length,
    resourceGroups: rgs.size,
    roleDefinitions: roleDefs.size,
    roleAssignments: sets.ra.size,
    denyAssignments: sets.deny.size,
    eligible: sets.eligible.size,
    active: sets.active.size,
    classicAdministrators: classic.size,
  };
}

/** Every row of a Resource Graph query, following $skipToken (pages are sequential by nature). */
async function query(c: ArmClients, q: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let skipToken: string | undefined;
  do {
    const r = await c.resourceGraph.resources({ query: q, options: { skipToken } });
    // NOTE: the SDK models `data` as a dictionary; an objectArray answer arrives as {"0": row, …}.
    rows.push(...(Object.values(r.data) as Record<string, unknown>[]));
    skipToken = r.skipToken;
  } while (skipToken);
  return rows;
}

export async function readWithResourceGraph(c: ArmClients, tenantId: string, width: number): Promise<ReadCounts> {
  const containers = await query(c, "resourcecontainers | project id, name, type, properties");
  const auth = await query(
    c,
    "authorizationresources | where type in~ ('microsoft.authorization/roledefinitions', 'microsoft.authorization/classicadministrators') | project id, name, type, properties",
  );
  const assignments = await query(
    c,
    "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | project id, name, type, properties",
  );
  const count = (rows: Record<string, unknown>[], type: string) => rows.filter((r) => r.type === type).length;
  // Resource Graph leaves unreadable subscriptions out without a word: the management-group tree still names them.
  const { mgs, subs } = await tree(c, tenantId);
  const readable = new Set(
    // NOTE: a subscription row's `name` is its display name; the id is the last segment of `id`.
    containers.filter((r) => r.type === "microsoft.resources/subscriptions").map((r) => String(r.id).split("/")[2]!),
  );
  const sets = { deny: new Set<string>(), eligible: new Set<string>(), active: new Set<string>() };
  await pool(
    subs.filter((s) => readable.has(s.id)),
    width,
    (s) => denyAndPim(c, `/subscriptions/${s.id}`, sets),
  );
  await pool(uncovered(mgs, subs, readable), width, (mg) => denyAndPim(c, mg, sets));
  return {
    managementGroups: count(containers, "microsoft.management/managementgroups"),
    subscriptions: subs.length,
    unreadableSubscriptions: subs.filter((s) => !readable.has(s.id)).length,
    resourceGroups: count(containers, "microsoft.resources/subscriptions/resourcegroups"),
    roleDefinitions: count(auth, "microsoft.authorization/roledefinitions"),
    roleAssignments: assignments.length,
    denyAssignments: sets.deny.size,
    eligible: sets.eligible.size,
    active: sets.active.size,
    classicAdministrators: count(auth, "microsoft.authorization/classicadministrators"),
  };
}
