/**
 * The browser security headers of every response (proxy.ts sets them on pages, actions and routes; next.config.js the
 * static ones on /_next/static). Scripts run only with the per-request nonce (Next.js puts it on its own scripts when
 * the request carries this policy, https://nextjs.org/docs/app/guides/content-security-policy); 'strict-dynamic'
 * lets those scripts load the page's chunks. Styles allow inline attributes: React renders style={…} attributes
 * (tables, charts), and a style cannot run code.
 */

export interface PolicyOptions {
  nonce: string;
  /** next dev: React's dev tools evaluate code, and hot reload uses a websocket. */
  dev?: boolean;
}

export function contentSecurityPolicy({ nonce, dev = false }: PolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers that do not depend on the request (also set by next.config.js on static files). */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy":
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()",
  // For browsers without CSP frame-ancestors.
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** Two years, subdomains included: only ever sent over TLS (browsers ignore it over plain HTTP anyway). */
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Whether the request reached us over TLS: directly (https URL), through a proxy saying so (X-Forwarded-Proto), or
 * the operator says the site is served over TLS (CROSSWALK_COOKIE_SECURE=1).
 */
export function servedOverTls(
  url: URL,
  headers: Pick<Headers, "get">,
  env: { CROSSWALK_COOKIE_SECURE?: string | undefined },
): boolean {
  if (url.protocol === "https:") return true;
  if (env.CROSSWALK_COOKIE_SECURE === "1") return true;
  return (headers.get("x-forwarded-proto") ?? "").split(",")[0]?.trim() === "https";
}

/** Sets every security header on a response's headers. */
export function applySecurityHeaders(target: Headers, csp: string, tls: boolean): void {
  target.set("Content-Security-Policy", csp);
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) target.set(k, v);
  if (tls) target.set("Strict-Transport-Security", HSTS);
}
