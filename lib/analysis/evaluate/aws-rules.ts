import { parseArn, roleParts } from "./arn";
import { normalizeAction } from "./compile";
import rules from "./data/aws-rules.json";

/** A documented AWS rule that decides a request whatever the policies say. */
export interface AwsRule {
  id: string;
  text: string;
  source: string;
}

const ALWAYS = new Map(rules.alwaysAllowed.map((r) => [normalizeAction(r.action), r]));

/** An action AWS allows without any permission (and despite a Deny), e.g. sts:GetCallerIdentity. */
export function alwaysAllowed(action: string): AwsRule | undefined {
  const r = ALWAYS.get(action);
  return r ? { id: `always-allowed:${r.action}`, text: r.text, source: r.source } : undefined;
}

const PROTECTED = rules.protected.map((p) => ({ ...p, actionSet: new Set(p.actions.map(normalizeAction)) }));

/**
 * A change AWS refuses whatever the policies allow: to the roles IAM Identity Center manages, to service-linked roles,
 * to AWS managed policies.
 */
export function protectedResource(action: string, resource: string): AwsRule | undefined {
  const arn = parseArn(resource);
  if (arn?.service !== "iam") return undefined;
  for (const p of PROTECTED) {
    if (!p.actionSet.has(action)) continue;
    if (p.what === "policy" && arn.account === p.account && arn.resource.startsWith("policy/"))
      return { id: p.id, text: p.text, source: p.source };
    if (p.what === "role") {
      const role = roleParts(resource);
      if (!role) continue;
      if ((p.pathPrefix && role.path.startsWith(p.pathPrefix)) || (p.namePrefix && role.name.startsWith(p.namePrefix)))
        return { id: p.id, text: p.text, source: p.source };
    }
  }
  return undefined;
}

const RCP_SERVICES = new Set(rules.rcpServices.services);

/** Whether RCPs govern the action's service (they apply to a documented list of services only). */
export function rcpApplies(action: string): boolean {
  return RCP_SERVICES.has(action.slice(0, action.indexOf(":")));
}

export const RCP_RULE: AwsRule = { id: "rcp-services", text: rules.rcpServices.text, source: rules.rcpServices.source };

/**
 * Whether the resource's own policy must allow (a role trust policy for sts:AssumeRole, a KMS key policy): there an
 * identity-based policy alone is not enough, even within one account.
 */
export function resourcePolicyRequired(action: string, resource: string): AwsRule | undefined {
  const arn = parseArn(resource);
  if (!arn) return undefined;
  for (const r of rules.resourcePolicyRequired) {
    if (arn.service !== r.service || !arn.resource.startsWith(r.resourcePrefix)) continue;
    const service = action.slice(0, action.indexOf(":"));
    const hit = r.actions.some((a) => {
      const n = normalizeAction(a);
      return n.endsWith(":*") ? n.slice(0, -2) === service : n === action;
    });
    if (hit) return { id: r.id, text: r.text, source: r.source };
  }
  return undefined;
}
