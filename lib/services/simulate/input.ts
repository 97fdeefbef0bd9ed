// The input of `crosswalk simulate`: the JSON that `aws iam simulate-custom-policy --cli-input-json` takes
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html), extended with the policy types
// that API does not model (SCPs, RCPs, session and VPC endpoint policies).
import ipaddr from "ipaddr.js";
import { z } from "zod";
import type { ContextValue, PolicyInput, PolicySet, RequestPrincipal } from "../../analysis/evaluate";
import { kindOfArn, parseDate, parseNumber } from "../../analysis/evaluate";
import { parsePolicyDocument } from "../../providers/aws/policy-document";
import { AppError } from "../../errors";
import { statementPositions, type StatementPosition } from "./positions";

/** A policy: JSON text as AWS takes it, or (a convenience of ours) the JSON object itself. */
const ZPolicySchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

const CONTEXT_TYPES = [
  "string",
  "stringList",
  "numeric",
  "numericList",
  "boolean",
  "booleanList",
  "ip",
  "ipList",
  "binary",
  "binaryList",
  "date",
  "dateList",
] as const;

export const ZContextEntrySchema = z.strictObject({
  ContextKeyName: z.string().min(1),
  ContextKeyValues: z.array(z.union([z.string(), z.number(), z.boolean()])),
  ContextKeyType: z.enum(CONTEXT_TYPES),
});

/** `simulate` input (AWS fields, then ours). Unknown fields are refused so that a misspelt one is not ignored. */
export const ZSimulateInputSchema = z.strictObject({
  PolicyInputList: z.array(ZPolicySchema).default([]),
  PermissionsBoundaryPolicyInputList: z.array(ZPolicySchema).optional(),
  ActionNames: z.array(z.string().min(1)).min(1, "ActionNames needs at least one action"),
  ResourceArns: z.array(z.string().min(1)).optional(),
  ResourcePolicy: ZPolicySchema.optional(),
  ResourceOwner: z.string().optional(),
  CallerArn: z.string().optional(),
  ContextEntries: z.array(ZContextEntrySchema).optional(),
  ResourceHandlingOption: z.string().optional(),
  MaxItems: z.number().optional(),
  Marker: z.string().optional(),
  /** Ours: SCPs of the caller's account, by level from the organization root to the account. */
  ServiceControlPolicies: z.array(z.array(ZPolicySchema)).optional(),
  /** Ours: RCPs of the resource's account, by level from the organization root to the account. */
  ResourceControlPolicies: z.array(z.array(ZPolicySchema)).optional(),
  /** Ours: the session policy (or policies) passed when the caller's session was created. */
  SessionPolicy: z.union([ZPolicySchema, z.array(ZPolicySchema)]).optional(),
  /** Ours: the policy of the VPC endpoint the request goes through. */
  VpcEndpointPolicy: ZPolicySchema.optional(),
  /** Ours: the organization's management account (SCPs skip its principals, RCPs its resources). */
  ManagementAccountId: z.string().optional(),
  /** Ours: the role (with its path) of an assumed-role caller, or the IAM user who federated. */
  SessionIssuerArn: z.string().optional(),
});
export type SimulateInput = z.infer<typeof ZSimulateInputSchema>;

/** A policy of the input, parsed, with where each statement sits in its text. */
export interface ParsedPolicy extends PolicyInput {
  positions: (StatementPosition | undefined)[];
}

/** Everything the evaluator needs for one input: the policies, the principal and the context. */
export interface PreparedInput {
  policies: PolicySet;
  principal?: RequestPrincipal;
  context: Record<string, ContextValue>;
  actions: string[];
  resources: string[];
  resourceOwner?: string;
  managementAccountId?: string;
  /** Every parsed policy by id, for positions in the output. */
  byId: Map<string, ParsedPolicy>;
}

function parsePolicy(raw: string | Record<string, unknown>, id: string, byId: Map<string, ParsedPolicy>): ParsedPolicy {
  const { version, statements } = parsePolicyDocument(raw, id);
  const policy: ParsedPolicy = {
    id,
    ...(version ? { version } : {}),
    statements,
    positions: typeof raw === "string" ? statementPositions(raw) : [],
  };
  byId.set(id, policy);
  return policy;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One ContextEntry as the evaluator reads it, its values checked against the declared type. */
function contextValue(e: z.infer<typeof ZContextEntrySchema>): ContextValue {
  const list = e.ContextKeyType.endsWith("List");
  const type = list ? e.ContextKeyType.slice(0, -4) : e.ContextKeyType;
  const values = e.ContextKeyValues.map(String);
  const where = `ContextEntries: ${e.ContextKeyName}`;
  if (!list && values.length !== 1)
    throw new AppError("BAD_INPUT", `${where}: type ${e.ContextKeyType} takes one value (use ${type}List for several)`);
  for (const v of values) {
    const ok =
      type === "string" ||
      (type === "numeric" && parseNumber(v) !== null) ||
      (type === "boolean" && /^(true|false)$/i.test(v.trim())) ||
      (type === "ip" && ipaddr.isValid(v.trim())) ||
      (type === "date" && parseDate(v) !== null) ||
      (type === "binary" && BASE64.test(v.trim()));
    if (!ok) throw new AppError("BAD_INPUT", `${where}: "${v}" is not a valid ${type} value`);
  }
  return list ? values : values[0]!;
}

function principalOf(input: SimulateInput): RequestPrincipal | undefined {
  const arn = input.CallerArn?.trim();
  const issuer = input.SessionIssuerArn?.trim();
  if (!arn) {
    if (input.SessionPolicy !== undefined) return { kind: "assumed-role", ...(issuer ? { issuerArn: issuer } : {}) };
    return undefined;
  }
  const kind = kindOfArn(arn);
  if (!kind)
    throw new AppError(
      "BAD_INPUT",
      `CallerArn "${arn}" is not the ARN of an IAM user, role, assumed-role session, federated user or root user, nor a service principal (name.amazonaws.com)`,
    );
  return { kind, ...(kind === "anonymous" ? {} : { arn }), ...(issuer ? { issuerArn: issuer } : {}) };
}

/** Validates an input object and turns it into the evaluator's terms; bad input is one clear BAD_INPUT error. */
export function prepareInput(raw: unknown): PreparedInput {
  const parsed = ZSimulateInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join(".") : "input";
    throw new AppError("BAD_INPUT", `${where}: ${issue.message}`);
  }
  const input = parsed.data;
  const byId = new Map<string, ParsedPolicy>();
  const list = (items: (string | Record<string, unknown>)[] | undefined, name: string) =>
    items?.map((p, i) => parsePolicy(p, `${name}.${i + 1}`, byId));
  const levels = (items: (string | Record<string, unknown>)[][] | undefined, name: string) =>
    items?.map((level, l) => level.map((p, i) => parsePolicy(p, `${name}.${l + 1}.${i + 1}`, byId)));
  const sessionRaw = input.SessionPolicy;
  const session =
    sessionRaw === undefined
      ? undefined
      : Array.isArray(sessionRaw)
        ? list(sessionRaw, "SessionPolicy")
        : [parsePolicy(sessionRaw, "SessionPolicy", byId)];
  const policies: PolicySet = {
    identity: list(input.PolicyInputList, "PolicyInputList") ?? [],
    ...(input.PermissionsBoundaryPolicyInputList
      ? { permissionsBoundary: list(input.PermissionsBoundaryPolicyInputList, "PermissionsBoundaryPolicyInputList") }
      : {}),
    ...(session ? { session } : {}),
    ...(input.ResourcePolicy !== undefined
      ? { resource: parsePolicy(input.ResourcePolicy, "ResourcePolicy", byId) }
      : {}),
    ...(input.VpcEndpointPolicy !== undefined
      ? { vpcEndpoint: parsePolicy(input.VpcEndpointPolicy, "VpcEndpointPolicy", byId) }
      : {}),
    ...(input.ServiceControlPolicies ? { scps: levels(input.ServiceControlPolicies, "ServiceControlPolicies") } : {}),
    ...(input.ResourceControlPolicies
      ? { rcps: levels(input.ResourceControlPolicies, "ResourceControlPolicies") }
      : {}),
  };
  const context: Record<string, ContextValue> = {};
  for (const e of input.ContextEntries ?? []) context[e.ContextKeyName] = contextValue(e);
  const principal = principalOf(input);
  if (input.ResourcePolicy !== undefined && !principal)
    throw new AppError(
      "BAD_INPUT",
      "CallerArn is required with a ResourcePolicy (its Principal element needs a caller)",
    );
  return {
    policies,
    ...(principal ? { principal } : {}),
    context,
    actions: input.ActionNames,
    resources: input.ResourceArns?.length ? input.ResourceArns : ["*"],
    ...(input.ResourceOwner ? { resourceOwner: input.ResourceOwner } : {}),
    ...(input.ManagementAccountId ? { managementAccountId: input.ManagementAccountId } : {}),
    byId,
  };
}
