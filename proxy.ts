import { NextResponse, type NextRequest } from "next/server";

/**
 * An early redirect for requests without a session cookie. NOT the gate: every layout, server action and route
 * handler checks the session itself (lib/auth/session.ts requireUser / requireApiUser).
 */
export function proxy(request: NextRequest) {
  if (request.cookies.has("crosswalk_session")) return NextResponse.next();
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "UNAUTHORIZED", message: "Sign in first" } }, { status: 401 });
  }
  const url = request.nextUrl.clone();
  url.pathname = "/signin";
  url.search = "";
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!signin|setup|_next/static|_next/image|favicon.ico).*)"],
};
