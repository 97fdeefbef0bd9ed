// AWS's policy evaluation logic, as documented:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// (deny evaluation → RCPs → SCPs → resource-based policies → identity-based policies → permissions boundaries →
// session policies), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// (both accounts must allow), and the SCP / RCP evaluation pages of AWS Organizations (every level must allow).
import { accountOf, isServiceLinkedRole } from "./arn";
import { type AwsRule, alwaysAllowed, protectedResource, rcpApplies, resourcePolicyRequired } from "./aws-rules";
import {
  type CompiledPolicy,
  type CompiledStatement,
  compilePolicy,
  type RequestAction,
  requestAction,
} from "./compile";
import { buildContext, type RequestContext } from "./context";
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from "./principal-match";
import { isSession, type Requester, requesterOf } from "./requester";
import type {
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  PartDecision,
  PolicyInput,
  PolicySet,
  PolicyType,
} from "./types";

type ScannedType = Exclude<PolicyType, "aws">;

/** What one policy says about the request. */
interface Scan {
  allows: MatchedStatement[];
  denies: MatchedStatement[];
  /** For resource-based policies: how each allowing statement named the principal. */
  grants: PrincipalMatch[];
}

interface Scanner {
  ctx: RequestContext;
  requester: Requester;
  action: RequestAction;
  resource: string;
  missing: Map<string, string>;
  nearMisses: EvaluationResult["nearMisses"];
}

const NEAR_MISSES = 8;
/** Policy types whose statements name a Principal (identity-based policies, SCPs and boundaries do not). */
const HAS_PRINCIPAL = new Set<ScannedType>(["resource", "rcp", "vpcEndpoint"]);

function ref(
  policy: CompiledPolicy,
  type: ScannedType,
  level: number | undefined,
  st: CompiledStatement,
): MatchedStatement {
  return {
    policyId: policy.input.id,
    ...(policy.input.name ? { policyName: policy.input.name } : {}),
    policyType: type,
    statementIndex: st.index,
    ...(st.sid ? { sid: st.sid } : {}),
    effect: st.effect,
    ...(level !== undefined ? { level } : {}),
  };
}

function scan(s: Scanner, policy: CompiledPolicy, type: ScannedType, level?: number): Scan {
  const out: Scan = { allows: [], denies: [], grants: [] };
  const withPrincipal = HAS_PRINCIPAL.has(type);
  for (const st of policy.candidates(s.action.service)) {
    if (!st.matchesAction(s.action)) continue;
    for (const [lower, written] of st.keys)
      if (!s.ctx.getLower(lower) && !s.missing.has(lower)) s.missing.set(lower, written);
    const outcome = stageFailing(s, st, type, withPrincipal);
    if (outcome === "resource" || outcome === "principal" || outcome === "condition") {
      if (s.nearMisses.length < NEAR_MISSES) s.nearMisses.push({ ...ref(policy, type, level, st), failed: outcome });
      continue;
    }
    if (st.effect === "Deny") out.denies.push(ref(policy, type, level, st));
    else {
      out.allows.push(ref(policy, type, level, st));
      out.grants.push(outcome);
    }
  }
  return out;
}

/** The part of a statement (whose action matched) that fails the request, or how its Principal names the caller. */
function stageFailing(
  s: Scanner,
  st: CompiledStatement,
  type: ScannedType,
  withPrincipal: boolean,
): "resource" | "principal" | "condition" | PrincipalMatch {
  if (!st.matchesResource(s.resource, s.ctx)) return "resource";
  let grant: PrincipalMatch = "direct";
  if (withPrincipal) {
    const { principals, notPrincipals } = st.statement;
    if (notPrincipals) {
      if (!notPrincipalApplies(notPrincipals, s.requester, st.effect)) return "principal";
    } else if (principals) {
      const m = matchPrincipal(principals, s.requester);
      if (!m) return "principal";
      grant = m;
      // A resource-based policy statement must name a principal; without one it applies to nobody.
    } else if (type === "resource") return "principal";
  }
  if (!st.conditionsHold(s.ctx)) return "condition";
  return grant;
}

function merge(scans: Scan[]): Scan {
  if (scans.length === 1) return scans[0]!;
  return {
    allows: scans.flatMap((x) => x.allows),
    denies: scans.flatMap((x) => x.denies),
    grants: scans.flatMap((x) => x.grants),
  };
}

const EMPTY: Scan = { allows: [], denies: [], grants: [] };

function ruleStatement(rule: AwsRule, effect: "Allow" | "Deny"): MatchedStatement {
  return {
    policyId: `aws:${rule.id}`,
    policyType: "aws",
    statementIndex: 0,
    effect,
    rule: { text: rule.text, source: rule.source },
  };
}

/** SCPs and RCPs: every level must allow. */
function orgPart(applies: boolean, all: Scan, levels: Scan[]): PartDecision {
  if (!applies) return "notApplicable";
  if (all.denies.length) return "explicitDeny";
  return levels.every((l) => l.allows.length > 0) ? "allowed" : "implicitDeny";
}

function part(applies: boolean, x: Scan): PartDecision {
  if (!applies) return "notApplicable";
  if (x.denies.length) return "explicitDeny";
  return x.allows.length ? "allowed" : "implicitDeny";
}

/**
 * Decides one request against every policy that can apply to it. Pure: no I/O; policies are compiled once per
 * PolicyInput object and reused across calls.
 */
export function evaluate(request: EvaluationRequest, policies: PolicySet): EvaluationResult {
  const req = requestAction(request.action);
  const action = req.full;
  const resource = request.resource;
  const requester = requesterOf(request.principal);
  const resourceAccount = request.resourceOwner ?? accountOf(resource) ?? requester.account;
  // AWS-owned resources (AWS managed policies) are read like one's own: no resource policy, no RCP.
  const awsOwned = resourceAccount === "aws";
  const ctx = buildContext(request.context, request.principal, requester, awsOwned ? undefined : resourceAccount);

  const always = alwaysAllowed(action);
  if (always) return ruled("allowed", always, "AWS allows this action without any permission");
  const prot = protectedResource(action, resource);
  if (prot) return ruled("explicitDeny", prot, "AWS refuses this change whatever the policies allow");

  const s: Scanner = { ctx, requester, action: req, resource, missing: new Map(), nearMisses: [] };
  const kind = requester.kind;
  const identityKinds = kind === "user" || kind === "role" || kind === "assumed-role" || kind === "federated";
  const mgmt = request.managementAccountId;
  const crossAccount =
    !awsOwned &&
    !!requester.account &&
    !!resourceAccount &&
    resourceAccount !== requester.account &&
    kind !== "service" &&
    kind !== "anonymous";

  const all = (list: readonly PolicyInput[] | undefined, type: ScannedType): Scan =>
    merge((list ?? []).map((p) => scan(s, compilePolicy(p), type)));
  const levels = (list: readonly (readonly PolicyInput[])[] | undefined, type: ScannedType): Scan[] =>
    (list ?? []).map((level, i) => merge(level.map((p) => scan(s, compilePolicy(p), type, i))));

  const identityApplies = identityKinds && (policies.identity?.length ?? 0) > 0;
  const boundaryApplies = identityKinds && (policies.permissionsBoundary?.length ?? 0) > 0;
  const session = isSession(requester);
  const sessionPolicyApplies = session && policies.session !== undefined;
  // SCPs limit principals of member accounts (root users included), not the management account, not service-linked
  // roles, not service principals (orgs_manage_policies_scps.html, "Tasks and entities not restricted by SCPs").
  const scpsApply =
    policies.scps !== undefined &&
    (identityKinds || kind === "root") &&
    !requester.serviceLinked &&
    !(mgmt !== undefined && requester.account === mgmt);
  // RCPs limit resources of member accounts, for the services that support them; they do not affect a service
  // assuming its service-linked role (orgs_manage_policies_rcps.html).
  const rcpsApply =
    policies.rcps !== undefined &&
    !awsOwned &&
    rcpApplies(action) &&
    !(mgmt !== undefined && resourceAccount === mgmt) &&
    !(kind === "service" && action.startsWith("sts:assumerole") && isServiceLinkedRole(resource));
  const resourceApplies = policies.resource !== undefined && !awsOwned;
  const endpointApplies = policies.vpcEndpoint !== undefined;

  const identity = identityApplies ? all(policies.identity, "identity") : EMPTY;
  const boundary = boundaryApplies ? all(policies.permissionsBoundary, "permissionsBoundary") : EMPTY;
  const sessionScan = sessionPolicyApplies ? all(policies.session, "session") : EMPTY;
  const resourceScan = resourceApplies ? all([policies.resource!], "resource") : EMPTY;
  const endpoint = endpointApplies ? all([policies.vpcEndpoint!], "vpcEndpoint") : EMPTY;
  const scpLevels = scpsApply ? levels(policies.scps, "scp") : [];
  const rcpLevels = rcpsApply ? levels(policies.rcps, "rcp") : [];
  const scps = merge(scpLevels);
  const rcps = merge(rcpLevels);

  const details: EvaluationResult["details"] = {
    identity: part(identityApplies || identityKinds, identity),
    permissionsBoundary: part(boundaryApplies, boundary),
    session: part(sessionPolicyApplies, sessionScan),
    resource: part(resourceApplies, resourceScan),
    vpcEndpoint: part(endpointApplies, endpoint),
    scp: orgPart(scpsApply, scps, scpLevels),
    rcp: orgPart(rcpsApply, rcps, rcpLevels),
  };
  const missingContextValues = [...s.missing.values()].sort((a, b) => a.localeCompare(b));
  const result = (decision: EvaluationResult["decision"], matched: MatchedStatement[], reason: string) => ({
    decision,
    matched,
    missingContextValues,
    details,
    reason,
    nearMisses: s.nearMisses,
  });

  // 1. Deny evaluation: an explicit Deny in any applicable policy decides.
  const denies = [rcps, scps, resourceScan, identity, boundary, sessionScan, endpoint].flatMap((x) => x.denies);
  if (denies.length) return result("explicitDeny", denies, "an applicable policy explicitly denies the request");

  // 2. RCPs, 3. SCPs: each level from the root down needs an Allow.
  const rcpGap = rcpLevels.findIndex((l) => l.allows.length === 0);
  if (rcpGap >= 0) return result("implicitDeny", [], `no RCP at level ${rcpGap} (0 = organization root) allows it`);
  const scpGap = scpLevels.findIndex((l) => l.allows.length === 0);
  if (scpGap >= 0) return result("implicitDeny", [], `no SCP at level ${scpGap} (0 = organization root) allows it`);
  if (endpointApplies && endpoint.allows.length === 0)
    return result("implicitDeny", [], "the VPC endpoint policy does not allow it");
  const gates = [...rcps.allows, ...scps.allows, ...endpoint.allows];

  // 4. Resource-based policy, then identity-based policies, boundaries and session policies.
  const has = (m: PrincipalMatch) => resourceScan.grants.includes(m);
  const boundaryOk = !boundaryApplies || boundary.allows.length > 0;
  // A session with no session policy: a role session goes on; a federated user session has no permissions
  // (denyallow page, "Session policies").
  const sessionOk = !session || (sessionPolicyApplies ? sessionScan.allows.length > 0 : kind !== "federated");
  const identityOk = identity.allows.length > 0 && boundaryOk && sessionOk;
  const grants = (...parts: MatchedStatement[][]) => [...parts.flat(), ...gates];
  const limits = [...(boundaryApplies ? boundary.allows : []), ...(sessionPolicyApplies ? sessionScan.allows : [])];
  const why = () =>
    identity.allows.length === 0
      ? resourceApplies
        ? "neither the resource-based policy nor an identity-based policy allows it"
        : "no identity-based policy allows it"
      : !boundaryOk
        ? "the permissions boundary does not allow it"
        : sessionPolicyApplies
          ? "the session policy does not allow it"
          : "a federated user session without a session policy has no permissions";

  if (kind === "service" || kind === "anonymous") {
    return has("direct")
      ? result("allowed", grants(resourceScan.allows), "the resource-based policy allows this principal")
      : result("implicitDeny", [], "no resource-based policy allows this principal");
  }

  if (crossAccount) {
    // Both accounts must allow: the principal's (identity side) and the resource's (its resource-based policy).
    const resourceSide = resourceScan.allows.length > 0;
    const principalSide = kind === "root" || identityOk;
    if (resourceSide && principalSide)
      return result("allowed", grants(identity.allows, limits, resourceScan.allows), "both accounts allow the request");
    if (!resourceSide)
      return result(
        "implicitDeny",
        [],
        resourceApplies
          ? "cross-account: the resource-based policy does not allow this principal"
          : "cross-account: the resource has no resource-based policy that allows this principal",
      );
    return result("implicitDeny", [], `cross-account: the principal's account does not allow it: ${why()}`);
  }

  const required = resourcePolicyRequired(action, resource);
  if (kind === "root") {
    // The root user has full access in its account; only a policy that must name it (trust or key policy) can stop it.
    if (!required || resourceScan.allows.length > 0)
      return result("allowed", grants(resourceScan.allows), "the account's root user has full access in its account");
    return result("implicitDeny", [], `${required.text}`);
  }
  // A grant to the principal itself (user, session) is not limited by identity policies, boundaries or sessions;
  // a grant to the role (for its sessions) or to the user who federated is limited by boundaries and session policies.
  const direct = has("direct");
  const viaIssuer = has("issuer") && boundaryOk && sessionOk;
  const viaIdentity = identityOk && (!required || resourceScan.allows.length > 0);
  if (direct || viaIssuer || viaIdentity) {
    const matchedAllows = grants(
      viaIdentity ? identity.allows : [],
      resourceScan.allows,
      viaIdentity || (viaIssuer && !direct) ? limits : [],
    );
    const reason = direct
      ? "the resource-based policy allows this principal directly"
      : viaIssuer
        ? kind === "federated"
          ? "the resource-based policy allows the IAM user who federated, within the boundary and session policy"
          : "the resource-based policy allows the role, within its boundary and session policy"
        : "an identity-based policy allows it";
    return result("allowed", matchedAllows, reason);
  }
  if (required && resourceScan.allows.length === 0)
    return result("implicitDeny", [], `${required.text}; it does not allow this principal`);
  if (has("issuer"))
    return result(
      "implicitDeny",
      [],
      !boundaryOk
        ? "the resource-based policy names the role, so the permissions boundary limits it, and the boundary does not allow it"
        : "the resource-based policy names the role, so the session policy limits it, and it does not allow it",
    );
  return result("implicitDeny", [], why());

  function ruled(decision: "allowed" | "explicitDeny", rule: AwsRule, reason: string): EvaluationResult {
    return {
      decision,
      matched: [ruleStatement(rule, decision === "allowed" ? "Allow" : "Deny")],
      missingContextValues: [],
      details: {},
      reason: `${reason}: ${rule.text}`,
      nearMisses: [],
    };
  }
}
