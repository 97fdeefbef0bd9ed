import type { DatasetDeclaration } from "../../dataset-declaration";

/** How the live reader gets an organisation dataset: the Organizations / SSO Admin / Identity Store actions it calls. */
export interface AwsOrgLiveRead {
  readonly actions: readonly string[];
}

/** How an exported file of a dataset is recognised: the CLI commands whose JSON output holds it. */
export interface AwsOrgFileRecognition {
  /** The `aws …` commands, in the words an error message uses. */
  readonly commands: readonly string[];
}

export type AwsOrgDatasetDeclaration = DatasetDeclaration<"awsOrganization", AwsOrgLiveRead, AwsOrgFileRecognition>;

/** A declaration, checked against the shape; its permission is the actions it calls. */
export function declareAwsOrgDataset<const D extends Omit<AwsOrgDatasetDeclaration, "kind" | "permission">>(
  d: D,
): D & { kind: "awsOrganization"; permission: string } {
  return { kind: "awsOrganization", permission: d.live.actions.join(", "), ...d };
}
