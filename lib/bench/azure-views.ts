import { createDb, tuneDb } from "../db/client";
import { migrate } from "../db/migrate";
import { refreshPlannerStatistics } from "../db/planner-stats";
import { createSource } from "../db/sources";
import { finishSnapshot, startSnapshot, writeBatch } from "../db/snapshots";
import { type HierarchyNodeInput, type ModelBatchInput, ZModelBatchSchema } from "../model";
import { browseAzureAssignments, browseAzureEstates, browseAzureRoles } from "../services/browse-azure";
import { getPersonAzure } from "../services/get-person-azure";
import { refreshAzureViews } from "../services/refresh-azure-views";
import { benchDb } from "./bench-db";
import { query, timed } from "./timing";
import type { BenchResult } from "./types";

/**
 * Server time of the Azure section over a generated estate: 5 management-group levels, 500 subscriptions, 1,000
 * resource groups, 200,000 role assignments (20,000 with --quick) to 20,000 users and 2,000 groups of an Entra tenant;
 * the rebuild of the derived rows (refreshAzureViews), then the role-assignment table (first page, subtree, filters,
 * sorts, search, deep page), the tree, the role definitions and a person's Azure section. Cold (first) and the
 * median of 5 warm runs, wall ms. SQLite by default; BENCH_PG=1 runs it on PostgreSQL.
 */

const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const ROLES = [
  { id: OWNER, name: "Owner", actions: ["*"], not: [] as string[] },
  {
    id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    name: "Contributor",
    actions: ["*"],
    not: [
      "Microsoft.Authorization/*/Delete",
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/elevateAccess/Action",
    ],
  },
  { id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", name: "Reader", actions: ["*/read"], not: [] },
  ...Array.from({ length: 22 }, (_, i) => ({
    id: `c0ffee00-0000-4000-8000-${String(i).padStart(12, "0")}`,
    name: `Custom operator ${i}`,
    actions: [`Microsoft.Compute/virtualMachines/${i % 2 ? "read" : "start/action"}`],
    not: [],
  })),
];
const MG = (id: string) => `/providers/Microsoft.Management/managementGroups/${id}`;
const guid = (prefix: string, i: number) => `${prefix}-0000-4000-8000-${String(i).padStart(12, "0")}`;

/** The estate: a 5-level management-group tree (1 + 4 + 16 + 32 + 64), 500 subscriptions, 2 groups each. */
function estateNodes(): { nodes: HierarchyNodeInput[]; subs: string[]; mgs: string[] } {
  const nodes: HierarchyNodeInput[] = [
    { providerId: MG("root"), kind: "managementGroup", name: "Tenant Root Group", parentProviderId: null },
  ];
  let level = [MG("root")];
  const mgs = [MG("root")];
  for (const [depth, fan] of [
    [1, 4],
    [2, 4],
    [3, 2],
    [4, 2],
  ] as const) {
    const next: string[] = [];
    level.forEach((p, pi) => {
      for (let c = 0; c < fan; c++) {
        const id = MG(`mg-${depth}-${pi}-${c}`);
        nodes.push({ providerId: id, kind: "managementGroup", name: `MG ${depth}.${pi}.${c}`, parentProviderId: p });
        next.push(id);
      }
    });
    mgs.push(...next);
    level = next;
  }
  const subs: string[] = [];
  for (let s = 0; s < 500; s++) {
    const id = `/subscriptions/${guid("5ab5c000", s)}`;
    subs.push(id);
    nodes.push({
      providerId: id,
      kind: "subscription",
      name: `Subscription ${String(s).padStart(3, "0")}`,
      parentProviderId: level[s % level.length]!,
      attributes: s % 97 === 0 ? { readable: false, reason: "403 AuthorizationFailed" } : { state: "Enabled" },
    });
    for (let r = 0; r < 2; r++)
      nodes.push({
        providerId: `${id}/resourceGroups/rg-${r}`,
        kind: "resourceGroup",
        name: `rg-${r}`,
        parentProviderId: id,
      });
  }
  return { nodes, subs, mgs };
}

function* entraBatches(users: number, groups: number): Generator<ModelBatchInput> {
  for (let start = 0; start < users; start += 5000) {
    const principals = [];
    const memberships = [];
    for (let i = start; i < Math.min(users, start + 5000); i++) {
      const id = guid("0a0a0a0a", i);
      principals.push({
        kind: "user" as const,
        providerId: id,
        name: `user${i}@example.com`,
        displayName: `User ${String(i).padStart(5, "0")}`,
        upn: `user${i}@example.com`,
        guest: i % 50 === 0,
        raw: {},
      });
      memberships.push({ groupProviderId: guid("0b0b0b0b", i % groups), memberProviderId: id, direct: true });
    }
    yield { principals, memberships };
  }
  yield {
    principals: Array.from({ length: groups }, (_, g) => ({
      kind: "group" as const,
      providerId: guid("0b0b0b0b", g),
      name: `group-${g}`,
      displayName: `Group ${g}`,
      raw: {},
    })),
  };
}

function* azureBatches(assignments: number, users: number, groups: number): Generator<ModelBatchInput> {
  const { nodes, subs, mgs } = estateNodes();
  yield {
    hierarchyNodes: nodes,
    permissionSets: ROLES.map((r) => ({
      kind: "azureRbacRole" as const,
      providerId: r.id,
      name: r.name,
      builtIn: !r.name.startsWith("Custom"),
      statements: [
        { effect: "Allow" as const, actions: r.actions, notActions: r.not, resources: ["/"], notResources: [] },
      ],
      document: {},
      attributes: { assignableScopes: ["/"] },
    })),
  };
  const KINDS = ["direct", "direct", "direct", "direct", "direct", "direct", "eligible", "active"] as const;
  for (let start = 0; start < assignments; start += 10_000) {
    const rows = [];
    for (let i = start; i < Math.min(assignments, start + 10_000); i++) {
      const sub = subs[i % subs.length]!;
      // 1 in 100 at a management group, 1 in 3 at a resource group, the rest at a subscription.
      const scope = i % 100 === 0 ? mgs[i % mgs.length]! : i % 3 === 0 ? `${sub}/resourceGroups/rg-${i % 2}` : sub;
      const group = i % 10 === 0;
      rows.push({
        principalProviderId: group ? guid("0b0b0b0b", i % groups) : guid("0a0a0a0a", i % users),
        permissionSetProviderId: ROLES[i % ROLES.length]!.id,
        scope,
        kind: KINDS[i % KINDS.length]!,
        attributes: { principalType: group ? "Group" : "User", roleAssignmentId: `${scope}/ra/${i}` },
      });
    }
    yield { assignments: rows };
  }
}

const fmt = (r: { cold: number; warm: number; warmCpu: number }) =>
  `${Math.round(r.cold)} / ${Math.round(r.warm)}; ${Math.round(r.warmCpu)}`;

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const assignments = opts.quick ? 20_000 : 200_000;
  const users = 20_000;
  const groups = 2_000;
  const target = await benchDb("azure", Boolean(process.env.BENCH_PG));
  migrate(target.url);
  const db = createDb(target.url);
  await tuneDb(db, target.url);
  try {
    const figures: Record<string, number | string> = { assignments };
    const t = performance.now();
    const tenant = await createSource(db, { kind: "entra", name: "bench-entra", externalId: "t" });
    const es = await startSnapshot(db, tenant.id, "file");
    for (const b of entraBatches(users, groups)) await writeBatch(db, es, ZModelBatchSchema.parse(b));
    const collected = { collected: true, count: null, reason: null, permission: null };
    await finishSnapshot(db, es, {
      status: "complete",
      datasets: { users: collected, groups: collected, servicePrincipals: collected },
      errors: [],
      provenance: {},
    });
    const arm = await createSource(db, { kind: "azure", name: "bench-azure", parentId: tenant.id, externalId: "t" });
    const as = await startSnapshot(db, arm.id, "file");
    for (const b of azureBatches(assignments, users, groups)) await writeBatch(db, as, ZModelBatchSchema.parse(b));
    await finishSnapshot(db, as, { status: "complete", datasets: {}, errors: [], provenance: {} });
    figures["load (ms)"] = Math.round(performance.now() - t);
    const rebuild = await timed(async () => {
      const r = await refreshAzureViews(db);
      await refreshPlannerStatistics(db);
      return r;
    });
    figures["rebuild derived rows (ms; cpu)"] = `${Math.round(rebuild.ms)}; ${Math.round(rebuild.cpu)}`;
    figures["derived rows"] = rebuild.value.rows;
    const estate = (await browseAzureEstates(db))[0]!;
    const deepMg = estate.nodes.find((n) => n.depth === 3)!;
    const sub = estate.nodes.find((n) => n.kind === "subscription" && n.readable)!;
    const cases: [string, Record<string, string>][] = [
      ["assignments: first page", { tab: "assignments" }],
      ["assignments: subtree of a level-3 management group", { scope: deepMg.id }],
      ["assignments: one subscription, admin tier", { scope: sub.id, tier: "admin" }],
      ["assignments: role = Owner, eligible", { role: OWNER, state: "eligible" }],
      ["assignments: principal type = Group", { type: "Group" }],
      ["assignments: sorted by principal", { sort: "principal" }],
      ["assignments: sorted by role, descending", { sort: "role", dir: "desc" }],
      ["assignments: sorted by tier", { sort: "tier", dir: "desc" }],
      ["assignments: search 'user 01234'", { q: "user 01234" }],
      ["assignments: search, 2 characters", { q: "r9" }],
      ["assignments: page 150 of 1,000 rows", { size: "1000", page: String(Math.floor(assignments / 1000 / 2) || 1) }],
    ];
    for (const [label, params] of cases) {
      const r = await query(() => browseAzureAssignments(db, params));
      figures[`${label} (ms, cold / warm; cpu warm)`] = fmt(r);
    }
    const tree = await query(() => browseAzureEstates(db));
    figures["tree: 581 nodes with counts (ms, cold / warm; cpu warm)"] = fmt(tree);
    const roles = await query(() => browseAzureRoles(db, {}));
    figures["role definitions (ms, cold / warm; cpu warm)"] = fmt(roles);
    const person = await query(() => getPersonAzure(db, [guid("0a0a0a0a", 1234)]));
    figures["person's Azure section (ms, cold / warm; cpu warm)"] = fmt(person);
    figures["person's Azure rows"] = person.value.direct.length;
    return {
      name: `azure views (server side, ${target.label})`,
      figures,
      notes: [
        "each filter reads page ids and counts from one covering index of AzureRoleAssignment, never the rows",
        "cpu = this process (Prisma + SQLite run in it); on PostgreSQL the server's own time is not in it",
      ],
    };
  } finally {
    await db.$disconnect();
    await target.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ quick: process.argv.includes("--quick") });
  console.log(JSON.stringify(r, null, 2));
}
