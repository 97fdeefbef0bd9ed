/**
 * The one error type of Crosswalk. Codes map to HTTP statuses and CLI exit codes at the edge; `message` is safe to
 * show to a user (never include a secret in it).
 */
export type ErrorCode =
  | "BAD_INPUT" // malformed file, wrong format, invalid argument
  | "NOT_FOUND"
  | "UNAUTHORIZED"
  | "FORBIDDEN" // the cloud refused (missing permission), or the account's role may not do this
  | "CONFLICT"
  | "TOO_LARGE"
  | "READ_ONLY_VIOLATION" // an attempt to call a non-read cloud API
  | "UPSTREAM" // the cloud or network failed
  | "THROTTLED"
  | "CONFIG" // missing or malformed settings
  | "INTERNAL";

const HTTP: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  TOO_LARGE: 413,
  READ_ONLY_VIOLATION: 500,
  UPSTREAM: 502,
  THROTTLED: 503,
  CONFIG: 500,
  INTERNAL: 500,
};

const EXIT: Record<ErrorCode, number> = {
  BAD_INPUT: 2,
  NOT_FOUND: 3,
  UNAUTHORIZED: 4,
  FORBIDDEN: 4,
  CONFLICT: 5,
  TOO_LARGE: 2,
  READ_ONLY_VIOLATION: 70,
  UPSTREAM: 6,
  THROTTLED: 6,
  CONFIG: 78,
  INTERNAL: 1,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options?.details;
  }

  get httpStatus(): number {
    return HTTP[this.code];
  }

  get exitCode(): number {
    return EXIT[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new AppError("INTERNAL", message, { cause: e });
}
