import type { SourceModel } from "../analysis/source-model";
import { type ConnectorEvent, ZDatasetStatusSchema, ZModelBatchSchema } from "../model";

/** The model an importer's (or reader's) events describe, as analyze() takes it — no database. */
export async function modelOfEvents(
  base: Pick<SourceModel, "sourceId" | "sourceName" | "kind" | "snapshotId" | "finishedAt"> & Partial<SourceModel>,
  events: AsyncIterable<ConnectorEvent>,
): Promise<SourceModel> {
  const m: SourceModel = {
    datasets: {},
    principals: [],
    memberships: [],
    permissionSets: [],
    assignments: [],
    accessControls: [],
    namedLocations: [],
    ...base,
  };
  for await (const e of events) {
    if (e.type === "dataset") m.datasets[e.name] = ZDatasetStatusSchema.parse(e.status);
    if (e.type !== "batch") continue;
    const b = ZModelBatchSchema.parse(e.batch);
    m.principals.push(...b.principals);
    m.memberships.push(...b.memberships);
    m.permissionSets.push(...b.permissionSets);
    m.assignments.push(...b.assignments);
    m.accessControls.push(...b.accessControls);
    m.namedLocations.push(...b.namedLocations);
    if (b.hierarchyNodes.length) m.hierarchy = [...(m.hierarchy ?? []), ...b.hierarchyNodes];
  }
  return m;
}
