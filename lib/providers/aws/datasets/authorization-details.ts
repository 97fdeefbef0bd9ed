import { GAAD_LISTS } from "../gaad-schema";
import { GaadNormalizer } from "../normalize";
import { declareAwsDataset } from "./declare";

/** Whether a parsed JSON value is GAAD output: one response or an array of saved pages. */
export function isGaadJson(v: unknown): boolean {
  const isPage = (p: unknown) => !!p && typeof p === "object" && !Array.isArray(p) && GAAD_LISTS.some((k) => k in p);
  return isPage(v) || (Array.isArray(v) && v.length > 0 && v.every(isPage));
}

export const authorizationDetails = declareAwsDataset({
  name: "authorizationDetails",
  title: "users, groups, roles and policies",
  live: { actions: ["GetAccountAuthorizationDetails"] },
  file: {
    format: '"aws iam get-account-authorization-details" output (as the CLI prints it, or raw API pages)',
    recognise: (_text, json) => isGaadJson(json),
  },
  normalize: GaadNormalizer,
  counts: [
    "users",
    "groups",
    "roles",
    "policies",
    "awsManagedPolicies",
    "customerManagedPolicies",
    "inlinePolicies",
    "memberships",
    "assignments",
  ],
});
