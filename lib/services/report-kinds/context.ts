import packageJson from "../../../package.json";
import type { Db } from "../../db/client";
import { scopedSources, type ScopedSource } from "../../db/report-data";
import type { Provenance, ProvenanceSource } from "../../report/document";
import { PDF_DEFAULT_MAX_ROWS } from "../../report";
import type { ReportParams } from "../report-params";
import { severitiesFrom } from "../report-params";

/** What every report builder starts from: the sources in scope, their snapshots and the provenance to state. */
export interface ReportContext {
  db: Db;
  params: ReportParams;
  scoped: ScopedSource[];
  /** source id → snapshot id, for sources that have a complete snapshot */
  snapshotOf: Map<string, string>;
  /** snapshot id → source id */
  sourceOfSnapshot: Map<string, string>;
  sourceName: Map<string, string>;
  sourceKind: Map<string, string>;
  snapshotIds: string[];
  provenance: Provenance;
  /** The sources in scope as ids (undefined = all sources, including cross-cloud findings). */
  sourceIds: string[] | undefined;
}

export const CROSSWALK_VERSION: string = packageJson.version;

function provenanceSource(s: ScopedSource): ProvenanceSource {
  const datasets = Object.entries(s.snapshot?.datasets ?? {}).map(([name, d]) => ({
    name,
    collected: d.collected,
    count: d.count ?? null,
    reason: d.reason ?? null,
    permission: d.permission ?? null,
  }));
  return {
    name: s.source.name,
    kind: s.source.kind,
    snapshotId: s.snapshot?.id ?? null,
    snapshotAt: s.snapshot?.finishedAt?.toISOString() ?? null,
    status: s.snapshot?.status ?? "no complete snapshot",
    origin: s.snapshot?.origin ?? null,
    complete: s.snapshot !== null && datasets.every((d) => d.collected),
    datasets,
  };
}

/** The scope as a reader would say it. */
export function describeFilters(p: ReportParams, scoped: ScopedSource[]): Record<string, string> {
  const f: Record<string, string> = {};
  f.Sources = p.sources?.length
    ? scoped.map((s) => s.source.name).join(", ") || `none matched (${p.sources.join(", ")})`
    : "all";
  if (p.person) f.Person = `name, e-mail, UPN or ARN contains "${p.person}"`;
  if (p.severity) f.Severity = `${severitiesFrom(p.severity)!.join(", ")}`;
  if (p.since) {
    const iso = new Date(p.since).toISOString();
    f["Drift since"] = iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`;
  }
  if (p.items?.length) f.Items = p.items.join(", ");
  if (p.format === "pdf")
    f["PDF rows per table"] =
      p.pdfRows === 0
        ? "all"
        : `first ${(p.pdfRows ?? PDF_DEFAULT_MAX_ROWS).toLocaleString("en-US")} (every row is in the XLSX, CSV and JSON)`;
  return f;
}

export async function reportContext(db: Db, params: ReportParams, now = new Date()): Promise<ReportContext> {
  // AWS first, Entra second, everywhere (the comparison's fixed order), then by name.
  const scoped = (await scopedSources(db, params.sources)).sort(
    (a, b) => a.source.kind.localeCompare(b.source.kind) || a.source.name.localeCompare(b.source.name),
  );
  const sources = scoped.map(provenanceSource);
  const notCollected = [
    ...scoped
      .filter((s) => !s.snapshot)
      .map((s) => ({
        source: s.source.name,
        dataset: "all data",
        reason: "the source has no complete snapshot yet (never synced, or every sync failed)",
        permission: null,
      })),
    ...sources.flatMap((s) =>
      s.datasets
        .filter((d) => !d.collected)
        .map((d) => ({
          source: s.name,
          dataset: d.name,
          reason: d.reason ?? "not collected",
          permission: d.permission,
        })),
    ),
  ];
  const withSnap = scoped.filter((s) => s.snapshot);
  return {
    db,
    params,
    scoped,
    snapshotOf: new Map(withSnap.map((s) => [s.source.id, s.snapshot!.id])),
    sourceOfSnapshot: new Map(withSnap.map((s) => [s.snapshot!.id, s.source.id])),
    sourceName: new Map(scoped.map((s) => [s.source.id, s.source.name])),
    sourceKind: new Map(scoped.map((s) => [s.source.id, s.source.kind])),
    snapshotIds: withSnap.map((s) => s.snapshot!.id),
    sourceIds: params.sources?.length ? scoped.map((s) => s.source.id) : undefined,
    provenance: {
      sources,
      notCollected,
      filters: describeFilters(params, scoped),
      crosswalkVersion: CROSSWALK_VERSION,
      generatedAt: now.toISOString(),
      notes: [],
    },
  };
}

/** "aws-prod (AWS)" — a source as chart series and column headers name it. */
export function sourceLabel(ctx: ReportContext, sourceId: string): string {
  const kind = ctx.sourceKind.get(sourceId);
  return `${ctx.sourceName.get(sourceId) ?? sourceId} (${kind === "aws" ? "AWS" : kind === "entra" ? "Entra" : kind === "azure" ? "Azure" : kind})`;
}

/** The label of the source a snapshot belongs to (rows carry snapshot ids). */
export function snapshotLabel(ctx: ReportContext, snapshotId: string): string {
  return sourceLabel(ctx, ctx.sourceOfSnapshot.get(snapshotId) ?? "");
}

/** [source id, snapshot id] of the sources of one kind ("aws", "entra") that have a complete snapshot. */
export function snapshotsOfKind(ctx: ReportContext, kind: string): [sourceId: string, snapshotId: string][] {
  return [...ctx.snapshotOf].filter(([sourceId]) => ctx.sourceKind.get(sourceId) === kind);
}
