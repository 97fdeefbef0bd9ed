// ARM's error envelope ({"error": {"code", "message"}}) and the errors the fake answers, with ARM's codes and messages.

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: { code: string; message: string }[],
  ) {
    super(message);
  }

  reply(): Reply {
    return {
      status: this.status,
      headers: this.headers,
      body: { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } },
    };
  }
}

/** 403 for a caller without `action` at `scope`: what ARM answers for a scope the app has no role on, and for writes. */
export function authorizationFailed(callerObjectId: string, action: string, scope: string): ArmError {
  return new ArmError(
    403,
    "AuthorizationFailed",
    `The client '${callerObjectId}' with object id '${callerObjectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export const missingApiVersion = () =>
  new ArmError(
    400,
    "MissingApiVersionParameter",
    "The api-version query parameter (?api-version=) is required for all requests.",
  );

export function invalidApiVersion(version: string, type: string, supported: readonly string[]): ArmError {
  return new ArmError(
    400,
    "InvalidApiVersionParameter",
    `The api-version '${version}' is invalid. The supported versions for resource type '${type}' are '${supported.join(",")}'.`,
  );
}

export const badFilter = (filter: string) =>
  new ArmError(
    400,
    "BadRequest",
    `The filter '${filter}' is not supported. Supported: atScope(), principalId eq '{id}'.`,
  );

export const subscriptionNotFound = (id: string) =>
  new ArmError(404, "SubscriptionNotFound", `The subscription '${id}' could not be found.`);

export const resourceGroupNotFound = (name: string) =>
  new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);

export const notFound = (what: string) => new ArmError(404, "NotFound", `${what} was not found.`);

export const invalidResourceType = (path: string) =>
  new ArmError(404, "InvalidResourceType", `The resource type could not be found for the request path '${path}'.`);
