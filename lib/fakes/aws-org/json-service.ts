import type { FaultOptions } from "../faults";
import type { AwsJsonError, InputErrors, Json, PagingOptions } from "./json-protocol";

/** Who is calling: the account its credentials belong to (management credentials unless assumed through STS). */
export interface CallContext {
  accountId: string;
}

/** Per-service options of the fake: paging, faults and latency. */
export type FakeServiceOptions = PagingOptions & FaultOptions;

/** One AWS JSON 1.1 service of the fake (Organizations, SSO Admin, Identity Store). */
export interface JsonService {
  /** The X-Amz-Target prefix, e.g. AWSOrganizationsV20161128. */
  readonly targetPrefix: string;
  /** The IAM action prefix of the service, e.g. organizations or sso (for stats and denials). */
  readonly actionPrefix: string;
  readonly errors: InputErrors & {
    throttled(): AwsJsonError;
    failed(): AwsJsonError;
    denied(operation: string, ctx: CallContext): AwsJsonError;
    unknownOperation(operation: string): AwsJsonError;
  };
  /** Answers one read operation, or throws an AwsJsonError. */
  call(operation: string, input: Json, ctx: CallContext, options: FakeServiceOptions): Json;
}
