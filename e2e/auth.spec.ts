import { expect, test } from "@playwright/test";
import { shot, signIn } from "./support/session";

test("pages, actions and exports are closed without a session", async ({ page, request }) => {
  await page.goto("/aws");
  await expect(page).toHaveURL(/\/signin$/);
  await shot(page, "01-signin");
  const res = await request.get("/api/export/aws-users?format=csv");
  expect(res.status()).toBe(401);
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
  for (const label of ["Overview", "People", "AWS", "Entra", "Access controls", "Translate", "Findings", "Reports", "Sources"]) {
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true })).toBeVisible();
  }
  await shot(page, "02-overview");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/aws");
  await expect(page).toHaveURL(/\/signin$/);
});
