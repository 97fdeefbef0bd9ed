import { COUNT_KEYS, type DatasetStatus, type SourceKind } from "../model";
import { AWS_DATASET_LIST } from "../providers/aws/datasets";
import { datasetsFeeding } from "../providers/dataset-declaration";
import { ENTRA_DATASET_LIST } from "../providers/entra/datasets";
import { AWS_ORG_DATASET_LIST } from "../providers/aws-org/datasets";
import { AZURE_DATASET_LIST } from "../providers/azure/datasets/index";

/**
 * Where each count of `stats --json` comes from: the datasets whose declaration (lib/providers/<cloud>/datasets)
 * says it feeds that count. A count is a number only when at least one of its datasets was collected; otherwise it
 * is null ("not collected"), never 0. A dataset a snapshot does not mention at all (older snapshots, synthetic data)
 * leaves the stored count as it is; a key no dataset feeds is always null.
 */
export const COUNT_DATASETS: { [K in SourceKind]: Record<string, readonly string[]> } = {
  aws: datasetsFeeding(COUNT_KEYS.aws, AWS_DATASET_LIST),
  entra: datasetsFeeding(COUNT_KEYS.entra, ENTRA_DATASET_LIST),
  awsOrganization: datasetsFeeding(COUNT_KEYS.awsOrganization, AWS_ORG_DATASET_LIST),
  azure: datasetsFeeding(COUNT_KEYS.azure, AZURE_DATASET_LIST),
};

/**
 * A snapshot's counts as views and `stats` show them: each key of its kind (in COUNT_KEYS order), null where none of
 * the datasets it comes from was collected.
 */
export function countsAsCollected(
  kind: SourceKind,
  counts: Record<string, number>,
  datasets: Record<string, Pick<DatasetStatus, "collected">>,
): Record<string, number | null> {
  const sources = COUNT_DATASETS[kind];
  return Object.fromEntries(
    COUNT_KEYS[kind].map((key) => {
      const from = sources[key] ?? [];
      const known = from.map((d) => datasets[d]).filter((s) => s !== undefined);
      const notCollected = from.length === 0 || (known.length > 0 && known.every((s) => !s.collected));
      return [key, notCollected ? null : (counts[key] ?? 0)];
    }),
  );
}
