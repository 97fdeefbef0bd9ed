import { pageAccessPaths } from "../../db/access-paths";
import { peopleOfIdentities, sourcesOfSnapshots } from "../../db/row-ids";
import type { AccessPath } from "../../model";
import type { Row } from "../../report/document";
import type { ReportContext } from "./context";

/** A path is in the report's scope when its Entra tenant or its target (account, Azure estate) is. */
export function pathInScope(ctx: ReportContext, p: Pick<AccessPath, "entraSnapshotId" | "targetSnapshotId">): boolean {
  return ctx.sourceOfSnapshot.has(p.entraSnapshotId) || ctx.sourceOfSnapshot.has(p.targetSnapshotId);
}

async function personNames(ctx: ReportContext, paths: AccessPath[]): Promise<Map<AccessPath, string | null>> {
  const sources = await sourcesOfSnapshots(
    ctx.db,
    paths.map((p) => p.entraSnapshotId),
  );
  const bySource = new Map<string, string[]>();
  for (const p of paths) {
    const s = sources.get(p.entraSnapshotId) ?? "";
    bySource.set(s, [...(bySource.get(s) ?? []), p.entraPrincipalId]);
  }
  const people = new Map<string, string>();
  for (const [s, ids] of bySource)
    for (const [id, person] of await peopleOfIdentities(ctx.db, s, ids)) people.set(`${s}|${id}`, person.displayName);
  return new Map(paths.map((p) => [p, people.get(`${sources.get(p.entraSnapshotId)}|${p.entraPrincipalId}`) ?? null]));
}

/**
 * The report rows of every stored path of one target kind in the report's scope, 5,000 paths a page: each with its
 * person's name, kept when the person filter matches the Entra user or the person.
 */
export async function* pathRowPages(
  ctx: ReportContext,
  targetKind: AccessPath["targetKind"],
  row: (p: AccessPath, person: string | null) => Row,
): AsyncGenerator<Row[]> {
  const needle = ctx.params.person?.trim().toLowerCase();
  for await (const page of pageAccessPaths(ctx.db, targetKind)) {
    const inScope = page.filter((p) => pathInScope(ctx, p));
    const people = await personNames(ctx, inScope);
    const rows = inScope
      .filter(
        (p) =>
          !needle ||
          (p.hops[0]?.name ?? "").toLowerCase().includes(needle) ||
          (people.get(p) ?? "").toLowerCase().includes(needle),
      )
      .map((p) => row(p, people.get(p) ?? null));
    if (rows.length) yield rows;
  }
}
