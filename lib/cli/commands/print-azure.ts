import type { SnapshotInfo } from "../../model";
import { AZURE_DATASETS, type AzureDatasetName } from "../../providers/azure/datasets/index";
import type { CommandContext } from "../command";

/**
 * What an Azure sync or import stored: with --json one object (source, snapshot, status, counts, datasets and the
 * command's own fields); else one line of counts and the datasets not collected.
 */
export function printAzureResult(
  ctx: CommandContext,
  o: { json: boolean | undefined; head: string; sourceName: string; status: string; snap: SnapshotInfo | null },
  extra: Record<string, unknown>,
): void {
  if (o.json) {
    ctx.out(
      JSON.stringify({
        source: o.sourceName,
        snapshotId: o.snap?.id ?? null,
        status: o.status,
        ...extra,
        counts: o.snap?.counts ?? {},
        datasets: o.snap?.datasets ?? {},
      }),
    );
    return;
  }
  printAzureSnapshot(ctx, o.head, o.snap);
}

/**
 * What an Azure sync or import stored, one line: each dataset's count in the registry's order ("not collected" is
 * never printed as 0), then one line per dataset not collected with its reason and the permission that would read it.
 */
export function printAzureSnapshot(ctx: CommandContext, head: string, snap: SnapshotInfo | null): void {
  const datasets = snap?.datasets ?? {};
  const names = Object.keys(AZURE_DATASETS) as AzureDatasetName[];
  const parts = names
    .filter((n) => datasets[n]?.collected)
    .map((n) => `${datasets[n]!.count ?? 0} ${AZURE_DATASETS[n].title}`);
  ctx.out(`${head}: ${parts.join(", ") || "nothing"}`);
  for (const n of names) {
    const d = datasets[n];
    if (!d) continue;
    if (!d.collected)
      ctx.out(
        `Not collected: ${n} — ${d.reason ?? "no reason given"}${d.permission ? ` (grant ${d.permission})` : ""}`,
      );
    else if (d.reason) ctx.out(`Partly collected: ${n} — ${d.reason}`);
  }
}
