import type { PasswordPolicy } from "../../model";
import { AppError } from "../../errors";

/**
 * The account password policy as IAM returns it (GetAccountPasswordPolicy, and `aws iam
 * get-account-password-policy`, which prints `{"PasswordPolicy": {...}}`):
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html and
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PasswordPolicy.html. MinimumPasswordLength,
 * MaxPasswordAge, PasswordReusePrevention and HardExpiry are left out when not set.
 */
export interface RawPasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether parsed JSON is the CLI's `get-account-password-policy` output: one top-level PasswordPolicy object. */
export function isPasswordPolicyJson(json: unknown): boolean {
  return isObject(json) && isObject(json.PasswordPolicy) && Object.keys(json).length === 1;
}

function int(raw: Record<string, unknown>, key: string): number | null {
  const v = raw[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw new AppError("BAD_INPUT", `PasswordPolicy.${key} is not a whole number (${JSON.stringify(v)})`);
  return v;
}

function bool(raw: Record<string, unknown>, key: string): boolean {
  const v = raw[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean")
    throw new AppError("BAD_INPUT", `PasswordPolicy.${key} is not true/false (${JSON.stringify(v)})`);
  return v;
}

/** Normalises one PasswordPolicy object (the API's shape) into the model's; a malformed field is BAD_INPUT. */
export function normalizePasswordPolicy(raw: unknown): PasswordPolicy {
  if (!isObject(raw)) throw new AppError("BAD_INPUT", "PasswordPolicy is not an object");
  return {
    minimumPasswordLength: int(raw, "MinimumPasswordLength"),
    requireSymbols: bool(raw, "RequireSymbols"),
    requireNumbers: bool(raw, "RequireNumbers"),
    requireUppercaseCharacters: bool(raw, "RequireUppercaseCharacters"),
    requireLowercaseCharacters: bool(raw, "RequireLowercaseCharacters"),
    allowUsersToChangePassword: bool(raw, "AllowUsersToChangePassword"),
    expirePasswords: bool(raw, "ExpirePasswords"),
    maxPasswordAge: int(raw, "MaxPasswordAge"),
    passwordReusePrevention: int(raw, "PasswordReusePrevention"),
    hardExpiry: bool(raw, "HardExpiry"),
  };
}
