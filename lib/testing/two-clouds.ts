import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/client";
import { ensureSource } from "../db/sources";
import type { ConnectorEvent, DatasetName, DatasetStatusInput, ModelBatchInput } from "../model";
import { ingest } from "../services/ingest";

/** The small two-cloud organisation of lib/services/testdata/analysis/two-clouds.json (model batches + expectations). */
// biome-ignore lint/suspicious/noExplicitAny: a fixture of model batches and expectations that the tests pick apart; ingest checks the batches
export const twoClouds: any = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "../services/testdata/analysis/two-clouds.json"), "utf8"),
);

/** A connector's events for one model batch and its datasets' statuses. */
export async function* events(
  batch: ModelBatchInput,
  datasets: Partial<Record<DatasetName, DatasetStatusInput>>,
): AsyncGenerator<ConnectorEvent> {
  yield { type: "batch", batch };
  for (const [name, status] of Object.entries(datasets) as [DatasetName, DatasetStatusInput][])
    yield { type: "dataset", name, status };
}

/** Creates its two sources and ingests them (each ingest refreshes derived data unless `refresh: false`). */
export async function ingestTwoClouds(
  db: Db,
  options: { refresh?: boolean } = {},
): Promise<{ awsId: string; entraId: string }> {
  const awsId = (await ensureSource(db, { kind: "aws", name: "acme-aws" })).id;
  const entraId = (await ensureSource(db, { kind: "entra", name: "acme-entra" })).id;
  for (const [sourceId, side] of [
    [awsId, twoClouds.aws],
    [entraId, twoClouds.entra],
  ] as const) {
    const r = await ingest(db, events(side.batch, side.datasets), {
      sourceId,
      origin: "file",
      refresh: options.refresh,
    });
    if (r.status !== "complete") throw new Error(`two-clouds ingest: ${r.status} ${r.error?.message ?? ""}`);
  }
  return { awsId, entraId };
}
