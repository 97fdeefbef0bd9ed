import { isPasswordPolicyJson, normalizePasswordPolicy } from "../password-policy";
import { declareAwsDataset } from "./declare";

export const passwordPolicy = declareAwsDataset({
  name: "passwordPolicy",
  title: "account password policy",
  // NoSuchEntity = the account has no password policy (collected: IAM's defaults apply), not "not collected".
  live: { actions: ["GetAccountPasswordPolicy"] },
  file: {
    format: "the JSON of aws iam get-account-password-policy",
    recognise: (_text, json) => isPasswordPolicyJson(json),
  },
  // Kept as provenance (one policy per account, read by the password-policy rules); no rows.
  normalize: normalizePasswordPolicy,
  counts: [],
});
