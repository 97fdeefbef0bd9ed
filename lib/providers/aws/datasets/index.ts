import type { AwsDatasetName } from "../../../model";
import { accountAlias } from "./account-alias";
import { accountSummary } from "./account-summary";
import { authorizationDetails } from "./authorization-details";
import { credentialReport } from "./credential-report";
import type { AwsDatasetDeclaration } from "./declare";
import { passwordPolicy } from "./password-policy";

export type { AwsDatasetDeclaration, AwsFileRecognition, AwsLiveRead } from "./declare";
export { isGaadJson } from "./authorization-details";

/**
 * Every dataset of one AWS account's IAM, by name (lib/model/datasets.ts). Typed as a complete record, so a name
 * without a declaration does not compile.
 */
export const AWS_DATASETS = {
  authorizationDetails,
  credentialReport,
  accountSummary,
  accountAlias,
  passwordPolicy,
} as const satisfies { [N in AwsDatasetName]: AwsDatasetDeclaration & { name: N } };

export const AWS_DATASET_LIST: readonly AwsDatasetDeclaration[] = Object.values(AWS_DATASETS);
