import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListAccountAliasesCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
} from "@aws-sdk/client-iam";
import type { AwsDatasetName, ConnectorEvent, PasswordPolicy } from "../../../model";
import { AppError } from "../../../errors";
import { parseCredentialReport, type CredentialReport } from "../credential-report";
import { AWS_DATASETS } from "../datasets";
import { credentialReportEvents, gaadEvents, passwordPolicyEvents } from "../events";
import { normalizePasswordPolicy } from "../password-policy";
import { ZGaadSchema, type Gaad } from "../gaad-schema";
import { accountOfArn } from "../trust";
import { createReadOnlyIamClient, effectiveEndpoint, type AwsConnection } from "./client";
import { awsErrorCode, isAccessDenied, toAwsAppError } from "./errors";
import { enforceReadOnly } from "./read-only";

/** GAAD page size: the API maximum. */
export const GAAD_MAX_ITEMS = 1000;
// Errors that concern one optional dataset only (service-2.json: GenerateCredentialReport / GetCredentialReport).
const DATASET_LEVEL_ERRORS = new Set([
  "LimitExceeded",
  "ReportExpired",
  "ReportNotPresent",
  "ReportInProgress",
  "ServiceFailure",
]);
const FILTERS = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"] as const;

export interface ReadOptions {
  signal?: AbortSignal;
  /** Upper bound for waiting on credential report generation. */
  credentialReportTimeoutMs?: number;
  /** First poll interval (doubles up to 5 s). */
  credentialReportPollMs?: number;
  /** Tests: use this client instead of building one (the read-only allowlist is installed on it all the same). */
  client?: IAMClient;
}

type Optional<T> = { ok: true; value: T } | { ok: false; reason: string };

/** An account opened for reading: identity known (for the source name), data streamed by `events()`. */
export interface AwsAccountReader {
  accountId: string | null;
  alias: string | null;
  endpoint: string;
  events: () => AsyncGenerator<ConnectorEvent>;
  /** HTTP requests per command made so far (attempts, retries included). */
  requests: Record<string, number>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(new AppError("CONFLICT", "Cancelled"));
      },
      { once: true },
    );
  });

/**
 * Opens an AWS account read-only: account alias and summary (optional datasets), the credential report
 * (generate → poll, bounded → get; optional), then GAAD with every filter, MaxItems 1000, following Marker while
 * IsTruncated (short pages happen). A missing permission on an optional dataset makes it "not collected" with the
 * iam: action to grant; GAAD itself denied fails the sync with a clear message.
 */
export async function openAwsAccount(connection: AwsConnection, options: ReadOptions = {}): Promise<AwsAccountReader> {
  // An injected client gets the allowlist too (installing it twice replaces it: same name, override).
  const client = options.client ? enforceReadOnly(options.client) : createReadOnlyIamClient(connection);
  const endpoint = effectiveEndpoint(connection);
  const requests: Record<string, number> = {};
  const signal = options.signal;

  async function send<T>(command: { constructor: { name: string } }, _what: string): Promise<T> {
    const name = command.constructor.name.replace(/Command$/, "");
    try {
      const out = (await client.send(command as never, { abortSignal: signal })) as T & {
        $metadata?: { attempts?: number };
      };
      requests[name] = (requests[name] ?? 0) + (out.$metadata?.attempts ?? 1);
      return out;
    } catch (e) {
      const attempts = (e as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1;
      requests[name] = (requests[name] ?? 0) + attempts;
      throw e;
    }
  }

  // Optional datasets degrade to "not collected" on a refusal that concerns only them (permission, report
  // limits, our own bounded wait); anything else (credentials, network, cancel) fails the sync as GAAD would.
  async function optional<T>(dataset: AwsDatasetName, run: () => Promise<T>): Promise<Optional<T>> {
    try {
      return { ok: true, value: await run() };
    } catch (e) {
      if (isAccessDenied(e)) return { ok: false, reason: `access denied (grant ${AWS_DATASETS[dataset].permission})` };
      const code = awsErrorCode(e);
      if (code && DATASET_LEVEL_ERRORS.has(code)) return { ok: false, reason: `${code}: ${(e as Error).message}` };
      if (e instanceof AppError && e.code === "UPSTREAM") return { ok: false, reason: e.message };
      throw toAwsAppError(e, dataset, endpoint);
    }
  }

  const aliasR = await optional("accountAlias", async () => {
    const r = await send<{ AccountAliases?: string[] }>(new ListAccountAliasesCommand({}), "ListAccountAliases");
    return r.AccountAliases?.[0] ?? null;
  });
  const summaryR = await optional("accountSummary", async () => {
    const r = await send<{ SummaryMap?: Record<string, number> }>(
      new GetAccountSummaryCommand({}),
      "GetAccountSummary",
    );
    return r.SummaryMap ?? {};
  });
  // NoSuchEntity: the account has no password policy set — that is the answer (null), not "not collected".
  const policyR = await optional("passwordPolicy", async (): Promise<PasswordPolicy | null> => {
    try {
      const r = await send<{ PasswordPolicy?: unknown }>(
        new GetAccountPasswordPolicyCommand({}),
        "GetAccountPasswordPolicy",
      );
      return normalizePasswordPolicy(r.PasswordPolicy);
    } catch (e) {
      if (awsErrorCode(e) === "NoSuchEntity") return null;
      throw e;
    }
  });
  const reportR = await optional("credentialReport", () => fetchCredentialReport());

  async function fetchCredentialReport(): Promise<CredentialReport> {
    const deadline = Date.now() + (options.credentialReportTimeoutMs ?? 120_000);
    let wait = options.credentialReportPollMs ?? 500;
    for (;;) {
      const g = await send<{ State?: string }>(new GenerateCredentialReportCommand({}), "GenerateCredentialReport");
      if (g.State === "COMPLETE") break;
      if (Date.now() + wait > deadline)
        throw new AppError("UPSTREAM", "the credential report was still being generated when the wait ended");
      await sleep(wait, signal);
      wait = Math.min(wait * 2, 5000);
    }
    for (let i = 0; ; i++) {
      try {
        const r = await send<{ Content?: Uint8Array; GeneratedTime?: Date }>(
          new GetCredentialReportCommand({}),
          "GetCredentialReport",
        );
        // NOTE: Content is a blob: base64 on the wire, bytes (Uint8Array) from SDK v3.
        const text = new TextDecoder().decode(r.Content ?? new Uint8Array());
        return parseCredentialReport(
          text.replace(/^\uFEFF/, ""),
          r.GeneratedTime ? r.GeneratedTime.toISOString() : null,
        );
      } catch (e) {
        if (awsErrorCode(e) === "ReportInProgress" && i < 5 && Date.now() + wait < deadline) {
          await sleep(wait, signal);
          continue;
        }
        throw e;
      }
    }
  }

  async function page(marker: string | undefined): Promise<{ gaad: Gaad; next: string | undefined }> {
    let r: GetAccountAuthorizationDetailsCommandOutput;
    try {
      r = await send(
        new GetAccountAuthorizationDetailsCommand({ Filter: [...FILTERS], MaxItems: GAAD_MAX_ITEMS, Marker: marker }),
        "GetAccountAuthorizationDetails",
      );
    } catch (e) {
      const err = toAwsAppError(e, "Reading IAM (GetAccountAuthorizationDetails)", endpoint);
      if (err.code === "FORBIDDEN") {
        throw new AppError(
          "FORBIDDEN",
          `${err.message} — grant ${AWS_DATASETS.authorizationDetails.permission} (see the README's read-only policy)`,
          { cause: e },
        );
      }
      throw err;
    }
    const parsed = ZGaadSchema.safeParse(r);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError(
        "UPSTREAM",
        `IAM returned an unexpected GetAccountAuthorizationDetails page at ${issue.path.join(".")}: ${issue.message}`,
      );
    }
    if (r.IsTruncated && !r.Marker)
      throw new AppError("UPSTREAM", "IAM said the results are truncated but sent no Marker");
    if (r.IsTruncated && r.Marker === marker) throw new AppError("UPSTREAM", "IAM returned the same Marker twice");
    return { gaad: parsed.data, next: r.IsTruncated ? r.Marker : undefined };
  }

  const first = await page(undefined);
  const g0 = first.gaad;
  const someArn =
    g0.UserDetailList[0]?.Arn ??
    g0.RoleDetailList[0]?.Arn ??
    g0.GroupDetailList[0]?.Arn ??
    g0.Policies.find((p) => !p.Arn.includes(":iam::aws:"))?.Arn;
  const accountId = someArn ? accountOfArn(someArn) : null;
  const alias = aliasR.ok ? aliasR.value : null;

  async function* pages(): AsyncGenerator<Gaad> {
    yield first.gaad;
    let next = first.next;
    while (next) {
      const p = await page(next);
      yield p.gaad;
      next = p.next;
    }
  }

  return {
    accountId,
    alias,
    endpoint,
    requests,
    async *events() {
      yield {
        type: "provenance",
        data: {
          endpoint,
          accountId,
          accountAlias: alias,
          ...(connection.profile ? { profile: connection.profile } : {}),
          ...(connection.roleArn ? { roleArn: connection.roleArn } : {}),
          ...(summaryR.ok ? { accountSummary: summaryR.value } : {}),
        },
      };
      yield {
        type: "dataset",
        name: "accountAlias",
        status: aliasR.ok
          ? { collected: true, count: alias ? 1 : 0 }
          : { collected: false, reason: aliasR.reason, permission: AWS_DATASETS.accountAlias.permission },
      };
      yield {
        type: "dataset",
        name: "accountSummary",
        status: summaryR.ok
          ? { collected: true }
          : { collected: false, reason: summaryR.reason, permission: AWS_DATASETS.accountSummary.permission },
      };
      yield* passwordPolicyEvents(policyR.ok ? { ok: true, policy: policyR.value } : policyR);
      yield* credentialReportEvents(reportR.ok ? reportR.value : null, reportR.ok ? "" : reportR.reason);
      yield* gaadEvents(pages(), { accountId, credentialReport: reportR.ok ? reportR.value : null, total: null });
      yield { type: "provenance", data: { requests: { ...requests } } };
    },
  };
}
