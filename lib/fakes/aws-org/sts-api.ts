import crypto from "node:crypto";
import type { FakeIamAccount } from "../aws-iam/server";
import { escapeXml, isoTimestamp } from "../aws-iam/xml";

// STS AssumeRole and GetCallerIdentity (Query protocol, XML, namespace https://sts.amazonaws.com/doc/2011-06-15/).
// AssumeRole evaluates the role's trust policy the way AWS does for this case: an Allow statement for
// sts:AssumeRole whose AWS principal is the caller's account (root ARN or id) and whose StringEquals sts:ExternalId
// condition, if any, equals the ExternalId passed. Source: docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// and the IAM user guide, "How to use an external ID when granting access to your AWS resources to a third party".

export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Temporary credentials the fake issued, and the account and role they act as. */
export interface IssuedCredentials {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  arn: string;
  userId: string;
  expires: Date;
}

export interface StsOptions {
  /** Accounts whose member role cannot be assumed whatever its trust policy says (AccessDenied). */
  denyAssumeRole?: string[];
}

/** The identity that signs with credentials the fake did not issue (the management account's reader). */
export function callerUser(accountId: string): { arn: string; userId: string } {
  return { arn: `arn:aws:iam::${accountId}:user/crosswalk-reader`, userId: "AIDAFAKECROSSWALKREADER" };
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export class StsApi {
  private readonly issued = new Map<string, IssuedCredentials>();
  private serial = 0;

  constructor(
    private readonly iam: (accountId: string) => FakeIamAccount | null,
    private readonly managementAccountId: string,
    private readonly options: () => StsOptions = () => ({}),
  ) {}

  /** The credentials of an access key the fake issued (undefined for any other key). */
  credentials(accessKeyId: string): IssuedCredentials | undefined {
    return this.issued.get(accessKeyId);
  }

  /** Answers one STS action for a caller in `callerAccountId`; returns the inner XML of `<ActionResult>`. */
  call(action: string, p: URLSearchParams, caller: { accountId: string; arn: string; userId: string }): string {
    switch (action) {
      case "GetCallerIdentity":
        return `<Arn>${escapeXml(caller.arn)}</Arn><UserId>${escapeXml(caller.userId)}</UserId><Account>${caller.accountId}</Account>`;
      case "AssumeRole":
        return this.assumeRole(p, caller);
      default:
        throw new StsError(400, "InvalidAction", `Could not find operation ${action} for version 2011-06-15`);
    }
  }

  private assumeRole(p: URLSearchParams, caller: { accountId: string; arn: string }): string {
    const roleArn = p.get("RoleArn") ?? "";
    const session = p.get("RoleSessionName") ?? "";
    if (!/^[\w+=,.@-]{2,64}$/.test(session))
      throw new StsError(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
      );
    const m = ROLE_ARN.exec(roleArn);
    if (!m) throw new StsError(400, "ValidationError", `${roleArn} is invalid`);
    const [, accountId, roleName] = m as unknown as [string, string, string];
    const duration = p.has("DurationSeconds") ? Number(p.get("DurationSeconds")) : 3600;
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200)
      throw new StsError(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint",
      );
    const denied = () =>
      new StsError(
        403,
        "AccessDenied",
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    if (this.options().denyAssumeRole?.includes(accountId)) throw denied();
    const role = this.iam(accountId)?.gaad.RoleDetailList.find((r) => r.Arn === roleArn);
    if (!role || !trusts(role.AssumeRolePolicyDocument, caller.accountId, p.get("ExternalId"))) throw denied();
    const n = ++this.serial;
    const accessKeyId = `ASIA${crypto.createHash("sha256").update(`${accountId}:${n}`).digest("hex").slice(0, 16).toUpperCase()}`;
    const creds: IssuedCredentials = {
      accountId,
      accessKeyId,
      secretAccessKey: crypto.randomBytes(30).toString("base64"),
      sessionToken: crypto.randomBytes(96).toString("base64"),
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}`,
      userId: `${role.RoleId}:${session}`,
      expires: new Date(Date.now() + duration * 1000),
    };
    this.issued.set(accessKeyId, creds);
    return (
      `<Credentials><AccessKeyId>${creds.accessKeyId}</AccessKeyId><SecretAccessKey>${escapeXml(creds.secretAccessKey)}</SecretAccessKey>` +
      `<SessionToken>${escapeXml(creds.sessionToken)}</SessionToken><Expiration>${isoTimestamp(creds.expires)}</Expiration></Credentials>` +
      `<AssumedRoleUser><AssumedRoleId>${escapeXml(creds.userId)}</AssumedRoleId><Arn>${escapeXml(creds.arn)}</Arn></AssumedRoleUser>`
    );
  }

  /** The management account (the identity of credentials the fake did not issue). */
  get management(): string {
    return this.managementAccountId;
  }
}

type Statement = {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};

/** Whether a trust policy lets `callerAccount` assume the role with this external id. */
export function trusts(doc: unknown, callerAccount: string, externalId: string | null): boolean {
  const d = (typeof doc === "string" ? JSON.parse(decodeURIComponent(doc)) : doc) as {
    Statement?: Statement | Statement[];
  };
  const statements = Array.isArray(d?.Statement) ? d.Statement : d?.Statement ? [d.Statement] : [];
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
  return statements.some((st) => {
    if (st.Effect !== "Allow") return false;
    if (!list(st.Action).some((a) => a === "sts:AssumeRole" || a === "sts:*" || a === "*")) return false;
    const principal = st.Principal as { AWS?: unknown } | string | undefined;
    const aws = principal === "*" ? ["*"] : list(typeof principal === "object" ? principal?.AWS : undefined);
    if (!aws.some((a) => a === "*" || a === callerAccount || a === `arn:aws:iam::${callerAccount}:root`)) return false;
    for (const [op, keys] of Object.entries(st.Condition ?? {})) {
      for (const [key, want] of Object.entries(keys)) {
        if (key.toLowerCase() !== "sts:externalid") return false; // a condition this fake does not evaluate
        if (op !== "StringEquals" || externalId === null || !list(want).includes(externalId)) return false;
      }
    }
    return true;
  });
}
