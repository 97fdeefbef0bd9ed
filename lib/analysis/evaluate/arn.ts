// ARN parsing and the identities a request's principal has, as resource policies name them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html

/** The six components of an ARN (the resource part keeps its colons), or null when the string is not an ARN. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(s: string): Arn | null {
  if (!s.startsWith("arn:")) return null;
  const parts = s.split(":");
  if (parts.length < 6) return null;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(":"),
  };
}

/** The six components of an ARN-like string as a list, or null with fewer than six. */
export function arnComponents(s: string): string[] | null {
  const parts = s.split(":");
  if (parts.length < 6) return null;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

const ACCOUNT_ID = /^\d{12}$/;

/** The account id in an ARN (`arn:aws:iam::111122223333:user/Bob` → `111122223333`), if any. */
export function accountOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const a = parseArn(arn);
  return a?.account ? a.account : undefined;
}

/** `arn:aws:iam::111122223333:root`, or a bare 12-digit account id: the account a principal value names. */
export function accountPrincipal(value: string): string | undefined {
  if (ACCOUNT_ID.test(value)) return value;
  const a = parseArn(value);
  if (a && a.service === "iam" && a.resource === "root" && ACCOUNT_ID.test(a.account)) return a.account;
  return undefined;
}

/** A role ARN (`…:role/path/Name`) as account + name: role names are unique in an account whatever the path. */
export function roleKey(arn: string): string | undefined {
  const a = parseArn(arn);
  if (a?.service !== "iam" || !a.resource.startsWith("role/")) return undefined;
  return `${a.account}/${a.resource.slice(a.resource.lastIndexOf("/") + 1)}`;
}

/** The role path and name of a role ARN (`role/aws-service-role/x.amazonaws.com/Name` → path + name). */
export function roleParts(arn: string): { path: string; name: string } | undefined {
  const a = parseArn(arn);
  if (a?.service !== "iam" || !a.resource.startsWith("role/")) return undefined;
  const rest = a.resource.slice("role".length);
  const cut = rest.lastIndexOf("/");
  return { path: rest.slice(0, cut + 1), name: rest.slice(cut + 1) };
}

/** `arn:aws:sts::111122223333:assumed-role/Name/session` → the role ARN (without a path, which the session ARN lacks). */
export function roleOfSession(sessionArn: string): string | undefined {
  const a = parseArn(sessionArn);
  if (a?.service !== "sts" || !a.resource.startsWith("assumed-role/")) return undefined;
  const [, name] = a.resource.split("/");
  return name ? `arn:${a.partition}:iam::${a.account}:role/${name}` : undefined;
}

/** The service-linked role path prefix: https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html */
export function isServiceLinkedRole(roleArn: string | undefined): boolean {
  if (!roleArn) return false;
  const p = roleParts(roleArn);
  return !!p && (p.path.startsWith("/aws-service-role/") || p.name.startsWith("AWSServiceRoleFor"));
}
