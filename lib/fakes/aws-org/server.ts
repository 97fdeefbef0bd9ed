import crypto from "node:crypto";
import type http from "node:http";
import { type FakeIamAccount, type FakeIamOptions, FakeIamServer } from "../aws-iam/server";
import { errorXml, responseXml, STS_NS } from "../aws-iam/xml";
import { FakeHttpServer } from "../fake-http-server";
import { type FaultOptions, Faults } from "../faults";
import { IdentityStoreApi } from "./identity-store-api";
import { AwsJsonError, type Json } from "./json-protocol";
import type { CallContext, FakeServiceOptions, JsonService } from "./json-service";
import type { FakeOrganization } from "./organization";
import { OrganizationsApi, type OrganizationsOptions } from "./organizations-api";
import { SsoAdminApi } from "./sso-admin-api";
import { callerUser, StsApi, StsError, type StsOptions } from "./sts-api";

export interface FakeAwsOrgOptions {
  organizations?: FakeServiceOptions & OrganizationsOptions;
  /** SSO Admin: AWS's limits are low (a few requests per second per API): `throttleRate` reproduces them. */
  ssoAdmin?: FakeServiceOptions;
  identityStore?: FakeServiceOptions;
  sts?: FaultOptions & StsOptions;
  /** IAM of every account (the account is chosen by the request's credentials). */
  iam?: Omit<FakeIamOptions, "accountFor">;
}

export interface FakeAwsOrgStats {
  requests: number;
  /** Requests per IAM action name, e.g. `organizations:ListAccounts`, `sso:ListPermissionSets`, `iam:GetSAMLProvider`. */
  byAction: Record<string, number>;
  /** Requests per calling account (the account the credentials act in). */
  byAccount: Record<string, number>;
  throttled: number;
  failed: number;
  denied: number;
  /** Operations the fake does not answer (every write, and reads it does not implement). Must stay empty. */
  refused: Record<string, number>;
}

const emptyStats = (): FakeAwsOrgStats => ({
  requests: 0,
  byAction: {},
  byAccount: {},
  throttled: 0,
  failed: 0,
  denied: 0,
  refused: {},
});

/** Service of a Query-protocol request, from its SigV4 credential scope (`Credential=KEY/DATE/REGION/SERVICE/…`). */
function credentialScope(auth: string | undefined): { key: string; service: string } | null {
  const m = auth ? /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(auth) : null;
  return m ? { key: m[1]!, service: m[2]! } : null;
}

class AuthError extends Error {}

/**
 * A fake AWS Organization behind one HTTP endpoint: Organizations, SSO Admin and Identity Store (JSON 1.1, routed by
 * X-Amz-Target), STS and IAM (Query protocol, routed by the SigV4 credential scope). Credentials from STS AssumeRole
 * act in the role's account, so IAM answers for every member account from this one server; any other access key
 * acts as the management account's reader. Read-only: every other operation is refused and counted.
 */
export class FakeAwsOrgServer extends FakeHttpServer {
  readonly stats: FakeAwsOrgStats = emptyStats();
  readonly iam: FakeIamServer;
  readonly sts: StsApi;
  private readonly services: Map<string, { api: JsonService; faults: Faults; options: () => FakeServiceOptions }>;
  private readonly stsFaults: Faults;

  constructor(
    readonly org: FakeOrganization,
    public options: FakeAwsOrgOptions = {},
  ) {
    super();
    const mgmt = org.organization.MasterAccountId;
    this.sts = new StsApi(
      (id) => org.iam(id),
      mgmt,
      () => this.options.sts ?? {},
    );
    this.stsFaults = new Faults(() => this.options.sts ?? {});
    const managementIam: FakeIamAccount = org.iam(mgmt) ?? {
      accountId: mgmt,
      gaad: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
    };
    this.iam = new FakeIamServer(managementIam, {
      ...this.options.iam,
      accountFor: (key) => {
        const issued = this.sts.credentials(key);
        return issued ? org.iam(issued.accountId) : undefined;
      },
    });
    const entry = (api: JsonService, options: () => FakeServiceOptions) => ({
      api,
      options,
      faults: new Faults(options),
    });
    this.services = new Map(
      [
        entry(
          new OrganizationsApi(org, () => this.options.organizations ?? {}),
          () => this.options.organizations ?? {},
        ),
        entry(new SsoAdminApi(org), () => this.options.ssoAdmin ?? {}),
        entry(new IdentityStoreApi(org), () => this.options.identityStore ?? {}),
      ].map((e) => [e.api.targetPrefix, e]),
    );
  }

  /** Clears the stats and restarts the fault counters (every Nth request counts from here). */
  resetStats(): void {
    Object.assign(this.stats, emptyStats());
    this.iam.resetStats();
    this.stsFaults.reset();
    for (const s of this.services.values()) s.faults.reset();
  }

  private count(action: string, accountId: string | null): void {
    this.stats.requests++;
    this.stats.byAction[action] = (this.stats.byAction[action] ?? 0) + 1;
    if (accountId) this.stats.byAccount[accountId] = (this.stats.byAccount[accountId] ?? 0) + 1;
  }

  /**
   * Who signs the request: credentials STS issued act in their role's account and must carry their session token;
   * other keys (an ASIA key excepted) act as the management account's reader.
   */
  private caller(req: http.IncomingMessage): { accountId: string; arn: string; userId: string } {
    const scope = credentialScope(req.headers.authorization);
    if (!scope) throw new AuthError("Missing Authentication Token");
    const issued = this.sts.credentials(scope.key);
    if (issued) {
      if (req.headers["x-amz-security-token"] !== issued.sessionToken || issued.expires.getTime() < Date.now())
        throw new AuthError("The security token included in the request is invalid.");
      return issued;
    }
    if (scope.key.startsWith("ASIA")) throw new AuthError("The security token included in the request is invalid.");
    return { accountId: this.sts.management, ...callerUser(this.sts.management) };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const target = req.headers["x-amz-target"];
    if (typeof target === "string") return this.handleJson(req, res, target, body);
    const service = credentialScope(req.headers.authorization)?.service;
    if (service === "sts") return this.handleSts(req, res, body);
    let account: string | null = null;
    let invalid: AuthError | null = null;
    try {
      account = this.caller(req).accountId;
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      if (req.headers.authorization) invalid = e;
    }
    this.count(`iam:${new URLSearchParams(body).get("Action") ?? ""}`, account);
    if (invalid) {
      const requestId = crypto.randomUUID();
      res.writeHead(403, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(errorXml("Sender", "InvalidClientTokenId", invalid.message, requestId));
      return;
    }
    return this.iam.handle(req, res, body);
  }

  private async handleJson(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: string,
    body: string,
  ): Promise<void> {
    const requestId = crypto.randomUUID();
    const dot = target.lastIndexOf(".");
    const svc = this.services.get(target.slice(0, dot));
    const op = target.slice(dot + 1);
    const reply = (status: number, text: string) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId });
      res.end(text);
    };
    if (!svc) {
      this.count(`unknown:${target}`, null);
      this.stats.refused[target] = (this.stats.refused[target] ?? 0) + 1;
      return reply(400, new AwsJsonError(400, "UnknownOperationException", `Unknown target ${target}`).body());
    }
    const action = `${svc.api.actionPrefix}:${op}`;
    let ctx: CallContext | null = null;
    try {
      const caller = this.caller(req);
      ctx = { accountId: caller.accountId };
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      this.count(action, null);
      const code = e.message.startsWith("Missing")
        ? "MissingAuthenticationTokenException"
        : "UnrecognizedClientException";
      return reply(code.startsWith("Missing") ? 403 : 400, new AwsJsonError(400, code, e.message).body());
    }
    this.count(action, ctx.accountId);
    await svc.faults.delay();
    try {
      let input: Json;
      try {
        input = (body ? JSON.parse(body) : {}) as Json;
      } catch {
        throw new AwsJsonError(400, "SerializationException", "Start of structure or map found where not expected.");
      }
      const fault = svc.faults.next(op);
      if (fault === "throttle") {
        this.stats.throttled++;
        throw svc.api.errors.throttled();
      }
      if (fault === "fail") {
        this.stats.failed++;
        throw svc.api.errors.failed();
      }
      if (fault === "deny") throw svc.api.errors.denied(op, ctx);
      reply(200, JSON.stringify(svc.api.call(op, input, ctx, svc.options())));
    } catch (e) {
      const err =
        e instanceof AwsJsonError
          ? e
          : new AwsJsonError(500, "InternalFailure", e instanceof Error ? e.message : String(e));
      if (err.code === "UnknownOperationException") this.stats.refused[action] = (this.stats.refused[action] ?? 0) + 1;
      if (err.code === "AccessDeniedException") this.stats.denied++;
      reply(err.status, err.body());
    }
  }

  private async handleSts(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const requestId = crypto.randomUUID();
    const p = new URLSearchParams(body);
    const action = p.get("Action") ?? "";
    let callerAccount: string | null = null;
    try {
      const caller = this.caller(req);
      callerAccount = caller.accountId;
      this.count(`sts:${action}`, callerAccount);
      await this.stsFaults.delay();
      if (p.get("Version") !== "2011-06-15")
        throw new StsError(400, "InvalidParameterValue", "Version must be 2011-06-15");
      const fault = this.stsFaults.next(action);
      if (fault === "throttle") {
        this.stats.throttled++;
        throw new StsError(400, "Throttling", "Rate exceeded");
      }
      if (fault === "fail") {
        this.stats.failed++;
        throw new StsError(500, "InternalFailure", "An internal error occurred.");
      }
      if (fault === "deny")
        throw new StsError(403, "AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:${action}`);
      const result = this.sts.call(action, p, caller);
      res.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(responseXml(action, result, requestId, STS_NS));
    } catch (e) {
      if (callerAccount === null) this.count(`sts:${action}`, null);
      const err =
        e instanceof StsError
          ? e
          : e instanceof AuthError
            ? new StsError(
                403,
                e.message.startsWith("Missing") ? "MissingAuthenticationToken" : "InvalidClientTokenId",
                e.message,
              )
            : new StsError(500, "InternalFailure", e instanceof Error ? e.message : String(e));
      if (err.code === "AccessDenied") this.stats.denied++;
      if (err.code === "InvalidAction")
        this.stats.refused[`sts:${action}`] = (this.stats.refused[`sts:${action}`] ?? 0) + 1;
      res.writeHead(err.status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(errorXml(err.status >= 500 ? "Receiver" : "Sender", err.code, err.message, requestId, STS_NS));
    }
  }
}
