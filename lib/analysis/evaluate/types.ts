import type { Statement } from "../../model";

/**
 * Who makes the request. `user`, `role` and `root` are IAM identities; `assumed-role` is a role session (also what
 * SAML, OIDC and IAM Identity Center sign-ins produce); `federated` is an IAM federated user session
 * (GetFederationToken); `service` is an AWS service principal (`s3.amazonaws.com`); `anonymous` is an unsigned request.
 * A request made "as a role" (`role`) is evaluated as a session of that role whose session ARN is unknown.
 */
export type PrincipalKind = "user" | "role" | "assumed-role" | "federated" | "root" | "service" | "anonymous";

/** The principal of a request. Treated as immutable: what the evaluator derives from it is kept per object. */
export interface RequestPrincipal {
  kind: PrincipalKind;
  /**
   * The principal's ARN as AWS sees the caller: `arn:aws:iam::111122223333:user/Bob`,
   * `arn:aws:sts::111122223333:assumed-role/Role/session`, `arn:aws:sts::111122223333:federated-user/Bob`,
   * `arn:aws:iam::111122223333:root`; a service principal name (`s3.amazonaws.com`) for `service`.
   */
  arn?: string;
  /**
   * For a session (`assumed-role`, `federated`, `role`): the identity that issued it — the role ARN with its path, or
   * the IAM user who called GetFederationToken (CloudTrail's `sessionContext.sessionIssuer.arn`). Derived from the
   * session ARN when absent (without a path: a role with a path should be given here).
   */
  issuerArn?: string;
  /** The principal's tags (`aws:PrincipalTag/…`): a user's or role's tags, and session tags. */
  tags?: Record<string, string>;
  /** The unique id (`AIDA…`, `AROA…:session`), the value of `aws:userid` when known. */
  userId?: string;
}

/**
 * One context key value as the request carries it. A list is a multivalued key (`aws:TagKeys`); a single value is a
 * single-valued key. Values compare by the condition operator: `"15"` is a number under `NumericGreaterThan`.
 */
export type ContextValue = string | number | boolean | ReadonlyArray<string | number | boolean>;

/** The request to decide. */
export interface EvaluationRequest {
  /** Absent: an IAM user whose ARN is unknown (identity policies decide; no principal-derived context keys). */
  principal?: RequestPrincipal;
  /** `service:Action`, e.g. `s3:GetObject` (case-insensitive). */
  action: string;
  /** The resource ARN, or `*` for actions that take no resource. */
  resource: string;
  /**
   * The account that owns the resource. Defaults to the account in the resource ARN, else the principal's account.
   * `aws` for AWS-owned resources such as AWS managed policies.
   */
  resourceOwner?: string;
  /** Context keys (case-insensitive names) and their values. Principal-derived keys are added unless given here. */
  context?: Readonly<Record<string, ContextValue>>;
  /**
   * The organization's management account: SCPs do not apply to its principals and RCPs not to its resources
   * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
   */
  managementAccountId?: string;
}

/** Where a policy comes from, as AWS's policy evaluation names the policy types. */
export type PolicyType =
  | "identity"
  | "permissionsBoundary"
  | "session"
  | "resource"
  | "vpcEndpoint"
  | "scp"
  | "rcp"
  /** An AWS rule that no policy can change (always-allowed actions, protected roles and AWS managed policies). */
  | "aws";

/** One policy as the evaluator reads it: its statements in the shared model, and the language version. */
export interface PolicyInput {
  /** How results name the policy (`PolicyInputList.1`, a managed policy ARN, an inline policy name…). */
  id: string;
  /** Display name, when different from the id. */
  name?: string;
  /** The document's `Version`: policy variables are read only in `2012-10-17` documents. */
  version?: string;
  statements: readonly Statement[];
}

/** Every policy that can apply to one request. Absent or empty lists mean "no policy of that type applies". */
export interface PolicySet {
  /** The principal's identity-based policies (inline, managed and group policies alike). */
  identity?: readonly PolicyInput[];
  /** The permissions boundary of the user or role (at most one in AWS; every one given must allow). */
  permissionsBoundary?: readonly PolicyInput[];
  /**
   * Session policies passed to AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity or GetFederationToken (inline and managed ones together; one must allow).
   * Undefined = the session has no session policy.
   */
  session?: readonly PolicyInput[];
  /** The policy attached to the resource (bucket policy, key policy, role trust policy…). */
  resource?: PolicyInput;
  /** The policy of the VPC endpoint the request goes through. */
  vpcEndpoint?: PolicyInput;
  /**
   * SCPs of the principal's account, by level from the organization root down to the account: each level needs a
   * policy that allows; an empty level denies everything. Undefined = not in an organization with SCPs.
   */
  scps?: readonly (readonly PolicyInput[])[];
  /** RCPs of the resource's account, by level from the root down to the account (same rules as SCPs). */
  rcps?: readonly (readonly PolicyInput[])[];
}

export type Decision = "allowed" | "explicitDeny" | "implicitDeny";

/** A statement that decided (or helped decide) the result. */
export interface MatchedStatement {
  policyId: string;
  policyName?: string;
  policyType: PolicyType;
  /** 0-based position of the statement in its policy. */
  statementIndex: number;
  sid?: string;
  effect: "Allow" | "Deny";
  /** For SCP and RCP statements: the level (0 = organization root). */
  level?: number;
  /** For `aws` rules: what the rule is and where AWS documents it. */
  rule?: { text: string; source: string };
}

/** How one policy type took part: `allowed`, `denied` (explicitly), `implicitDeny` or `notApplicable`. */
export type PartDecision = "allowed" | "explicitDeny" | "implicitDeny" | "notApplicable";

export interface EvaluationResult {
  decision: Decision;
  /** The statements that decided: the Deny statements of an explicit deny, else the Allow statements that allowed. */
  matched: MatchedStatement[];
  /** Context keys the matching statements read that the request did not carry (sorted, as written in the policy). */
  missingContextValues: string[];
  /** Per policy type, how it answered (AWS's EvalDecisionDetails, extended to every policy type). */
  details: Partial<Record<Exclude<PolicyType, "aws">, PartDecision>>;
  /** One sentence: why the decision is what it is. */
  reason: string;
  /**
   * Statements whose action matched but whose resource, principal or condition did not (first few, for explanations).
   * Each says which part failed.
   */
  nearMisses: (MatchedStatement & { failed: "resource" | "principal" | "condition" })[];
}
