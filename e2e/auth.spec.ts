import { expect, test } from "@playwright/test";
import { shot, signIn } from "./support/session";

test("pages, actions and exports are closed without a session", async ({ page, request }) => {
  await page.goto("/aws");
  await expect(page).toHaveURL(/\/signin$/);
  await shot(page, "01-signin");
  const res = await request.get("/api/export/aws-users?format=csv");
  expect(res.status()).toBe(401);
});

// A cookie of the right name with a made-up token: the proxy lets it through (it checks only that a cookie is there), so
// these prove the real gate — requireUser / requireApiUser in every page, route handler and server action.
const SESSION_COOKIE = "crosswalk_session"; // lib/auth/session.ts SESSION_COOKIE
const FORGED = "forged-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

test("a forged session cookie opens no page and no export", async ({ page, context, request, baseURL }) => {
  await context.addCookies([{ name: SESSION_COOKIE, value: FORGED, url: baseURL! }]);
  await page.goto("/aws");
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  const res = await request.get("/api/export/aws-users?format=csv", {
    headers: { cookie: `${SESSION_COOKIE}=${FORGED}` },
  });
  expect(res.status()).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
});

test("a sources server action posted with a forged session cookie is refused and changes nothing", async ({
  page,
  context,
  baseURL,
}) => {
  await signIn(page);
  await page.goto("/sources");
  const name = `gate-check-${Date.now()}`;
  const form = page.getByRole("form", { name: "Add an AWS account" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  // Swap the real session for a forged one after the page (and its action ids) loaded, then post the action.
  await context.clearCookies();
  await context.addCookies([{ name: SESSION_COOKIE, value: FORGED, url: baseURL! }]);
  const posted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/sources"));
  await form.getByRole("button", { name: "Add AWS account" }).click();
  const res = await posted;
  expect(res.request().headers()["next-action"]).toBeTruthy();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page);
  await page.goto("/sources");
  await expect(page.getByRole("form", { name: "Add an AWS account" })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong user name or password");
});

test("sign in, see the shell, sign out", async ({ page, context }) => {
  await signIn(page);
  const cookie = (await context.cookies()).find((c) => c.name === "crosswalk_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  for (const label of [
    "Overview",
    "People",
    "AWS",
    "Entra",
    "Access controls",
    "Translate",
    "Findings",
    "Reports",
    "Sources",
  ]) {
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true }),
    ).toBeVisible();
  }
  await shot(page, "02-overview");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/aws");
  await expect(page).toHaveURL(/\/signin$/);
});
