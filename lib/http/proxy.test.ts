import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "../../proxy";
import { MAX_UPLOAD_BODY_BYTES } from "../services/read-uploads";

describe("proxy", () => {
  it("answers an oversize body with 413 and a clear message, with the security headers", async () => {
    const req = new NextRequest("http://127.0.0.1:3000/sources", {
      method: "POST",
      headers: { "content-length": String(MAX_UPLOAD_BODY_BYTES + 1), cookie: "crosswalk_session=x" },
    });
    const res = proxy(req);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: "TOO_LARGE",
        message:
          "The request is 250 MB, more than the 250 MB limit; import larger files with the CLI (npm run crosswalk -- import …)",
      },
    });
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("passes a body within the limit on, with a nonce policy on the request for Next's scripts", () => {
    const req = new NextRequest("http://127.0.0.1:3000/sources", {
      method: "POST",
      headers: { "content-length": String(MAX_UPLOAD_BODY_BYTES), cookie: "crosswalk_session=x" },
    });
    const res = proxy(req);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-middleware-request-x-nonce")).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(res.headers.get("content-security-policy")).toContain(
      `'nonce-${res.headers.get("x-middleware-request-x-nonce")}'`,
    );
  });
});
