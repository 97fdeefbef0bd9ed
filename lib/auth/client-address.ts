/**
 * The client address a sign-in attempt is throttled by, or null when it is not known. X-Forwarded-For and X-Real-IP
 * are set by whoever sends the request, so they count only behind a reverse proxy that overwrites them
 * (CROSSWALK_TRUST_PROXY=1); otherwise a client could pick a new address for every guess.
 */
export function clientAddress(headers: Pick<Headers, "get">, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
