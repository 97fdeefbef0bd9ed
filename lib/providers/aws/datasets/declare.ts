import type { DatasetDeclaration } from "../../dataset-declaration";

/** How the live reader gets an AWS dataset: the IAM API actions it calls, in order. */
export interface AwsLiveRead {
  readonly actions: readonly string[];
}

/** How an exported AWS file of a dataset is recognised (JSON files are parsed first; `json` is undefined for others). */
export interface AwsFileRecognition {
  /** The export, in the words an error message uses. */
  readonly format: string;
  readonly recognise: (text: string, json: unknown) => boolean;
}

export type AwsDatasetDeclaration = DatasetDeclaration<"aws", AwsLiveRead, AwsFileRecognition>;

/** A declaration, checked against the shape; its permission is the IAM actions it calls. */
export function declareAwsDataset<const D extends Omit<AwsDatasetDeclaration, "kind" | "permission">>(
  d: D,
): D & { kind: "aws"; permission: string } {
  return { kind: "aws", permission: d.live.actions.map((a) => `iam:${a}`).join(", "), ...d };
}
