import { expect, test } from "@playwright/test";
import { signIn } from "./support/session";

// Errors at the edge: an unknown id or address is the 404 page (never a generic error), and every route handler
// answers an AppError as { error: { code, message } } with the code's HTTP status.

const UNKNOWN_PAGES = [
  "/principals/999999",
  "/principals/abc",
  "/policies/999999",
  "/policies/1.5",
  "/access-controls/999999",
  "/people/999999",
  "/people/0",
  "/sources/no-such-source",
  "/no/such/page",
];

test("every [id] page answers 404 with the not-found page for an unknown or malformed id", async ({ page }) => {
  await signIn(page);
  for (const url of UNKNOWN_PAGES) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" }), url).toBeVisible();
    await expect(page.getByText("Something went wrong"), url).toHaveCount(0);
  }
});

test("API errors have one shape: { error: { code, message } } with the code's HTTP status", async ({
  page,
  request,
}) => {
  // Signed out: 401 UNAUTHORIZED from every route, before any work.
  for (const url of ["/api/snapshots/x", "/api/export/people?format=csv", "/api/reports"]) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(401);
    expect(await res.json(), url).toEqual({ error: { code: "UNAUTHORIZED", message: "Sign in first" } });
  }

  await signIn(page);
  const cases: [url: string, status: number, body: { error: { code: string; message: string } }][] = [
    ["/api/snapshots/no-such-snapshot", 404, { error: { code: "NOT_FOUND", message: "No snapshot no-such-snapshot" } }],
    [
      "/api/reports/no-such-report/download",
      404,
      { error: { code: "NOT_FOUND", message: "No report with id no-such-report" } },
    ],
    [
      "/api/export/no-such-table?format=csv",
      404,
      { error: { code: "NOT_FOUND", message: 'No table "no-such-table" to export' } },
    ],
  ];
  for (const [url, status, body] of cases) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(status);
    expect(await res.json(), url).toEqual(body);
  }
});

test("the app has an icon: the pages link it and it is served signed out (no favicon 404 on every page)", async ({
  page,
  request,
}) => {
  const res = await request.get("/icon.svg", { maxRedirects: 0 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("image/svg+xml");
  await page.goto("/signin");
  const href = await page.locator('head link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
});
