import { describe, expect, it } from "vitest";
// @ts-expect-error next.config.js is plain JavaScript without types
import nextConfig from "../../next.config.js";
import {
  applySecurityHeaders,
  contentSecurityPolicy,
  HSTS,
  STATIC_SECURITY_HEADERS,
  servedOverTls,
} from "./security-headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("security headers", () => {
  it("allows scripts only with the request's nonce, and no framing", () => {
    const d = directives(contentSecurityPolicy({ nonce: "abc123" }));
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
    expect(d.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("sends HSTS only over TLS (https URL, X-Forwarded-Proto https, or CROSSWALK_COOKIE_SECURE=1)", () => {
    const none = new Headers();
    const http = new URL("http://127.0.0.1:3000/");
    expect(servedOverTls(http, none, {})).toBe(false);
    expect(servedOverTls(new URL("https://crosswalk.example/"), none, {})).toBe(true);
    expect(servedOverTls(http, new Headers({ "x-forwarded-proto": "https" }), {})).toBe(true);
    expect(servedOverTls(http, none, { CROSSWALK_COOKIE_SECURE: "1" })).toBe(true);
    const h = new Headers();
    applySecurityHeaders(h, "default-src 'self'", false);
    expect(h.get("Strict-Transport-Security")).toBeNull();
    applySecurityHeaders(h, "default-src 'self'", true);
    expect(h.get("Strict-Transport-Security")).toBe(HSTS);
    expect(h.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("next.config.js gives static files the same headers (plus a policy that runs nothing)", async () => {
    const rules = await (
      nextConfig as { headers: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]> }
    ).headers();
    expect(rules.map((r) => r.source)).toEqual(["/_next/static/:path*", "/_next/image", "/favicon.ico"]);
    for (const r of rules) {
      const got = Object.fromEntries(r.headers.map((h) => [h.key, h.value]));
      expect(got, r.source).toEqual({
        ...STATIC_SECURITY_HEADERS,
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      });
    }
  });
});
