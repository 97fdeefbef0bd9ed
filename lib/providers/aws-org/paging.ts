/** Requests sent per operation (HTTP attempts, retries included), for provenance and the bench. */
export type RequestCounts = Record<string, number>;

interface Page {
  $metadata?: { attempts?: number };
}

/**
 * Every item of a paginated list (an SDK paginator), counting the requests it took under `operation`.
 * NOTE: the SDK's paginators write NextToken into the input object they are given: each call gets a fresh one.
 */
export async function allPages<P extends Page, T>(
  requests: RequestCounts,
  operation: string,
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) {
    requests[operation] = (requests[operation] ?? 0) + (p.$metadata?.attempts ?? 1);
    for (const x of items(p) ?? []) out.push(x);
  }
  return out;
}

/** One request, counted (failed attempts too). */
export async function counted<T extends Page>(requests: RequestCounts, operation: string, send: () => Promise<T>) {
  try {
    const out = await send();
    requests[operation] = (requests[operation] ?? 0) + (out.$metadata?.attempts ?? 1);
    return out;
  } catch (e) {
    const attempts = (e as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1;
    requests[operation] = (requests[operation] ?? 0) + attempts;
    throw e;
  }
}

/** The maximum page sizes of each service's List operations (their API references' MaxResults ranges). */
export const PAGE_SIZE = { organizations: 20, ssoAdmin: 100, identityStore: 100 } as const;
