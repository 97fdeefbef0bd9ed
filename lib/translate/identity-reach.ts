/**
 * What an AWS policy can change about other principals ("reach"), and the rule that keeps a translation inside it:
 * a generated Azure role holds no Microsoft.Authorization write/delete/action and a generated Entra role no
 * role-assignment, user or credential write unless the AWS policy can change the same thing for others.
 */
import { globToRegExp } from "../aws-actions/action-pattern";
import type { Statement } from "../model";
import type { DirectoryRule } from "./crosswalk";

/** The three kinds of change the over-grant rule guards. */
export interface Reach {
  /** Can change what principals may do: attach/put/create policies, role trust, group membership (IAM "grant"). */
  grants: boolean;
  /** Can create, change or delete users other than the caller. */
  users: boolean;
  /** Can set or remove credentials (password, MFA, keys) of users other than the caller. */
  credentials: boolean;
}

export const NO_REACH: Reach = { grants: false, users: false, credentials: false };

const SELF_VARIABLE = /^\$\{aws:(username|userid)\}$/i;

/** The resource part of an IAM ARN ("user/path/name"), or "*" for a bare wildcard. */
function iamResourcePart(arn: string): string {
  if (arn === "*") return "*";
  const parts = arn.split(":");
  return parts.length >= 6 ? parts.slice(5).join(":") : arn;
}

/**
 * Whether a statement reaches only the caller's own `type` resource (user/${aws:username}, mfa/${aws:username}):
 * every Resource entry that could name a resource of that type ends in the caller's name variable. NotResource and
 * a bare "*" reach everyone. A statement none of whose entries can name that type reaches nobody, so it is "self".
 */
export function reachesOnlySelf(st: Pick<Statement, "resources" | "notResources">, type: string): boolean {
  if (st.notResources.length > 0) return false;
  const relevant = st.resources.filter((r) => {
    const first = iamResourcePart(r).split("/")[0] ?? "";
    return first === type || (first.includes("*") && globToRegExp(first).test(type));
  });
  return relevant.every((r) => SELF_VARIABLE.test(iamResourcePart(r).split("/").pop() ?? ""));
}

/** What one allowed IAM action adds to the reach, given the statement that allows it. */
export function reachOf(rule: DirectoryRule | undefined, verb: string, self: boolean): Partial<Reach> {
  if (!rule || verb === "read") return {};
  if (rule.kind === "grant") return { grants: true };
  if (self || rule.kind === "selfService") return {};
  if (rule.kind === "user") return { users: true };
  if (rule.kind === "credential") return { credentials: true };
  return {};
}

const AUTHORIZATION = /^microsoft\.authorization\//i;

/** Azure operations that change access (Microsoft.Authorization write / delete / action, wildcards included). */
export function isAuthorizationChange(op: string): boolean {
  if (op === "*") return true;
  if (!AUTHORIZATION.test(op)) return false;
  return !/\/read$/i.test(op);
}

/** NotActions that keep an Actions "*" role from changing access (Contributor's exclusions, plus every action). */
export const AUTHORIZATION_EXCLUSIONS = [
  "Microsoft.Authorization/*/Write",
  "Microsoft.Authorization/*/Delete",
  "Microsoft.Authorization/*/action",
];

const USER_WRITE = /^microsoft\.directory\/users\/(?!authenticationMethods\/|password\/)(?!.*\/read$).+/i;
const CREDENTIAL_WRITE =
  /^microsoft\.directory\/(users\/(password\/update|authenticationMethods\/(?!.*read$).+|allProperties\/(update|allTasks))|(applications|servicePrincipals)\/(credentials\/update|allProperties\/(update|allTasks)))$/i;
const GRANT_WRITE = /^microsoft\.directory\/(roleAssignments|roleDefinitions)\/(?!.*\/read$).+/i;

/** The parts of the reach an Entra resource action needs (none for reads and other entities). */
export function entraReachNeeded(op: string): (keyof Reach)[] {
  const out: (keyof Reach)[] = [];
  if (GRANT_WRITE.test(op)) out.push("grants");
  if (USER_WRITE.test(op)) out.push("users");
  if (CREDENTIAL_WRITE.test(op)) out.push("credentials");
  return out;
}
