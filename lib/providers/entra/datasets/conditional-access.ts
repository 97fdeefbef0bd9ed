import { normalizeCaPolicy } from "../normalize-ca";
import { declareEntraDataset, hasAny } from "./declare";

export const conditionalAccess = declareEntraDataset({
  name: "conditionalAccess",
  title: "conditional-access policies",
  permission: "Policy.Read.All + Microsoft Entra ID P1",
  live: { path: "/identity/conditionalAccess/policies", select: null },
  file: {
    odataTypes: ["conditionalAccessPolicy"],
    url: /conditionalAccess\/policies/,
    shape: (o) => hasAny(o, "conditions", "grantControls", "sessionControls") && hasAny(o, "state", "displayName"),
  },
  normalize: normalizeCaPolicy,
  counts: ["conditionalAccessPolicies"],
});
