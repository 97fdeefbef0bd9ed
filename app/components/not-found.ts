import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** A row id from a route segment: a positive integer, or the 404 page ("/principals/abc" is not a principal). */
export function idOrNotFound(segment: string): number {
  const id = Number(segment);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== segment) notFound();
  return id;
}

/** A service call whose NOT_FOUND is the 404 page; any other error goes on to app/error.tsx. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}
