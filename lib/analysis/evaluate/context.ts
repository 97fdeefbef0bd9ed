import { parseArn } from "./arn";
import { principalType, type Requester } from "./requester";
import type { ContextValue, RequestPrincipal } from "./types";

/** One context key's values: `multi` for a multivalued key (given as a list). */
export interface ContextEntry {
  values: string[];
  multi: boolean;
}

/** The request context: keys are case-insensitive ("Key names are case-insensitive", reference_policies_variables.html). */
export interface RequestContext {
  get(key: string): ContextEntry | undefined;
  /** `get` for a key already in lower case. */
  getLower(lowerKey: string): ContextEntry | undefined;
  /** The one value of a single-valued key, for policy variables (a multivalued key cannot be a variable). */
  variable(key: string): string | undefined;
}

function entryOf(v: ContextValue): ContextEntry {
  if (Array.isArray(v)) return { values: (v as (string | number | boolean)[]).map(String), multi: true };
  return { values: [String(v)], multi: false };
}

/**
 * The request context: the keys the request carries, plus the keys AWS derives from the principal and the resource
 * owner when the caller did not give them (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username,
 * aws:userid where it follows from the ARN, aws:PrincipalTag/*, aws:PrincipalIsAWSService, aws:PrincipalServiceName,
 * aws:ResourceAccount). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export function buildContext(
  given: Readonly<Record<string, ContextValue>> | undefined,
  principal: RequestPrincipal | undefined,
  requester: Requester,
  resourceAccount: string | undefined,
): RequestContext {
  const map = new Map<string, ContextEntry>();
  const derive = (key: string, value: string | undefined) => {
    if (value !== undefined) map.set(key.toLowerCase(), { values: [value], multi: false });
  };
  if (principal) {
    derive("aws:PrincipalArn", requester.principalArn);
    derive("aws:PrincipalAccount", requester.account);
    derive("aws:PrincipalType", principalType(requester.kind));
    if (requester.kind === "user" && requester.self) {
      const r = parseArn(requester.self)?.resource ?? "";
      derive("aws:username", r.slice(r.lastIndexOf("/") + 1));
    }
    derive("aws:userid", principal.userId ?? derivedUserId(requester));
    if (requester.kind === "service") {
      derive("aws:PrincipalIsAWSService", "true");
      derive("aws:PrincipalServiceName", requester.self);
    } else if (requester.kind !== "anonymous") derive("aws:PrincipalIsAWSService", "false");
    for (const [k, v] of Object.entries(principal.tags ?? {})) derive(`aws:PrincipalTag/${k}`, v);
  }
  derive("aws:ResourceAccount", resourceAccount);
  for (const [k, v] of Object.entries(given ?? {})) map.set(k.toLowerCase(), entryOf(v));
  return {
    get: (key) => map.get(key.toLowerCase()),
    getLower: (lowerKey) => map.get(lowerKey),
    variable: (key) => {
      const e = map.get(key.toLowerCase());
      if (e?.values.length !== 1) return undefined;
      return e.values[0];
    },
  };
}

/** aws:userid where the ARN alone gives it: root → account id; federated user → account:name; anonymous. */
function derivedUserId(r: Requester): string | undefined {
  if (r.kind === "root") return r.account;
  if (r.kind === "anonymous") return "anonymous";
  if (r.kind === "federated" && r.self && r.account) {
    const res = parseArn(r.self)?.resource ?? "";
    return `${r.account}:${res.slice(res.indexOf("/") + 1)}`;
  }
  return undefined;
}
