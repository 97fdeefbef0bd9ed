import { declareAwsDataset } from "./declare";

export const accountAlias = declareAwsDataset({
  name: "accountAlias",
  title: "account alias",
  live: { actions: ["ListAccountAliases"] },
  file: null,
  // Kept as provenance (the source's display name); no rows.
  normalize: null,
  counts: [],
});
