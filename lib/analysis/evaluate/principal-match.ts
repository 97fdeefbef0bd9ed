// The Principal and NotPrincipal elements of resource-based policies.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
import { accountPrincipal, roleKey } from "./arn";
import type { Requester } from "./requester";

/**
 * How a statement's Principal names the requester, which decides what a resource-policy Allow grants on its own
 * (reference_policies_evaluation-logic_policy-eval-denyallow.html, "Resource-based policies"):
 * - `direct`: the principal itself (the IAM user, the role session, the federated user session) or everyone (`*`):
 *   not limited by an implicit deny in identity policies, boundaries or session policies;
 * - `issuer`: the role ARN of a role session, or the IAM user who federated: limited by boundaries and session policies;
 * - `account`: the principal's account: a delegation to the account, so the identity side must allow too.
 */
export type PrincipalMatch = "direct" | "issuer" | "account";

const RANK: Record<PrincipalMatch, number> = { account: 0, issuer: 1, direct: 2 };

/** The strongest way a Principal map names the requester, or null when it does not. */
export function matchPrincipal(
  principals: Readonly<Record<string, readonly string[]>>,
  r: Requester,
): PrincipalMatch | null {
  let best: PrincipalMatch | null = null;
  const take = (m: PrincipalMatch) => {
    if (best === null || RANK[m] > RANK[best]) best = m;
  };
  for (const [type, values] of Object.entries(principals)) {
    for (const value of values) {
      const m = matchValue(type, value.trim(), r);
      if (m) take(m);
    }
  }
  return best;
}

function matchValue(type: string, value: string, r: Requester): PrincipalMatch | null {
  // "*" (and {"AWS": "*"}) is everyone, anonymous users included.
  if (value === "*") return "direct";
  const t = type.toLowerCase();
  if (t === "service") return r.kind === "service" && r.self?.toLowerCase() === value.toLowerCase() ? "direct" : null;
  if (t !== "aws") return null; // Federated (web identity / SAML) and CanonicalUser name principals we do not model.
  if (r.kind === "service" || r.kind === "anonymous") return null;
  const account = accountPrincipal(value);
  if (account !== undefined) {
    if (account !== r.account) return null;
    return r.kind === "root" ? "direct" : "account";
  }
  if (r.self && value === r.self) return "direct";
  if (r.issuer && value === r.issuer) return "issuer";
  // A role ARN names its sessions whatever the path (role names are unique within an account).
  if (r.roleKey && roleKey(value) === r.roleKey) return "issuer";
  return null;
}

/**
 * The identities AWS may check a NotPrincipal against, from the account down: "AWS might validate the account first,
 * then the role, and then the assumed-role user" (NotPrincipal page). Empty for anonymous requests.
 */
function chain(r: Requester): string[][] {
  const out: string[][] = [];
  if (r.kind === "anonymous") return out;
  if (r.kind === "service") return r.self ? [[r.self]] : out;
  if (r.account) out.push([r.account, `arn:${r.partition}:iam::${r.account}:root`]);
  if (r.issuer && r.kind !== "federated") out.push([r.issuer]);
  if (r.self && r.kind !== "root") out.push([r.self]);
  return out;
}

function listed(principals: Readonly<Record<string, readonly string[]>>, ids: string[], r: Requester): boolean {
  for (const [type, values] of Object.entries(principals)) {
    const t = type.toLowerCase();
    for (const raw of values) {
      const v = raw.trim();
      if (v === "*") return true;
      if (t === "service" && ids.some((id) => id.toLowerCase() === v.toLowerCase())) return true;
      if (t !== "aws") continue;
      const account = accountPrincipal(v);
      if (account !== undefined && ids.includes(account)) return true;
      if (ids.includes(v)) return true;
      const key = roleKey(v);
      if (key && r.roleKey === key && ids.some((id) => roleKey(id) === key)) return true;
    }
  }
  return false;
}

/**
 * Whether a statement with NotPrincipal applies to the requester. With Deny, the requester escapes only when every
 * identity of its chain is listed (the page: "you must also specify the account ARN of the not-denied principal.
 * Otherwise, the policy might deny access to the entire account"). With Allow, a grant to "everyone except" reaches
 * the requester only when no identity of its chain is listed — the reading that never grants more than AWS may.
 */
export function notPrincipalApplies(
  notPrincipals: Readonly<Record<string, readonly string[]>>,
  r: Requester,
  effect: "Allow" | "Deny",
): boolean {
  const ids = chain(r);
  if (ids.length === 0) return true;
  const hits = ids.map((group) => listed(notPrincipals, group, r));
  return effect === "Deny" ? !hits.every(Boolean) : !hits.some(Boolean);
}
