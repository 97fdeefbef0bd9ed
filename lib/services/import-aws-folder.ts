import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { listJsonFiles } from "../providers/entra/read-json";
import { type AwsImport, openAwsImport } from "../providers/aws/file-import";
import { isOrganizationFolder, openAwsOrgFolder } from "../providers/aws-org/import-files";
import { importAws, type ImportAwsResult } from "./import-aws";
import { type StoredOrganization, storeOrganization } from "./store-organization";

export interface ImportAwsFolderInput {
  /** A GAAD file, a folder holding one account's export, or an organisation export (see README). */
  path: string;
  sourceName?: string | null;
  signal?: AbortSignal;
}

export type ImportAwsFolderResult =
  | ({ kind: "account" } & ImportAwsResult)
  | ({ kind: "organization" } & StoredOrganization);

/**
 * `import aws <path>`: one account's files as before, or a whole organisation when the folder holds organisation
 * files (describe-organization and the rest). Every file is read and checked before anything is stored.
 */
export async function importAwsFolder(db: Db, input: ImportAwsFolderInput): Promise<ImportAwsFolderResult> {
  const stat = fs.statSync(input.path, { throwIfNoEntry: false });
  if (!stat) throw new AppError("NOT_FOUND", `${input.path}: no such file or folder`);
  if (stat.isFile())
    return { kind: "account", ...(await importAws(db, { gaadFile: input.path, sourceName: input.sourceName })) };
  if (!isOrganizationFolder(input.path)) {
    const json = listJsonFiles(input.path);
    if (json.length !== 1)
      throw new AppError(
        "BAD_INPUT",
        `${input.path}: expected one get-account-authorization-details JSON (found ${json.length} JSON files) or an organisation export with organization.json`,
      );
    const csv = fs.readdirSync(input.path).find((f) => f.toLowerCase().endsWith(".csv"));
    return {
      kind: "account",
      ...(await importAws(db, {
        gaadFile: json[0]!,
        credentialReportFile: csv ? path.join(input.path, csv) : null,
        sourceName: input.sourceName,
      })),
    };
  }
  const folder = openAwsOrgFolder(input.path);
  // Each member's IAM files are read and checked now, before anything is stored (a bad one stops the import).
  const opened = new Map<string, AwsImport>();
  for (const m of folder.members.values())
    if (m.gaadFile)
      opened.set(
        m.accountId,
        await openAwsImport({ gaadFile: m.gaadFile, credentialReportFile: m.credentialReportFile }),
      );
  const known = new Set(folder.accounts.map((a) => a.account.Id!));
  const strays = [...folder.members.keys()].filter((id) => !known.has(id));
  if (strays.length)
    throw new AppError(
      "BAD_INPUT",
      `${input.path}: member folders for accounts not in the organisation: ${strays.join(", ")}`,
    );
  return {
    kind: "organization",
    ...(await storeOrganization(db, {
      origin: "file",
      organizationId: folder.organizationId,
      managementAccountId: folder.managementAccountId,
      sourceName: input.sourceName,
      settings: {},
      provenance: { importedAt: new Date().toISOString() },
      signal: input.signal,
      members: folder.accounts.map(({ account }) => ({
        accountId: account.Id!,
        name: account.Name ?? account.Id!,
        state: account.State ?? account.Status ?? null,
      })),
      memberConcurrency: 2,
      readMember: async (m) => {
        const files = folder.members.get(m.accountId);
        const read = opened.get(m.accountId);
        if (read) return { ok: true, events: read.events() };
        return { ok: false, reason: files?.notCollected ?? "no IAM export in the folder" };
      },
      orgEvents: () => folder.events(),
    })),
  };
}
