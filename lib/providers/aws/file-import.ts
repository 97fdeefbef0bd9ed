import fs from "node:fs/promises";
import path from "node:path";
import type { ConnectorEvent, PasswordPolicy } from "../../model";
import { AppError } from "../../errors";
import { checkJsonLimits } from "../json-limits";
import { parseCredentialReport, type CredentialReport } from "./credential-report";
import { AWS_DATASETS } from "./datasets";
import { credentialReportEvents, gaadEvents, passwordPolicyEvents } from "./events";
import { normalizePasswordPolicy } from "./password-policy";
import { GAAD_LISTS, ZGaadSchema, type Gaad } from "./gaad-schema";
import { accountOfArn } from "./trust";

/** Files larger than this are refused before they are read (a GAAD of 100k users is ~60 MB). */
export const MAX_IMPORT_BYTES = 128 * 1024 * 1024;

/** GAAD items per normalized page when reading a file. */
const FILE_PAGE_ITEMS = 500;

/** The kinds of AWS export a file can hold. */
export type AwsFileKind = "gaad-cli" | "gaad-raw" | "credential-report" | "password-policy";

export type DetectedAwsFile =
  | { kind: "gaad-cli" | "gaad-raw"; gaad: Gaad }
  | { kind: "credential-report"; report: CredentialReport }
  | { kind: "password-policy"; policy: PasswordPolicy };

/** Bytes → text: UTF-8 (with or without BOM) or UTF-16 LE/BE with BOM, as Windows tools write. */
export function decodeText(buf: Uint8Array): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder("utf-16le").decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder("utf-16be").decode(buf.subarray(2));
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return new TextDecoder("utf-8").decode(buf.subarray(3));
  return new TextDecoder("utf-8").decode(buf);
}

/** Reads a file for import, refusing a missing, empty or too large one before reading it all. */
export async function readImportFile(file: string, maxBytes = MAX_IMPORT_BYTES): Promise<string> {
  const label = path.basename(file);
  let size: number;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new AppError("BAD_INPUT", `${label} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("NOT_FOUND", `Cannot read ${file}: no such file`);
  }
  if (size > maxBytes) {
    throw new AppError(
      "TOO_LARGE",
      `${label} is ${(size / 1048576).toFixed(0)} MB; the import limit is ${(maxBytes / 1048576).toFixed(0)} MB`,
    );
  }
  return decodeText(await fs.readFile(file));
}

function hasStringDocument(g: Gaad): boolean {
  const docs = [
    ...g.UserDetailList.flatMap((u) => u.UserPolicyList.map((p) => p.PolicyDocument)),
    ...g.GroupDetailList.flatMap((x) => x.GroupPolicyList.map((p) => p.PolicyDocument)),
    ...g.RoleDetailList.flatMap((r) => [r.AssumeRolePolicyDocument, ...r.RolePolicyList.map((p) => p.PolicyDocument)]),
    ...g.Policies.flatMap((p) => p.PolicyVersionList.map((v) => v.Document)),
  ];
  return docs.some((d) => typeof d === "string");
}

function wrongKind(label: string, v: unknown): AppError {
  if (v && typeof v === "object" && !Array.isArray(v) && Array.isArray((v as Record<string, unknown>).value)) {
    return new AppError(
      "BAD_INPUT",
      `${label} looks like a Microsoft Graph response ({"value": [...]}), not AWS authorization details; use "import entra" for Entra files`,
    );
  }
  const keys =
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.keys(v).slice(0, 5).join(", ")
      : Array.isArray(v)
        ? "a JSON array"
        : typeof v;
  return new AppError(
    "BAD_INPUT",
    `${label} is JSON but not ${AWS_DATASETS.authorizationDetails.file.format}: expected ${GAAD_LISTS.join(", ")} at the top level (found ${keys || "nothing"})`,
  );
}

/** Merges saved pages (an array of GAAD responses) into one. */
function mergePages(pages: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  for (const k of GAAD_LISTS) out[k] = pages.flatMap((p) => (Array.isArray(p[k]) ? (p[k] as unknown[]) : []));
  return out;
}

/**
 * Recognises an AWS export: GAAD as the CLI prints it (decoded documents), GAAD in the raw API shape (URL-encoded
 * documents; also an array of saved pages), a credential report CSV, or `aws iam get-account-password-policy` JSON. Anything else is one clear BAD_INPUT.
 */
export function detectAwsFile(text: string, label: string): DetectedAwsFile {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new AppError("BAD_INPUT", `${label} is empty`);
  if (trimmed[0] !== "{" && trimmed[0] !== "[") {
    if (AWS_DATASETS.credentialReport.file.recognise(trimmed, undefined))
      return { kind: "credential-report", report: parseCredentialReport(trimmed) };
    throw new AppError("BAD_INPUT", `${label} is neither JSON nor an IAM credential report CSV`);
  }
  checkJsonLimits(trimmed, label);
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/end of (JSON )?input|Unterminated/i.test(msg))
      throw new AppError("BAD_INPUT", `${label} is truncated: the JSON ends early`);
    throw new AppError("BAD_INPUT", `${label} is not valid JSON (${msg})`);
  }
  if (AWS_DATASETS.passwordPolicy.file.recognise(trimmed, value))
    return {
      kind: "password-policy",
      policy: normalizePasswordPolicy((value as { PasswordPolicy: unknown }).PasswordPolicy),
    };
  if (!AWS_DATASETS.authorizationDetails.file.recognise(trimmed, value)) throw wrongKind(label, value);
  if (Array.isArray(value)) value = mergePages(value as Record<string, unknown>[]);
  const parsed = ZGaadSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "");
    throw new AppError("BAD_INPUT", `${label}: ${where}: ${issue.message}`);
  }
  return { kind: hasStringDocument(parsed.data) ? "gaad-raw" : "gaad-cli", gaad: parsed.data };
}

/** Slices a whole-account GAAD into pages of `size` items in IAM's order (users, groups, roles, policies). */
export function* slicePages(g: Gaad, size = FILE_PAGE_ITEMS): Generator<Gaad> {
  for (const key of GAAD_LISTS) {
    const rows = g[key] as unknown[];
    for (let i = 0; i < rows.length; i += size) {
      const page: Gaad = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
      (page[key] as unknown[]) = rows.slice(i, i + size);
      yield page;
    }
  }
}

/** An import, opened and validated: nothing is stored until `events()` is consumed by ingest. */
export interface AwsImport {
  kind: "gaad-cli" | "gaad-raw";
  accountId: string | null;
  counts: { users: number; groups: number; roles: number; policies: number };
  hasCredentialReport: boolean;
  events: () => AsyncGenerator<ConnectorEvent>;
}

/**
 * Opens a GAAD file (and optionally a credential report CSV), validating both completely before anything is
 * stored, so that a bad file leaves the database as it was.
 */
export async function openAwsImport(input: {
  gaadFile: string;
  credentialReportFile?: string | null;
  /** `aws iam get-account-password-policy` output; absent → the password policy is not collected. */
  passwordPolicyFile?: string | null;
  maxBytes?: number;
}): Promise<AwsImport> {
  const label = path.basename(input.gaadFile);
  const detected = detectAwsFile(await readImportFile(input.gaadFile, input.maxBytes), label);
  if (detected.kind === "credential-report" || detected.kind === "password-policy") {
    const [what, flag] =
      detected.kind === "credential-report"
        ? ["a credential report", "--credential-report"]
        : ["an account password policy", "--password-policy"];
    throw new AppError(
      "BAD_INPUT",
      `${label} is ${what}; import the authorization details JSON and pass this file with ${flag}`,
    );
  }
  let report: CredentialReport | null = null;
  if (input.credentialReportFile) {
    const crLabel = path.basename(input.credentialReportFile);
    const cr = detectAwsFile(await readImportFile(input.credentialReportFile, input.maxBytes), crLabel);
    if (cr.kind !== "credential-report")
      throw new AppError("BAD_INPUT", `${crLabel} is not an IAM credential report CSV`);
    report = cr.report;
  }
  let policy: PasswordPolicy | null = null;
  if (input.passwordPolicyFile) {
    const ppLabel = path.basename(input.passwordPolicyFile);
    const pp = detectAwsFile(await readImportFile(input.passwordPolicyFile, input.maxBytes), ppLabel);
    if (pp.kind !== "password-policy")
      throw new AppError("BAD_INPUT", `${ppLabel} is not ${AWS_DATASETS.passwordPolicy.file.format}`);
    policy = pp.policy;
  }
  const g = detected.gaad;
  const first = g.UserDetailList[0]?.Arn ?? g.RoleDetailList[0]?.Arn ?? g.GroupDetailList[0]?.Arn ?? null;
  const counts = {
    users: g.UserDetailList.length,
    groups: g.GroupDetailList.length,
    roles: g.RoleDetailList.length,
    policies: g.Policies.length,
  };
  const accountId = first ? accountOfArn(first) : null;
  return {
    kind: detected.kind,
    accountId,
    counts,
    hasCredentialReport: report !== null,
    async *events() {
      yield {
        type: "provenance",
        data: {
          format: detected.kind,
          files: [
            path.basename(input.gaadFile),
            ...(input.credentialReportFile ? [path.basename(input.credentialReportFile)] : []),
            ...(input.passwordPolicyFile ? [path.basename(input.passwordPolicyFile)] : []),
          ],
        },
      };
      yield* passwordPolicyEvents(
        policy
          ? { ok: true, policy }
          : {
              ok: false,
              reason: "not provided: import with --password-policy <json> (aws iam get-account-password-policy)",
            },
      );
      yield* credentialReportEvents(
        report,
        "not provided: import with --credential-report <csv> to include passwords, MFA and access keys",
      );
      const total = counts.users + counts.groups + counts.roles + counts.policies;
      yield* gaadEvents(slicePages(g), { accountId, credentialReport: report, total });
    },
  };
}
