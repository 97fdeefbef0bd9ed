import type { AwsOrgDatasetName } from "../../../model";
import { accountAssignments } from "./account-assignments";
import type { AwsOrgDatasetDeclaration } from "./declare";
import { delegatedAdministrators } from "./delegated-administrators";
import { identityStoreGroups } from "./identity-store-groups";
import { identityStoreUsers } from "./identity-store-users";
import { organization } from "./organization";
import { organizationPolicies } from "./organization-policies";
import { permissionSets } from "./permission-sets";

export type { AwsOrgDatasetDeclaration, AwsOrgFileRecognition, AwsOrgLiveRead } from "./declare";

export type { AwsOrgDatasetName } from "../../../model";

/**
 * Every dataset of an organisation snapshot (an `awsOrganization` source), by name (lib/model/datasets.ts). Typed as
 * a complete record, so a name without a declaration does not compile. Member accounts' IAM is read as `aws` sources.
 */
export const AWS_ORG_DATASETS = {
  organization,
  organizationPolicies,
  delegatedAdministrators,
  identityStoreUsers,
  identityStoreGroups,
  permissionSets,
  accountAssignments,
} as const satisfies { [N in AwsOrgDatasetName]: AwsOrgDatasetDeclaration & { name: N } };

export const AWS_ORG_DATASET_LIST: readonly AwsOrgDatasetDeclaration[] = Object.values(AWS_ORG_DATASETS);

/** The permission text shown with "not collected". */
export const permissionOf = (d: AwsOrgDatasetName) => AWS_ORG_DATASETS[d].permission;

/** Every action the organisation read needs (the README's minimal policy), member accounts' IAM and sts:AssumeRole aside. */
export const REQUIRED_ORG_ACTIONS = [...new Set(AWS_ORG_DATASET_LIST.flatMap((d) => d.live.actions))];
