import { declareAwsOrgDataset } from "./declare";

export const delegatedAdministrators = declareAwsOrgDataset({
  name: "delegatedAdministrators",
  title: "delegated administrators",
  live: { actions: ["organizations:ListDelegatedAdministrators"] },
  file: { commands: ["aws organizations list-delegated-administrators"] },
  // Marks the account nodes (accountNode's delegatedAdministrator attribute); no rows of its own.
  normalize: null,
  counts: [],
});
