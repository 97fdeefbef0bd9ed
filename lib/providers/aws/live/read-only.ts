import type { IAMClient } from "@aws-sdk/client-iam";
import { AppError } from "../../../errors";

/**
 * The only IAM commands Crosswalk may send. Everything else — CreateUser, DeleteRole, PutRolePolicy, even reads it
 * does not use — is refused before the request is built, so no write can ever reach AWS.
 */
export const ALLOWED_IAM_COMMANDS: ReadonlySet<string> = new Set([
  "GetAccountAuthorizationDetailsCommand",
  "GenerateCredentialReportCommand",
  "GetCredentialReportCommand",
  "GetAccountSummaryCommand",
  "GetAccountPasswordPolicyCommand",
  "ListAccountAliasesCommand",
]);

/** The IAM actions those commands need: the minimal read-only policy (README documents it). */
export const REQUIRED_IAM_ACTIONS = [
  "iam:GetAccountAuthorizationDetails",
  "iam:GenerateCredentialReport",
  "iam:GetCredentialReport",
  "iam:GetAccountSummary",
  "iam:GetAccountPasswordPolicy",
  "iam:ListAccountAliases",
] as const;

/**
 * Installs the allowlist on a client as the first `initialize` middleware: it runs before serialization, signing
 * and any HTTP, and throws READ_ONLY_VIOLATION for a command that is not on the list.
 */
export function enforceReadOnly(client: IAMClient): IAMClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? "";
      if (!ALLOWED_IAM_COMMANDS.has(name)) {
        throw new AppError(
          "READ_ONLY_VIOLATION",
          `Refused to send ${name || "an unnamed command"}: Crosswalk only reads IAM`,
        );
      }
      return next(args);
    },
    { step: "initialize", priority: "high", name: "crosswalkReadOnlyAllowlist", override: true },
  );
  return client;
}
