import { AwsJsonError } from "./json-protocol";
import type { CallContext, JsonService } from "./json-service";

/**
 * The errors SSO Admin and Identity Store share (both model ThrottlingException, InternalServerException,
 * AccessDeniedException, ValidationException and ResourceNotFoundException with a Message).
 */
export function identityCenterErrors(service: string): JsonService["errors"] {
  return {
    invalid: (m: string) => new AwsJsonError(400, "ValidationException", m),
    badToken: () => new AwsJsonError(400, "ValidationException", "The NextToken is invalid or has expired."),
    throttled: () => new AwsJsonError(400, "ThrottlingException", "Rate exceeded"),
    failed: () => new AwsJsonError(500, "InternalServerException", "An unexpected error occurred. Try again."),
    denied: (op: string, ctx: CallContext) =>
      new AwsJsonError(
        400,
        "AccessDeniedException",
        `User: arn:aws:iam::${ctx.accountId}:user/crosswalk-reader is not authorized to perform: ${service}:${op}`,
      ),
    unknownOperation: (op: string) =>
      new AwsJsonError(400, "UnknownOperationException", `Operation ${op} is not supported by this fake.`),
  };
}

export function notFound(message: string, extra: Record<string, unknown> = {}): AwsJsonError {
  return new AwsJsonError(400, "ResourceNotFoundException", message, extra);
}
