import type { HierarchyNode, HierarchyNodeKind } from "../model";
import type { Db } from "./client";
import { insertMany, type Column, type TableRows } from "./bulk-insert";

/** The HierarchyNode table: the AWS organisation tree and the Azure management-group tree of each snapshot. */

const COLUMNS: Column[] = [
  { name: "snapshotId", type: "text" },
  { name: "providerId", type: "text" },
  { name: "kind", type: "text" },
  { name: "name", type: "text" },
  { name: "parentProviderId", type: "text" },
  { name: "attributes", type: "json" },
];

/** The rows of `nodes` for insertMany (writeBatch stores them with the rest of a batch, in one transaction). */
export function hierarchyNodeRows(snapshotId: string, nodes: HierarchyNode[]): TableRows {
  return {
    table: "HierarchyNode",
    columns: COLUMNS,
    rows: nodes.map((n) => [snapshotId, n.providerId, n.kind, n.name, n.parentProviderId, n.attributes]),
  };
}

const SELECT = { providerId: true, kind: true, name: true, parentProviderId: true, attributes: true } as const;

function toNode(r: {
  providerId: string;
  kind: string;
  name: string;
  parentProviderId: string | null;
  attributes: unknown;
}): HierarchyNode {
  return {
    providerId: r.providerId,
    kind: r.kind as HierarchyNodeKind,
    name: r.name,
    parentProviderId: r.parentProviderId,
    attributes: (r.attributes ?? {}) as Record<string, unknown>,
  };
}

/** Stores nodes of a snapshot in bulk (one transaction). */
export async function insertHierarchyNodes(db: Db, snapshotId: string, nodes: HierarchyNode[]): Promise<void> {
  await insertMany(db, [hierarchyNodeRows(snapshotId, nodes)]);
}

/** Every node of a snapshot, optionally of some kinds only, in a stable order (kind, name, provider id). */
export async function listHierarchyNodes(
  db: Db,
  snapshotId: string,
  kinds?: HierarchyNodeKind[],
): Promise<HierarchyNode[]> {
  const rows = await db.hierarchyNode.findMany({
    where: { snapshotId, ...(kinds ? { kind: { in: kinds } } : {}) },
    orderBy: [{ kind: "asc" }, { name: "asc" }, { providerId: "asc" }],
    select: SELECT,
  });
  return rows.map(toNode);
}

/** The direct children of a node (null: the top of the tree), by kind then name. */
export async function childHierarchyNodes(
  db: Db,
  snapshotId: string,
  parentProviderId: string | null,
): Promise<HierarchyNode[]> {
  const rows = await db.hierarchyNode.findMany({
    where: { snapshotId, parentProviderId },
    orderBy: [{ kind: "asc" }, { name: "asc" }, { providerId: "asc" }],
    select: SELECT,
  });
  return rows.map(toNode);
}

/** The resource groups of some subscriptions (their node ids as stored), by subscription id. */
export async function resourceGroupsOf(
  db: Db,
  snapshotId: string,
  subscriptionIds: string[],
): Promise<Map<string, HierarchyNode[]>> {
  const out = new Map<string, HierarchyNode[]>();
  if (!subscriptionIds.length) return out;
  const rows = await db.hierarchyNode.findMany({
    where: { snapshotId, kind: "resourceGroup", parentProviderId: { in: subscriptionIds } },
    orderBy: [{ name: "asc" }, { providerId: "asc" }],
    select: SELECT,
  });
  for (const r of rows.map(toNode)) {
    const list = out.get(r.parentProviderId!);
    if (list) list.push(r);
    else out.set(r.parentProviderId!, [r]);
  }
  return out;
}
