import { AppError, type ErrorCode } from "../../../errors";

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess"]);
const AUTH = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "MissingAuthenticationToken",
]);
const THROTTLE = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);

/** The AWS error code (`name` on SDK v3 errors), or null for non-AWS errors. */
export function awsErrorCode(e: unknown): string | null {
  if (!e || typeof e !== "object") return null;
  const err = e as { name?: string; Code?: string; $metadata?: unknown };
  return err.$metadata !== undefined || err.Code ? (err.Code ?? err.name ?? null) : null;
}

export function isAccessDenied(e: unknown): boolean {
  return DENIED.has(awsErrorCode(e) ?? "");
}

/** Turns what the SDK throws into one clear AppError (credentials, permission, throttling, network, endpoint). */
export function toAwsAppError(e: unknown, what: string, endpoint: string): AppError {
  if (e instanceof AppError) return e;
  const err = e as { name?: string; message?: string; code?: string };
  const code = awsErrorCode(e);
  const msg = err?.message ?? String(e);
  let c: ErrorCode = "UPSTREAM";
  let text = `${what} failed: ${code ? `${code}: ` : ""}${msg}`;
  if (err?.name === "CredentialsProviderError" || /Could not load credentials|credential/i.test(err?.name ?? "")) {
    c = "CONFIG";
    text = `No AWS credentials: ${msg} (use --profile, environment variables or an SSO login)`;
  } else if (code && DENIED.has(code)) {
    c = "FORBIDDEN";
    text = `${what} was denied: ${msg}`;
  } else if (code && AUTH.has(code)) {
    c = "UNAUTHORIZED";
    text = `AWS refused the credentials (${code}): ${msg}`;
  } else if (code && THROTTLE.has(code)) {
    c = "THROTTLED";
    text = `${what} was throttled by IAM even after retries with backoff; try again later`;
  } else if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up/.test(`${err?.code ?? ""} ${msg}`)) {
    text = `Cannot reach the IAM endpoint ${endpoint}: ${msg}`;
  } else if (err?.name === "AbortError") {
    c = "CONFLICT";
    text = "Cancelled";
  }
  return new AppError(c, text, { cause: e });
}
