import { declareAwsDataset } from "./declare";

export const accountSummary = declareAwsDataset({
  name: "accountSummary",
  title: "account summary (IAM entity counts and quotas)",
  live: { actions: ["GetAccountSummary"] },
  file: null,
  // Kept as provenance (the SummaryMap as IAM returns it); no rows.
  normalize: null,
  counts: [],
});
