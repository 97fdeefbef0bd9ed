import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./support/session";

// Every page works under the strict policy of lib/http/security-headers.ts: no CSP violation reported by Chromium
// (console or securitypolicyviolation event), the page hydrated (a client-side control responds), and the headers
// are on pages, API answers, redirects and static files.

const PAGES = [
  "/",
  "/people",
  "/aws",
  "/aws?tab=policies",
  "/entra",
  "/access-controls",
  "/access-controls/coverage",
  "/access-models",
  "/translate",
  "/findings",
  "/reports",
  "/sources",
  "/drift",
];

function watchViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.push(`${page.url()}: page error ${e.message}`));
  return seen;
}

async function recordEventViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { cspViolations?: string[] };
      w.cspViolations = [...(w.cspViolations ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    });
  });
}

test("security headers on every kind of response", async ({ request }) => {
  const signin = await request.get("/signin");
  const redirect = await request.get("/aws", { maxRedirects: 0 });
  const api = await request.get("/api/export/aws-users?format=csv");
  expect(redirect.status()).toBe(307);
  expect(api.status()).toBe(401);
  const html = await signin.text();
  const script = html.match(/<script src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
  expect(script, "a static script on /signin").toBeTruthy();
  const stat = await request.get(script!);
  for (const [name, res] of [
    ["/signin", signin],
    ["redirect", redirect],
    ["401 api", api],
    ["static", stat],
  ] as const) {
    const h = res.headers();
    expect(h["content-security-policy"], name).toContain("frame-ancestors 'none'");
    expect(h["x-content-type-options"], name).toBe("nosniff");
    expect(h["referrer-policy"], name).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"], name).toContain("camera=()");
    expect(h["strict-transport-security"], `${name}: no HSTS over plain HTTP`).toBeUndefined();
  }
  const csp = signin.headers()["content-security-policy"]!;
  const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  expect(html).toContain(`nonce="${nonce}"`);
  expect((await request.get("/signin")).headers()["content-security-policy"]).not.toContain(nonce);
  const tls = await request.get("/signin", { headers: { "x-forwarded-proto": "https" } });
  expect(tls.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
});

test("every main page runs under the policy without a violation", async ({ page }) => {
  test.setTimeout(PAGES.length * 30_000);
  const violations = watchViolations(page);
  await recordEventViolations(page);
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await signIn(page);
  for (const path of PAGES) {
    const res = await page.goto(path);
    expect(res?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
    await expect(page.getByRole("navigation", { name: "Main" }), path).toBeVisible();
    // Hydrated: the theme toggle's text is set by an effect ("Theme" until then).
    await expect(page.getByRole("button", { name: /^Switch to (dark|light) theme$/ }), path).toHaveText(/Dark|Light/);
    const fromEvents = await page.evaluate(
      () => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [],
    );
    violations.push(...fromEvents.map((v) => `${path}: ${v}`));
  }
  // Next's own 404 page (no shell) renders under the policy too.
  const missing = await page.goto("/a-page-that-does-not-exist");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
  const toggle = page.getByRole("button", { name: /theme/i }).first();
  await page.goto("/");
  const before = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  await toggle.click();
  await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(!before);
  expect(violations).toEqual([]);
});
