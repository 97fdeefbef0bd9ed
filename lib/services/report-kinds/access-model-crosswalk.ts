// The access-model crosswalk of the workshop handout: each AWS concept, its Entra / Azure counterpart and how close
// they are. Sources: Microsoft's "Azure identity management for AWS architects" and
// the Entra-for-AWS reference architecture, learn.microsoft.com/azure/architecture/aws-professional); pairings marked
// as analysis are ours.

/**
 * The teaching case that illustrates a concept from the loaded data, chosen by a rule the handout states
 * (lib/services/report-kinds/workshop.ts TEACHING_CASES), never the first rows by name.
 */
export type ExampleSelector =
  | "adminInOneCloud"
  | "externalRoles"
  | "guests"
  | "groupsByTier"
  | "serviceRoles"
  | "workloads"
  | "mostAssignedPolicies"
  | "mostAssignedRoles"
  | "denyPolicies"
  | "blockPolicies"
  | "boundaries"
  | "mfaConditions"
  | "mfaPolicies"
  | "assumableRoles"
  | "eligibleRoles";

export interface Concept {
  concept: string;
  aws: string;
  entra: string;
  fidelity: "close" | "partial" | "none";
  note: string;
  awsExample?: ExampleSelector;
  entraExample?: ExampleSelector;
}

export const ACCESS_MODEL_CROSSWALK: Concept[] = [
  {
    concept: "People",
    aws: "IAM user (or an Identity Center user)",
    entra: "Entra user (userType Member)",
    fidelity: "close",
    note: "AWS has no guest concept; an Entra Guest is closest to a principal of another account trusted by a role.",
    awsExample: "adminInOneCloud",
  },
  {
    concept: "Outsiders",
    aws: "Role trusted by another account (cross-account principal)",
    entra: "Guest user (B2B)",
    fidelity: "partial",
    note: "A guest is a user object in your tenant; a cross-account principal never is.",
    awsExample: "externalRoles",
    entraExample: "guests",
  },
  {
    concept: "Groups",
    aws: "IAM group",
    entra: "Security group (securityEnabled, not Unified)",
    fidelity: "partial",
    note: "IAM groups cannot nest and cannot be principals in resource policies; Entra groups nest and may be dynamic.",
    awsExample: "groupsByTier",
    entraExample: "groupsByTier",
  },
  {
    concept: "Workload identities",
    aws: "IAM role with a trust policy",
    entra: "Service principal / managed identity (or a PIM-eligible role for humans)",
    fidelity: "partial",
    note: "One AWS role may map to several Entra constructs: who may obtain it is a trust policy on one side, credentials or PIM eligibility on the other.",
    awsExample: "serviceRoles",
    entraExample: "workloads",
  },
  {
    concept: "Permissions",
    aws: "Managed or inline policy (Allow/Deny statements on actions and resource ARNs)",
    entra: "Azure RBAC role definition + assignment at a scope; Entra directory role for the identity plane",
    fidelity: "partial",
    note: "ARN patterns become scopes (subscription / resource group / resource); the identity plane (iam:*) maps to directory roles, not RBAC.",
    awsExample: "mostAssignedPolicies",
    entraExample: "mostAssignedRoles",
  },
  {
    concept: "Explicit deny",
    aws: "Deny statement (always wins)",
    entra:
      "None for principals: NotActions only subtracts; Azure Policy deny acts on resources; CA block acts on sign-in",
    fidelity: "none",
    note: "A translated Deny is always lossy.",
    awsExample: "denyPolicies",
    entraExample: "blockPolicies",
  },
  {
    concept: "Guard rails",
    aws: "Permission boundary; SCP (AWS Organizations)",
    entra:
      "No boundary equivalent (administrative units, RBAC delegation conditions come closest); Azure Policy at management groups for SCPs",
    fidelity: "none",
    note: "Boundaries cap what a principal can ever be granted; nothing in Entra caps a role assignment that way.",
    awsExample: "boundaries",
  },
  {
    concept: "Sign-in conditions",
    aws: "Policy conditions: aws:MultiFactorAuthPresent / MultiFactorAuthAge, aws:SourceIp",
    entra: "Conditional access: grant mfa / authentication strength, sign-in frequency, named locations",
    fidelity: "partial",
    note: "CA evaluates at sign-in; IAM conditions at every API call. Device, platform, client-app and risk conditions have no AWS counterpart; aws:RequestedRegion is not a country.",
    awsExample: "mfaConditions",
    entraExample: "mfaPolicies",
  },
  {
    concept: "Just-in-time access",
    aws: "sts:AssumeRole session (time-bound)",
    entra: "PIM activation of an eligible role",
    fidelity: "partial",
    note: "PIM adds approval, justification and activation limits that a role trust policy does not express.",
    awsExample: "assumableRoles",
    entraExample: "eligibleRoles",
  },
];
