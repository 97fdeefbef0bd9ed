import { describe, expect, it } from "vitest";
import { isPasswordPolicyJson, normalizePasswordPolicy } from "./password-policy";

// Shapes from the AWS docs: the GetAccountPasswordPolicy response example
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html) and the CLI example
// (https://docs.aws.amazon.com/cli/latest/reference/iam/get-account-password-policy.html).
const API_EXAMPLE = {
  AllowUsersToChangePassword: true,
  RequireUppercaseCharacters: true,
  RequireSymbols: true,
  ExpirePasswords: false,
  PasswordReusePrevention: 12,
  RequireLowercaseCharacters: true,
  MaxPasswordAge: 90,
  HardExpiry: false,
  RequireNumbers: true,
  MinimumPasswordLength: 12,
};
const CLI_EXAMPLE = {
  AllowUsersToChangePassword: false,
  RequireLowercaseCharacters: false,
  RequireUppercaseCharacters: false,
  MinimumPasswordLength: 8,
  RequireNumbers: true,
  RequireSymbols: true,
  ExpirePasswords: false,
};

describe("normalizePasswordPolicy", () => {
  it.each([
    [
      "API example",
      API_EXAMPLE,
      {
        minimumPasswordLength: 12,
        passwordReusePrevention: 12,
        maxPasswordAge: 90,
        requireSymbols: true,
        hardExpiry: false,
      },
    ],
    [
      "CLI example (reuse, max age and hard expiry left out)",
      CLI_EXAMPLE,
      { minimumPasswordLength: 8, passwordReusePrevention: null, maxPasswordAge: null, hardExpiry: false },
    ],
    ["empty policy", {}, { minimumPasswordLength: null, passwordReusePrevention: null, requireNumbers: false }],
  ])("%s", (_n, raw, expected) => {
    expect(normalizePasswordPolicy(raw)).toMatchObject(expected);
  });

  it.each([
    ["not an object", [], /not an object/],
    ["length as text", { MinimumPasswordLength: "14" }, /MinimumPasswordLength is not a whole number/],
    ["flag as text", { RequireSymbols: "true" }, /RequireSymbols is not true\/false/],
  ])("%s → BAD_INPUT", (_n, raw, msg) => {
    expect(() => normalizePasswordPolicy(raw)).toThrow(msg);
  });
});

describe("isPasswordPolicyJson", () => {
  it.each([
    ["CLI output", { PasswordPolicy: CLI_EXAMPLE }, true],
    ["bare policy", CLI_EXAMPLE, false],
    ["GAAD", { UserDetailList: [], PasswordPolicy: {} }, false],
    ["array", [{ PasswordPolicy: {} }], false],
  ])("%s → %s", (_n, json, expected) => {
    expect(isPasswordPolicyJson(json)).toBe(expected);
  });
});
