import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";
import { applySecurityHeaders, contentSecurityPolicy, servedOverTls } from "./lib/http/security-headers";
import { MAX_UPLOAD_BODY_BYTES } from "./lib/http/body-limit";

/**
 * Every request but static files passes here: it gets the security headers with a fresh script nonce (the request
 * carries the policy too, so that Next.js puts the nonce on its scripts), and a request without a session cookie gets
 * an early redirect. The redirect is NOT the gate: every layout, server action and route handler checks the session
 * itself (lib/auth/session.ts requireUser / requireApiUser).
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const settings = env();
  const csp = contentSecurityPolicy({ nonce, dev: settings.NODE_ENV === "development" });
  const tls = servedOverTls(request.nextUrl, request.headers, settings);
  const res = route(request, nonce, csp);
  applySecurityHeaders(res.headers, csp, tls);
  return res;
}

// Signed-out pages: sign-in, first set-up, and sign-in with Entra (its start and Microsoft's redirect back).
const OPEN = /^\/(signin|setup|auth\/entra)(\/|$)/;

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

function route(request: NextRequest, nonce: string, csp: string): NextResponse {
  const { pathname } = request.nextUrl;
  // An oversize body is refused here, by its declared length, with 413 and a clear message (past the limit Next.js
  // itself answered 500). Bodies without a length are cut at the same limit by Next (next.config.js).
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_UPLOAD_BODY_BYTES) {
    const message = `The request is ${mb(length)}, more than the ${mb(MAX_UPLOAD_BODY_BYTES)} limit; import larger files with the CLI (npm run crosswalk -- import …)`;
    return NextResponse.json({ error: { code: "TOO_LARGE", message } }, { status: 413 });
  }
  if (request.cookies.has("crosswalk_session") || OPEN.test(pathname)) {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
    return NextResponse.next({ request: { headers } });
  }
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "UNAUTHORIZED", message: "Sign in first" } }, { status: 401 });
  }
  const url = request.nextUrl.clone();
  url.pathname = "/signin";
  url.search = "";
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
