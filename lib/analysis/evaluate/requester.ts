import { accountOf, isServiceLinkedRole, parseArn, roleKey, roleOfSession } from "./arn";
import type { PrincipalKind, RequestPrincipal } from "./types";

/**
 * What the evaluator knows of the principal: its own ARN, the identity that issued its session, its account, and the
 * chain of identities a resource policy may name (account → role or user → session).
 */
export interface Requester {
  kind: PrincipalKind;
  partition: string;
  account?: string;
  /** The principal's own ARN (user, session, federated user, root) or service name. */
  self?: string;
  /** The role ARN of a role session, or the IAM user who federated. */
  issuer?: string;
  /** For roles and role sessions: account/name of the role (paths aside). */
  roleKey?: string;
  serviceLinked: boolean;
  /** aws:PrincipalArn: the user, the role (not the session), the federated user, root. */
  principalArn?: string;
}

/** The kind an ARN names (`user/`, `role/`, `assumed-role/`, `federated-user/`, `root`, a service name). */
export function kindOfArn(arn: string): PrincipalKind | undefined {
  if (arn === "*") return "anonymous";
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(arn)) return "service";
  const a = parseArn(arn);
  if (!a) return undefined;
  if (a.service === "iam" && a.resource === "root") return "root";
  if (a.service === "iam" && a.resource.startsWith("user/")) return "user";
  if (a.service === "iam" && a.resource.startsWith("role/")) return "role";
  if (a.service === "sts" && a.resource.startsWith("assumed-role/")) return "assumed-role";
  if (a.service === "sts" && a.resource.startsWith("federated-user/")) return "federated";
  return undefined;
}

const cache = new WeakMap<RequestPrincipal, Requester>();
const UNKNOWN: Requester = { kind: "user", partition: "aws", serviceLinked: false };

/** The requester of a principal, derived once per principal object (callers reuse them across many requests). */
export function requesterOf(p: RequestPrincipal | undefined): Requester {
  if (!p) return UNKNOWN;
  let r = cache.get(p);
  if (!r) {
    r = deriveRequester(p);
    cache.set(p, r);
  }
  return r;
}

function deriveRequester(p: RequestPrincipal): Requester {
  const arn = p.arn;
  const parsed = arn ? parseArn(arn) : null;
  const partition = parsed?.partition ?? "aws";
  const account = accountOf(arn) ?? accountOf(p.issuerArn);
  const base = { kind: p.kind, partition, ...(account ? { account } : {}) };
  switch (p.kind) {
    case "user":
      return { ...base, ...(arn ? { self: arn, principalArn: arn } : {}), serviceLinked: false };
    case "root":
      return {
        ...base,
        self: arn ?? (account ? `arn:${partition}:iam::${account}:root` : undefined),
        principalArn: arn ?? (account ? `arn:${partition}:iam::${account}:root` : undefined),
        serviceLinked: false,
      };
    case "role": {
      const role = arn ?? p.issuerArn;
      const key = role ? roleKey(role) : undefined;
      return {
        ...base,
        ...(role ? { issuer: role, principalArn: role } : {}),
        ...(key ? { roleKey: key } : {}),
        serviceLinked: isServiceLinkedRole(role),
      };
    }
    case "assumed-role": {
      const role = p.issuerArn ?? (arn ? roleOfSession(arn) : undefined);
      const key = role ? roleKey(role) : undefined;
      return {
        ...base,
        ...(arn ? { self: arn } : {}),
        ...(role ? { issuer: role, principalArn: role } : {}),
        ...(key ? { roleKey: key } : {}),
        serviceLinked: isServiceLinkedRole(role),
      };
    }
    case "federated":
      return {
        ...base,
        ...(arn ? { self: arn, principalArn: arn } : {}),
        ...(p.issuerArn ? { issuer: p.issuerArn } : {}),
        serviceLinked: false,
      };
    case "service":
      return { kind: "service", partition, ...(arn ? { self: arn } : {}), serviceLinked: false };
    case "anonymous":
      return { kind: "anonymous", partition, serviceLinked: false };
  }
}

/** Whether the principal acts through a session (so session policies apply). */
export function isSession(r: Requester): boolean {
  return r.kind === "assumed-role" || r.kind === "role" || r.kind === "federated";
}

/** aws:PrincipalType per principal kind (reference_policies_variables.html#principaltable). */
export function principalType(kind: PrincipalKind): string | undefined {
  switch (kind) {
    case "root":
      return "Account";
    case "user":
      return "User";
    case "federated":
      return "FederatedUser";
    case "role":
    case "assumed-role":
      return "AssumedRole";
    case "anonymous":
      return "Anonymous";
    case "service":
      return undefined;
  }
}
