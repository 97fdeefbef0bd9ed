import { expect, type Page } from "@playwright/test";
import { ADMIN_PASSWORD } from "../../playwright.config";

/** Signs in as the admin created from CROSSWALK_ADMIN_PASSWORD. */
export async function signIn(page: Page): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** A full-page screenshot into test-results/ (looked at by hand after a run). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}
