import path from "node:path";
import type { Db } from "../db/client";
import { ensureSource } from "../db/sources";
import { openAwsImport } from "../providers/aws/file-import";
import { ingest, type IngestResult } from "./ingest";
import { assertAccountHolder } from "./source-account";

export interface ImportAwsInput {
  /** Path of the `get-account-authorization-details` JSON (CLI or raw API shape). */
  gaadFile: string;
  /** Optional credential report CSV to merge into users. */
  credentialReportFile?: string | null;
  /** Optional `aws iam get-account-password-policy` JSON. */
  passwordPolicyFile?: string | null;
  /** Source to import into (created when missing); default `aws-<account id>`, else the file name. */
  sourceName?: string | null;
  signal?: AbortSignal;
  onStart?: (snapshotId: string) => void;
}

export interface ImportAwsResult extends IngestResult {
  sourceId: string;
  sourceName: string;
}

/** The source name an import uses when none is given. */
export function defaultAwsSourceName(accountId: string | null, file: string): string {
  return accountId ? `aws-${accountId}` : path.basename(file).replace(/\.[^.]+$/, "");
}

/**
 * Imports AWS export files as a new snapshot of a source. The files are read and validated completely before the
 * source or snapshot is touched, so a bad file changes nothing. Importing again adds a new snapshot. An account that
 * another source already holds is refused, naming that source (source-account.ts).
 */
export async function importAws(db: Db, input: ImportAwsInput): Promise<ImportAwsResult> {
  const opened = await openAwsImport({
    gaadFile: input.gaadFile,
    credentialReportFile: input.credentialReportFile,
    passwordPolicyFile: input.passwordPolicyFile,
  });
  const name = input.sourceName?.trim() || defaultAwsSourceName(opened.accountId, input.gaadFile);
  if (opened.accountId) await assertAccountHolder(db, "aws", opened.accountId, name);
  const source = await ensureSource(db, {
    kind: "aws",
    name,
    settings: opened.accountId ? { accountId: opened.accountId } : {},
    ...(opened.accountId ? { externalId: opened.accountId } : {}),
  });
  const result = await ingest(db, opened.events(), {
    sourceId: source.id,
    origin: "file",
    provenance: { importedAt: new Date().toISOString() },
    signal: input.signal,
    onStart: input.onStart,
  });
  return { ...result, sourceId: source.id, sourceName: source.name };
}
