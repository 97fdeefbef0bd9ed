/**
 * A Graph date, or null when absent or a placeholder. NOTE: signInActivity uses "" and "0001-01-01T00:00:00Z" for
 * "never" (Graph docs sample, `/users?$select=…,signInActivity`).
 */
export function graphDate(v: unknown): string | null {
  if (typeof v !== "string" || v === "" || v.startsWith("0001-01-01")) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
