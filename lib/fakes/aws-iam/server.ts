import crypto from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import { decodeDocument } from "../../providers/aws/policy-document";
import { ZGaadSchema, type GaadLists } from "../../providers/aws/gaad-schema";
import { FakeHttpServer } from "../fake-http-server";
import { Faults, type FaultOptions } from "../faults";
import { errorXml, isoTimestamp, mapToXml, responseXml, toXml } from "./xml";

/** What the fake account holds: GAAD lists with decoded documents, plus the optional extras. */
export interface FakeIamAccount {
  gaad: GaadLists;
  accountId: string;
  alias?: string | null;
  /** CSV; null = the account cannot produce one (GenerateCredentialReport still answers). */
  credentialReport?: string | null;
  /** IAM SAML identity providers (ListSAMLProviders / GetSAMLProvider). */
  samlProviders?: FakeSamlProvider[];
  /** GetAccountPasswordPolicy's PasswordPolicy (API shape); absent or null = none set (404 NoSuchEntity). */
  passwordPolicy?: Record<string, number | boolean> | null;
}

/** An IAM SAML provider as GetSAMLProvider returns it (plus its ARN). */
export interface FakeSamlProvider {
  Arn: string;
  SAMLProviderUUID: string;
  /** The IdP's SAML metadata XML; its entityID is the issuer. */
  SAMLMetadataDocument: string;
  CreateDate: string;
  ValidUntil: string;
  Tags?: { Key: string; Value: string }[];
}

/** Faults (throttling answers HTTP 400 Throttling, failures HTTP 500 ServiceFailure, denials 403 AccessDenied). */
export interface FakeIamOptions extends FaultOptions {
  /** Every page holds at most this many items whatever MaxItems says. */
  maxPage?: number;
  /** Short pages: every other page holds only part of what MaxItems allows, with IsTruncated=true (IAM may). */
  shortPages?: boolean;
  /** GenerateCredentialReport: how long generating takes (STARTED until then). Default: already generated. */
  credentialReportDelayMs?: number;
  /**
   * Several accounts behind one endpoint: the account of a request is chosen by the access key id it is signed with
   * (as credentials from STS AssumeRole reach a member account). undefined = the server's own account; null = the
   * key is not valid (403 InvalidClientTokenId).
   */
  accountFor?: (accessKeyId: string) => FakeIamAccount | null | undefined;
}

export interface FakeIamStats {
  requests: number;
  byAction: Record<string, number>;
  throttled: number;
  failed: number;
  denied: number;
  /** Non-read actions that reached the server (and were refused). Must stay empty for Crosswalk. */
  refusedWrites: Record<string, number>;
  /** Requests per account (by the account the access key chose). */
  byAccount: Record<string, number>;
}

// IAM read actions: the fake answers these (the ones Crosswalk uses) and refuses anything that is not a read.
const READ_PREFIX = /^(Get|List|Generate|Simulate)/;
const LIST_FILTER: Record<string, "UserDetailList" | "GroupDetailList" | "RoleDetailList" | "Policies"> = {
  User: "UserDetailList",
  Group: "GroupDetailList",
  Role: "RoleDetailList",
};

export class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Encodes a document as IAM does on the wire (RFC 3986 URL-encoding of the JSON text). */
function encodeDoc(doc: unknown): string | undefined {
  if (doc === null || doc === undefined) return undefined;
  return encodeURIComponent(typeof doc === "string" ? doc : JSON.stringify(doc));
}

type Item = { list: "UserDetailList" | "GroupDetailList" | "RoleDetailList" | "Policies"; xml: string };

/** Per-account state: GAAD items pre-rendered once, and when the credential report was requested. */
interface AccountState {
  items: Item[];
  reportRequestedAt: number | null;
}

const emptyStats = (): FakeIamStats => ({
  requests: 0,
  byAction: {},
  throttled: 0,
  failed: 0,
  denied: 0,
  refusedWrites: {},
  byAccount: {},
});

/**
 * A fake AWS IAM endpoint for tests and benchmarks: real HTTP on 127.0.0.1 speaking the IAM Query protocol
 * (form-encoded POST `Action=…&Version=2010-05-08`, XML results in the shapes of botocore's IAM model, ErrorResponse
 * XML), Marker paging with optional short pages, throttling and failures on demand, AccessDenied for chosen actions,
 * URL-encoded documents as real IAM. It refuses (and counts) every non-read action. One server may serve several
 * accounts, chosen by the access key of each request (`accountFor`).
 */
export class FakeIamServer extends FakeHttpServer {
  readonly stats: FakeIamStats = emptyStats();
  options: FakeIamOptions;
  private readonly states = new WeakMap<FakeIamAccount, AccountState>();
  private readonly faults = new Faults(() => this.options);

  constructor(
    readonly account: FakeIamAccount,
    options: FakeIamOptions = {},
  ) {
    super();
    this.options = options;
    this.state(account);
  }

  /** The account's state, its GAAD items rendered on first use. */
  private state(account: FakeIamAccount): AccountState {
    let st = this.states.get(account);
    if (!st) {
      // Pre-render every GAAD item once: pages are then slices of strings (the fake must not be the bottleneck).
      const items: Item[] = [];
      for (const list of ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const) {
        for (const raw of account.gaad[list] as Record<string, unknown>[])
          items.push({ list, xml: this.renderItem(raw) });
      }
      st = { items, reportRequestedAt: this.options.credentialReportDelayMs === undefined ? 0 : null };
      this.states.set(account, st);
    }
    return st;
  }

  /** Seeds from a GAAD file (CLI or raw API shape). */
  static fromGaadFile(
    file: string,
    extras: { credentialReport?: string | null; alias?: string | null } = {},
    options: FakeIamOptions = {},
  ): FakeIamServer {
    const g = ZGaadSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
    const arn =
      g.UserDetailList[0]?.Arn ??
      g.RoleDetailList[0]?.Arn ??
      g.GroupDetailList[0]?.Arn ??
      "arn:aws:iam::123456789012:root";
    return new FakeIamServer(
      {
        gaad: g as FakeIamAccount["gaad"],
        accountId: arn.split(":")[4] ?? "123456789012",
        alias: extras.alias ?? null,
        credentialReport: extras.credentialReport ?? null,
      },
      options,
    );
  }

  /** Items of each list the fake holds (what a correct reader must store). */
  counts(): { users: number; groups: number; roles: number; policies: number } {
    const g = this.account.gaad;
    return {
      users: g.UserDetailList.length,
      groups: g.GroupDetailList.length,
      roles: g.RoleDetailList.length,
      policies: g.Policies.length,
    };
  }

  /** Clears the stats and restarts the fault counters (every Nth request counts from here). */
  resetStats(): void {
    Object.assign(this.stats, emptyStats());
    this.faults.reset();
  }

  private renderItem(raw: Record<string, unknown>): string {
    const v: Record<string, unknown> = { ...raw };
    const encodeList = (key: string) => {
      if (Array.isArray(v[key]))
        v[key] = (v[key] as { PolicyName: string; PolicyDocument: unknown }[]).map((p) => ({
          PolicyName: p.PolicyName,
          PolicyDocument: encodeDoc(decoded(p.PolicyDocument)),
        }));
    };
    const decoded = (d: unknown) => (typeof d === "string" ? decodeDocument(d, "seed") : d);
    for (const k of ["CreateDate", "UpdateDate"]) if (v[k]) v[k] = isoTimestamp(v[k] as string);
    encodeList("UserPolicyList");
    encodeList("GroupPolicyList");
    encodeList("RolePolicyList");
    if (v.AssumeRolePolicyDocument) v.AssumeRolePolicyDocument = encodeDoc(decoded(v.AssumeRolePolicyDocument));
    if (Array.isArray(v.PolicyVersionList)) {
      v.PolicyVersionList = (v.PolicyVersionList as Record<string, unknown>[]).map((pv) => ({
        Document: encodeDoc(decoded(pv.Document)),
        VersionId: pv.VersionId,
        IsDefaultVersion: pv.IsDefaultVersion,
        CreateDate: pv.CreateDate ? isoTimestamp(pv.CreateDate as string) : undefined,
      }));
    }
    const rlu = v.RoleLastUsed as { LastUsedDate?: string } | undefined;
    if (rlu?.LastUsedDate) v.RoleLastUsed = { ...rlu, LastUsedDate: isoTimestamp(rlu.LastUsedDate) };
    if (Array.isArray(v.InstanceProfileList)) {
      // InstanceProfile requires Path, Name, Id, Arn, CreateDate and Roles in the model.
      v.InstanceProfileList = (v.InstanceProfileList as Record<string, unknown>[]).map((p) => ({
        Path: p.Path ?? "/",
        InstanceProfileName: p.InstanceProfileName,
        InstanceProfileId: p.InstanceProfileId,
        Arn: p.Arn,
        CreateDate: isoTimestamp((p.CreateDate as string | undefined) ?? (v.CreateDate as string)),
        Roles: [],
      }));
    }
    const out: string[] = [];
    toXml("member", v, out);
    return out.join("");
  }

  /** Answers one IAM Query request (also called by a server that routes several services to this one). */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, body?: string): Promise<void> {
    const requestId = crypto.randomUUID();
    if (body === undefined) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      body = Buffer.concat(chunks).toString("utf8");
    }
    const url = new URL(req.url ?? "/", "http://x");
    const params = new URLSearchParams(req.method === "POST" ? body : url.search);
    const action = params.get("Action") ?? "";
    this.stats.requests++;
    this.stats.byAction[action] = (this.stats.byAction[action] ?? 0) + 1;
    await this.faults.delay();
    try {
      const result = this.dispatch(action, params, req);
      res.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(responseXml(action, result, requestId));
    } catch (e) {
      const err =
        e instanceof IamError ? e : new IamError(500, "ServiceFailure", e instanceof Error ? e.message : String(e));
      res.writeHead(err.status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(errorXml(err.status >= 500 ? "Receiver" : "Sender", err.code, err.message, requestId));
    }
  }

  private dispatch(action: string, p: URLSearchParams, req: http.IncomingMessage): string {
    if (!action) throw new IamError(400, "MissingAction", "Missing Action");
    if (!READ_PREFIX.test(action)) {
      this.stats.refusedWrites[action] = (this.stats.refusedWrites[action] ?? 0) + 1;
      throw new IamError(403, "AccessDenied", `fake IAM is read-only: ${action} refused`);
    }
    if (p.get("Version") !== "2010-05-08")
      throw new IamError(400, "InvalidParameterValue", "Version must be 2010-05-08");
    const auth = req.headers.authorization;
    if (!auth) throw new IamError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    const account = this.accountOf(auth);
    this.stats.byAccount[account.accountId] = (this.stats.byAccount[account.accountId] ?? 0) + 1;
    const fault = this.faults.next(action);
    if (fault === "throttle") {
      this.stats.throttled++;
      throw new IamError(400, "Throttling", "Rate exceeded");
    }
    if (fault === "fail") {
      this.stats.failed++;
      throw new IamError(
        500,
        "ServiceFailure",
        "Request processing has failed because of an unknown error, exception or failure.",
      );
    }
    if (fault === "deny") {
      this.stats.denied++;
      throw new IamError(
        403,
        "AccessDenied",
        `User: arn:aws:iam::${account.accountId}:user/crosswalk-reader is not authorized to perform: iam:${action} on resource: *`,
      );
    }
    switch (action) {
      case "GetAccountAuthorizationDetails":
        return this.gaad(account, p);
      case "GenerateCredentialReport":
        return this.generateReport(account);
      case "GetCredentialReport":
        return this.getReport(account);
      case "GetAccountSummary":
        return this.summary(account);
      case "GetAccountPasswordPolicy": {
        if (!account.passwordPolicy)
          throw new IamError(
            404,
            "NoSuchEntity",
            `The Password Policy with domain name ${account.accountId} cannot be found.`,
          );
        const out: string[] = [];
        toXml("PasswordPolicy", account.passwordPolicy, out);
        return out.join("");
      }
      case "ListAccountAliases": {
        const out: string[] = [];
        toXml("AccountAliases", account.alias ? [account.alias] : [], out);
        out.push("<IsTruncated>false</IsTruncated>");
        return out.join("");
      }
      case "ListSAMLProviders": {
        const out: string[] = [];
        const list = (account.samlProviders ?? []).map((s) => ({
          Arn: s.Arn,
          ValidUntil: isoTimestamp(s.ValidUntil),
          CreateDate: isoTimestamp(s.CreateDate),
        }));
        toXml("SAMLProviderList", list, out);
        return out.join("");
      }
      case "GetSAMLProvider":
        return this.samlProvider(account, p.get("SAMLProviderArn") ?? "");
      default:
        throw new IamError(400, "InvalidAction", `The fake does not implement ${action}`);
    }
  }

  /** The account the request's access key chooses (`accountFor`), else the server's own. */
  private accountOf(authorization: string): FakeIamAccount {
    if (!this.options.accountFor) return this.account;
    const key = /Credential=([^/,\s]+)\//.exec(authorization)?.[1] ?? "";
    const account = this.options.accountFor(key);
    if (account === null)
      throw new IamError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    return account ?? this.account;
  }

  private samlProvider(account: FakeIamAccount, arn: string): string {
    if (!/^arn:aws:iam::\d{12}:saml-provider\/[\w+=,.@-]+$/.test(arn))
      throw new IamError(400, "InvalidInput", `ARN ${arn} is not valid.`);
    const s = account.samlProviders?.find((x) => x.Arn === arn);
    if (!s) throw new IamError(404, "NoSuchEntity", `SAMLProvider not found for arn ${arn}`);
    const out: string[] = [];
    toXml("SAMLProviderUUID", s.SAMLProviderUUID, out);
    toXml("SAMLMetadataDocument", s.SAMLMetadataDocument, out);
    toXml("CreateDate", isoTimestamp(s.CreateDate), out);
    toXml("ValidUntil", isoTimestamp(s.ValidUntil), out);
    toXml("Tags", s.Tags ?? [], out);
    return out.join("");
  }

  private gaad(account: FakeIamAccount, p: URLSearchParams): string {
    const filters = new Set<string>();
    for (const [k, v] of p) if (/^Filter\.member\.\d+$/.test(k)) filters.add(v);
    const maxItems = p.has("MaxItems") ? Number(p.get("MaxItems")) : 100;
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
      throw new IamError(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
      );
    }
    const items = this.state(account).items;
    const wanted = filters.size === 0 ? items : items.filter((it) => this.matches(it, filters));
    let start = 0;
    const marker = p.get("Marker");
    if (marker) {
      const m = /^fake:(\d+)$/.exec(Buffer.from(marker, "base64").toString("utf8"));
      if (!m) throw new IamError(400, "InvalidInput", "Invalid Marker");
      start = Number(m[1]);
    }
    let size = Math.min(maxItems, this.options.maxPage ?? 1000);
    // Short pages on every other page: IAM "might return fewer than the MaxItems number of results".
    if (this.options.shortPages && Math.floor(start / Math.max(1, size)) % 2 === 1)
      size = Math.max(1, Math.floor(size * 0.37));
    const page = wanted.slice(start, start + size);
    const end = start + page.length;
    const lists: Record<Item["list"], string[]> = {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    };
    for (const it of page) lists[it.list].push(it.xml);
    const out: string[] = [];
    for (const [name, members] of Object.entries(lists)) out.push(`<${name}>${members.join("")}</${name}>`);
    const truncated = end < wanted.length;
    out.push(`<IsTruncated>${truncated}</IsTruncated>`);
    if (truncated) out.push(`<Marker>${Buffer.from(`fake:${end}`).toString("base64")}</Marker>`);
    return out.join("");
  }

  private matches(it: Item, filters: Set<string>): boolean {
    if (it.list !== "Policies") return [...filters].some((f) => LIST_FILTER[f] === it.list);
    const aws = it.xml.includes("<Arn>arn:aws:iam::aws:policy/");
    return (aws && filters.has("AWSManagedPolicy")) || (!aws && filters.has("LocalManagedPolicy"));
  }

  private reportReady(st: AccountState): boolean {
    if (st.reportRequestedAt === null) return false;
    return Date.now() - st.reportRequestedAt >= (this.options.credentialReportDelayMs ?? 0);
  }

  private generateReport(account: FakeIamAccount): string {
    const st = this.state(account);
    if (st.reportRequestedAt === null) {
      st.reportRequestedAt = Date.now();
      return "<State>STARTED</State><Description>No report exists. Starting a new report generation task</Description>";
    }
    return this.reportReady(st) ? "<State>COMPLETE</State>" : "<State>INPROGRESS</State>";
  }

  private getReport(account: FakeIamAccount): string {
    const st = this.state(account);
    if (st.reportRequestedAt === null) throw new IamError(410, "ReportNotPresent", "Credential report not present");
    if (!this.reportReady(st)) throw new IamError(404, "ReportInProgress", "Credential report is being generated");
    const csv = account.credentialReport ?? credentialReportHeader(account.accountId);
    return `<Content>${Buffer.from(csv).toString("base64")}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>${isoTimestamp(new Date())}</GeneratedTime>`;
  }

  private summary(account: FakeIamAccount): string {
    const g = account.gaad;
    const out: string[] = [];
    mapToXml(
      "SummaryMap",
      {
        Users: g.UserDetailList.length,
        Groups: g.GroupDetailList.length,
        Roles: g.RoleDetailList.length,
        Policies: g.Policies.filter((x) => !x.Arn.includes(":iam::aws:policy/")).length,
        UsersQuota: 5000,
        GroupsQuota: 300,
        RolesQuota: 1000,
        PoliciesQuota: 1500,
        AccountMFAEnabled: /<root_account>[^\n]*,(true|TRUE),/.test(account.credentialReport ?? "") ? 1 : 0,
        AccountAccessKeysPresent: 0,
        MFADevices: 0,
        MFADevicesInUse: 0,
      },
      out,
    );
    return out.join("");
  }
}

/** A credential report with only the root row, for accounts seeded without one. */
function credentialReportHeader(accountId: string): string {
  return (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n" +
    `<root_account>,arn:aws:iam::${accountId}:root,2016-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`
  );
}
