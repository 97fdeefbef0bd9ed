/**
 * Translation targets and input kinds in words (lib/translate/types.ts TARGETS, INPUT_KINDS), for the Translator page
 * and the reports. Zod-free, so a client component can import it without bundling the model's schemas.
 */
export const TARGET_LABEL: Readonly<Record<string, string>> = {
  "azure-rbac-role": "Azure RBAC custom role",
  "entra-directory-role": "Entra directory role",
  "aws-iam-policy": "AWS IAM policy",
  "aws-scp": "AWS SCP",
  "entra-ca-policy": "Entra conditional-access policy",
  "entra-named-location": "Entra named location",
  "entra-group": "Entra security group",
  "aws-iam-group": "AWS IAM group",
};

export const INPUT_KIND_LABEL: Readonly<Record<string, string>> = {
  "aws-iam-policy": "AWS IAM policy",
  "aws-managed-policy": "AWS managed policy",
  "aws-inline-policy": "AWS inline policy",
  "azure-rbac-role": "Azure RBAC role",
  "entra-directory-role": "Entra directory role",
  "entra-ca-policy": "Conditional-access policy",
  "aws-iam-group": "AWS IAM group",
  "entra-group": "Entra group",
  "entra-named-location": "Named location",
  unknown: "Not recognised",
};

/** A target in words; an unknown key as it is. */
export const targetLabel = (t: string): string => TARGET_LABEL[t] ?? t;
/** An input kind in words; an unknown key as it is. */
export const inputKindLabel = (k: string): string => INPUT_KIND_LABEL[k] ?? k;
