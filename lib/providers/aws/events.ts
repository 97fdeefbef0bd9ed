import type { ConnectorEvent, ModelBatchInput, PasswordPolicy } from "../../model";
import type { CredentialReport } from "./credential-report";
import { AWS_DATASETS } from "./datasets";
import type { Gaad } from "./gaad-schema";
import { GaadNormalizer } from "./normalize";

/** Rows per yielded batch (per list): what the store writes in one go; bounds memory. */
export const BATCH_ROWS = 1000;

type Lists = Required<Pick<ModelBatchInput, "principals" | "permissionSets" | "assignments" | "memberships">>;

/** Splits a batch so that no list holds more than `max` rows. */
export function* splitBatch(batch: Partial<Lists>, max = BATCH_ROWS): Generator<ModelBatchInput> {
  const keys = ["principals", "permissionSets", "assignments", "memberships"] as const;
  const longest = Math.max(0, ...keys.map((k) => batch[k]?.length ?? 0));
  for (let i = 0; i < longest; i += max) {
    const part: ModelBatchInput = {};
    for (const k of keys) {
      const rows = batch[k]?.slice(i, i + max);
      if (rows && rows.length > 0) (part as Record<string, unknown>)[k] = rows;
    }
    yield part;
  }
}

export interface GaadEventsOptions {
  accountId?: string | null;
  credentialReport?: CredentialReport | null;
  /** Total items, when known up front (files), for progress. */
  total?: number | null;
}

/**
 * The one pipeline from GAAD pages (file slices or API pages) to ConnectorEvents: normalizes each page as it
 * comes, yields it in batches of ≤ BATCH_ROWS rows, and resolves group memberships at the end.
 */
export async function* gaadEvents(
  pages: AsyncIterable<Gaad> | Iterable<Gaad>,
  options: GaadEventsOptions = {},
): AsyncGenerator<ConnectorEvent> {
  const normalizer = new GaadNormalizer({ accountId: options.accountId, credentialReport: options.credentialReport });
  const counts = { users: 0, groups: 0, roles: 0, policies: 0 };
  let done = 0;
  for await (const page of pages) {
    const out = normalizer.page(page);
    for (const batch of splitBatch(out)) yield { type: "batch", batch };
    counts.users += page.UserDetailList.length;
    counts.groups += page.GroupDetailList.length;
    counts.roles += page.RoleDetailList.length;
    counts.policies += page.Policies.length;
    done +=
      page.UserDetailList.length + page.GroupDetailList.length + page.RoleDetailList.length + page.Policies.length;
    yield { type: "progress", phase: "Reading authorization details", done, total: options.total ?? null };
  }
  const { memberships, unresolvedGroups } = normalizer.finish(BATCH_ROWS);
  for (const page of memberships) yield { type: "batch", batch: { memberships: page } };
  yield {
    type: "dataset",
    name: AWS_DATASETS.authorizationDetails.name,
    status: { collected: true, count: counts.users + counts.groups + counts.roles + counts.policies },
  };
  yield {
    type: "provenance",
    data: {
      accountId: normalizer.accountId,
      gaadCounts: counts,
      ...(unresolvedGroups.length > 0 ? { unresolvedGroups } : {}),
    },
  };
}

/** Dataset status (and the root user's facts) for a credential report that was, or was not, collected. */
export function* credentialReportEvents(
  report: CredentialReport | null,
  reasonIfMissing: string,
): Generator<ConnectorEvent> {
  const { name, permission } = AWS_DATASETS.credentialReport;
  if (!report) {
    yield { type: "dataset", name, status: { collected: false, reason: reasonIfMissing, permission } };
    return;
  }
  yield { type: "dataset", name, status: { collected: true, count: report.users.size } };
  const root = report.root;
  yield {
    type: "provenance",
    data: {
      credentialReportGeneratedAt: report.generatedAt,
      // The root user is not an IAM user (GAAD does not list it); its MFA and keys matter for audits.
      rootAccount: root
        ? {
            arn: root.arn,
            mfaActive: root.mfaActive,
            passwordLastUsedAt: root.passwordLastUsedAt,
            accessKeys: root.credentials.filter((c) => c.type === "accessKey"),
            lastActivityAt: root.lastActivityAt,
          }
        : null,
    },
  };
}

/**
 * Dataset status and provenance for the account password policy: a policy, null (collected: the account has none,
 * IAM answered NoSuchEntity), or not collected with the reason.
 */
export function* passwordPolicyEvents(
  result: { ok: true; policy: PasswordPolicy | null } | { ok: false; reason: string },
): Generator<ConnectorEvent> {
  const { name, permission } = AWS_DATASETS.passwordPolicy;
  if (!result.ok) {
    yield { type: "dataset", name, status: { collected: false, reason: result.reason, permission } };
    return;
  }
  yield { type: "dataset", name, status: { collected: true, count: result.policy ? 1 : 0 } };
  yield { type: "provenance", data: { passwordPolicy: result.policy } };
}
