import Papa from "papaparse";
import type { Credential } from "../../model";
import { AppError } from "../../errors";

/**
 * The IAM credential report (CSV), columns as documented in the IAM User Guide ("Getting credential reports"):
 * user, arn, user_creation_time, password_enabled, password_last_used, password_last_changed, password_next_rotation,
 * mfa_active, access_key_{1,2}_active, access_key_{1,2}_last_rotated, access_key_{1,2}_last_used_date,
 * access_key_{1,2}_last_used_region, access_key_{1,2}_last_used_service, cert_{1,2}_active, cert_{1,2}_last_rotated.
 * Sentinels: TRUE/FALSE, N/A, no_information (password never used / no data), not_supported (root password fields).
 */
export const CREDENTIAL_REPORT_COLUMNS = [
  "user",
  "arn",
  "password_enabled",
  "password_last_used",
  "mfa_active",
] as const;

/** The root user's row is named this way in the report. */
export const ROOT_ROW = "<root_account>";

/** What the credential report says about one user, in model terms. null = the report does not say. */
export interface CredentialFacts {
  user: string;
  arn: string;
  createdAt: string | null;
  /** null for the root row (`not_supported`). */
  consolePassword: boolean | null;
  passwordLastUsedAt: string | null;
  /** true when the report says the password was never used (`no_information` / `N/A`). */
  passwordNeverUsed: boolean;
  passwordLastChangedAt: string | null;
  mfaActive: boolean | null;
  credentials: Credential[];
  /** The latest of password and access-key last use; null when neither was ever used (or is unknown). */
  lastActivityAt: string | null;
}

export interface CredentialReport {
  users: Map<string, CredentialFacts>;
  byName: Map<string, CredentialFacts>;
  root: CredentialFacts | null;
  generatedAt: string | null;
}

function bool(v: string | undefined): boolean | null {
  if (v === "TRUE" || v === "true") return true;
  if (v === "FALSE" || v === "false") return false;
  return null;
}

/** A timestamp cell, or null for N/A, no_information, not_supported, empty. */
function date(v: string | undefined): string | null {
  if (!v || !/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function latest(...dates: (string | null)[]): string | null {
  let best: string | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

function keyOf(row: Record<string, string>, n: 1 | 2): Credential | null {
  const active = bool(row[`access_key_${n}_active`]);
  const rotated = date(row[`access_key_${n}_last_rotated`]);
  if (!active && !rotated) return null;
  const usedCell = row[`access_key_${n}_last_used_date`];
  const lastUsedAt = date(usedCell);
  const cred: Credential = {
    id: `access_key_${n}`,
    type: "accessKey",
    active: active === true,
    createdAt: rotated,
    lastUsedAt,
  };
  // NOTE: "N/A" in last_used_date means the key was never used; any other non-date means we cannot tell.
  if (usedCell === "N/A") cred.neverUsed = true;
  else if (lastUsedAt) cred.neverUsed = false;
  return cred;
}

function certOf(row: Record<string, string>, n: 1 | 2): Credential | null {
  const active = bool(row[`cert_${n}_active`]);
  const rotated = date(row[`cert_${n}_last_rotated`]);
  if (!active && !rotated) return null;
  return { id: `cert_${n}`, type: "certificate", active: active === true, createdAt: rotated, lastUsedAt: null };
}

function factsOf(row: Record<string, string>): CredentialFacts {
  const credentials = [keyOf(row, 1), keyOf(row, 2), certOf(row, 1), certOf(row, 2)].filter(
    (c): c is Credential => c !== null,
  );
  const pwUsed = row.password_last_used;
  const passwordLastUsedAt = date(pwUsed);
  return {
    user: row.user ?? "",
    arn: row.arn ?? "",
    createdAt: date(row.user_creation_time),
    consolePassword: bool(row.password_enabled),
    passwordLastUsedAt,
    passwordNeverUsed: pwUsed === "no_information" || pwUsed === "N/A",
    passwordLastChangedAt: date(row.password_last_changed),
    mfaActive: bool(row.mfa_active),
    credentials,
    lastActivityAt: latest(passwordLastUsedAt, ...credentials.map((c) => c.lastUsedAt)),
  };
}

/** True when a text starts like a credential report (its header line). */
export function looksLikeCredentialReport(text: string): boolean {
  const first = text.slice(0, 400).split(/\r?\n/, 1)[0] ?? "";
  const cols = first.split(",").map((c) => c.trim());
  return CREDENTIAL_REPORT_COLUMNS.every((c) => cols.includes(c));
}

/** Parses a credential report CSV (BOM already stripped). Throws BAD_INPUT when it is not one. */
export function parseCredentialReport(text: string, generatedAt: string | null = null): CredentialReport {
  if (!looksLikeCredentialReport(text)) {
    throw new AppError(
      "BAD_INPUT",
      `Not an IAM credential report: the first line must be the CSV header with ${CREDENTIAL_REPORT_COLUMNS.join(", ")}`,
    );
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const fatal = parsed.errors.find((e) => e.type !== "FieldMismatch" || e.code !== "TooFewFields");
  if (fatal) throw new AppError("BAD_INPUT", `Credential report row ${(fatal.row ?? 0) + 2}: ${fatal.message}`);
  const users = new Map<string, CredentialFacts>();
  const byName = new Map<string, CredentialFacts>();
  let root: CredentialFacts | null = null;
  for (const row of parsed.data) {
    const facts = factsOf(row);
    if (facts.user === ROOT_ROW) {
      root = facts;
      continue;
    }
    if (!facts.user) continue;
    users.set(facts.arn, facts);
    byName.set(facts.user, facts);
  }
  return { users, byName, root, generatedAt };
}

/** The report's facts for a user, by ARN (names can repeat across paths only in theory; ARNs cannot). */
export function factsFor(report: CredentialReport, arn: string, name: string): CredentialFacts | null {
  return report.users.get(arn) ?? report.byName.get(name) ?? null;
}
