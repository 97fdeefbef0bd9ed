// The AWS JSON 1.1 protocol as the fakes speak it: POST / with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body;
// answers `application/x-amz-json-1.1`, errors as `{"__type": Code, "Message": …}` with a 4xx/5xx status, timestamps
// as epoch seconds. Paging: MaxResults within the operation's real range and an opaque NextToken.

export type Json = Record<string, unknown>;

/** An error the way a JSON 1.1 service answers it; `extra` members (Reason, Type…) are part of the error shape. */
export class AwsJsonError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }

  body(): string {
    return JSON.stringify({ __type: this.code, Message: this.message, ...this.extra });
  }
}

/** JSON 1.1 timestamps: epoch seconds. */
export function epoch(d: Date): number {
  return d.getTime() / 1000;
}

/** How one service answers bad input (each service has its own error shapes for the same mistakes). */
export interface InputErrors {
  /** A required member is missing or has the wrong type. */
  invalid(message: string): AwsJsonError;
  /** A NextToken this operation did not issue. */
  badToken(): AwsJsonError;
}

export function requireString(input: Json, name: string, errors: InputErrors): string {
  const v = input[name];
  if (typeof v !== "string" || v.length === 0)
    throw errors.invalid(
      `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Paging behaviour of one service in a fake. */
export interface PagingOptions {
  /** Every page holds at most this many items whatever MaxResults says. */
  maxPage?: number;
  /** Every other page holds only part of what MaxResults allows, with a NextToken (AWS may). */
  shortPages?: boolean;
  /** Every third page is empty but carries a NextToken (Organizations documents that it may do so). */
  emptyPages?: boolean;
}

export interface PageRequest {
  /** The operation and the parameters that select the list: a NextToken is only valid for the same query. */
  query: string;
  /** The operation's MaxResults range maximum (the AWS model's). */
  max: number;
}

/**
 * One page of `items` for a List call. NOTE: without MaxResults AWS uses "a value that is specific to the operation"
 * (Organizations API reference, MaxResults); the fakes use the maximum.
 */
export function page<T>(
  items: readonly T[],
  input: Json,
  req: PageRequest,
  paging: PagingOptions,
  errors: InputErrors,
): { items: T[]; NextToken?: string } {
  const raw = input.MaxResults;
  if (raw !== undefined && (typeof raw !== "number" || !Number.isInteger(raw) || raw < 1 || raw > req.max)) {
    throw errors.invalid(
      `1 validation error detected: Value '${String(raw)}' at 'maxResults' failed to satisfy constraint: Member must have value ${
        typeof raw === "number" && raw < 1 ? "greater than or equal to 1" : `less than or equal to ${req.max}`
      }`,
    );
  }
  let start = 0;
  let pageNo = 0;
  if (input.NextToken !== undefined) {
    const t = decodeToken(input.NextToken);
    if (!t || t.q !== req.query) throw errors.badToken();
    start = t.s;
    pageNo = t.p;
  }
  let size = Math.min((raw as number | undefined) ?? req.max, paging.maxPage ?? req.max);
  if (paging.emptyPages && pageNo % 3 === 2 && start < items.length) size = 0;
  else if (paging.shortPages && pageNo % 2 === 1) size = Math.max(1, Math.floor(size * 0.37));
  const end = Math.min(items.length, start + size);
  const out = { items: items.slice(start, end) } as { items: T[]; NextToken?: string };
  if (end < items.length) out.NextToken = encodeToken({ q: req.query, s: end, p: pageNo + 1 });
  return out;
}

function encodeToken(t: { q: string; s: number; p: number }): string {
  return Buffer.from(JSON.stringify(t)).toString("base64");
}

function decodeToken(v: unknown): { q: string; s: number; p: number } | null {
  if (typeof v !== "string") return null;
  try {
    const t = JSON.parse(Buffer.from(v, "base64").toString("utf8")) as { q?: unknown; s?: unknown; p?: unknown };
    return typeof t.q === "string" && Number.isInteger(t.s) && Number.isInteger(t.p)
      ? { q: t.q, s: t.s as number, p: t.p as number }
      : null;
  } catch {
    return null;
  }
}

/** The answer of one List operation: `list(key, items, query, render)` pages `items` and renders them under `key`. */
export function lister(op: string, input: Json, max: number, paging: PagingOptions, errors: InputErrors) {
  return <T>(key: string, items: readonly T[], query: string, render: (x: T) => unknown): Json => {
    const p = page(items, input, { query: `${op}:${query}`, max }, paging, errors);
    return { [key]: p.items.map(render), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
  };
}
