import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { shot, signIn } from "./support/session";

// The fake identity platform that e2e/support/serve.sh started (seeded from e2e/fixtures/entra, whose sign-in app
// gives Ava the app role Crosswalk.Admin, Ben Crosswalk.Viewer and Break Glass 1 none).
function fake(): { host: string; tenantId: string; signInClientId: string; signInClientSecret: string } {
  return JSON.parse(fs.readFileSync("test-results/e2e-fake-entra.json", "utf8")) as never;
}

// The fake serves a self-signed certificate (the server trusts it through NODE_EXTRA_CA_CERTS; the browser here).
test.use({ ignoreHTTPSErrors: true });

const WIDTHS = [390, 1280, 1920] as const;

async function shots(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await shot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
}

/** Sign in with Microsoft, picking the user on the fake's account page. */
async function signInWithMicrosoft(page: Page, displayName: string): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
  await expect(page.getByRole("heading", { name: "Pick an account" })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(`^${displayName}`) }).click();
}

test("an admin sets up sign-in with Entra ID; people sign in through the fake Entra with their mapped role", async ({
  page,
}) => {
  const f = fake();
  await signIn(page);
  await page.goto("/settings/sign-in");
  await expect(page.getByTestId("entra-sign-in-status")).toContainText("Not set up");
  await expect(page.getByTestId("redirect-uri")).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/auth\/entra\/callback$/);
  const form = page.getByRole("form", { name: "Entra sign-in settings" });
  await form.getByLabel("Tenant id").fill(f.tenantId);
  await form.getByLabel("Application (client) id").fill(f.signInClientId);
  await form.getByLabel("Client secret value").fill(f.signInClientSecret);
  await form.getByText("National cloud or test endpoints").click();
  await form.getByLabel("Authority host").fill(f.host);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toContainText("stored encrypted");
  await page.reload();
  await expect(page.getByTestId("entra-sign-in-status")).toContainText(`On — tenant ${f.tenantId}`);
  // The secret never comes back to the browser.
  expect(await page.content()).not.toContain(f.signInClientSecret);
  await expect(page.getByLabel("Client secret value")).toHaveAttribute("placeholder", /Stored encrypted/);
  await shots(page, "40-entra-sign-in-settings");
  await signOut(page);

  // The sign-in page offers Microsoft beside the Crosswalk account (break-glass).
  await expect(page.getByRole("link", { name: "Sign in with Microsoft" })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await shots(page, "41-signin-with-microsoft");

  // Ben's app role is Crosswalk.Viewer: every page, not the admin's settings.
  await signInWithMicrosoft(page, "Ben Builder");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("ben@fabrikam.example");
  await page.goto("/people");
  await expect(page.getByRole("heading", { name: "People", exact: true })).toBeVisible();
  await page.goto("/settings/sign-in");
  await expect(page.getByText(/needs the Admin role/)).toBeVisible();
  await expect(page.getByRole("form", { name: "Entra sign-in settings" })).toHaveCount(0);
  await page.goto("/people");
  await signOut(page);

  // Break Glass 1 has no app role of the Crosswalk app: refused, with the reason, and no account made.
  await signInWithMicrosoft(page, "Break Glass 1");
  await expect(page).toHaveURL(/\/signin\?error=entra$/);
  await expect(page.getByRole("alert")).toContainText(
    "breakglass1@fabrikam.example has no Crosswalk role: none of your app roles (none)",
  );
  await shots(page, "42-signin-refused-no-role");

  // Ava's Crosswalk.Admin makes her an admin: she opens the settings.
  await signInWithMicrosoft(page, "Ava Admin");
  await page.goto("/settings/sign-in");
  await expect(page.getByTestId("entra-sign-in-status")).toContainText("On");
  await signOut(page);

  // The local admin (break-glass) still signs in with a password.
  await signIn(page);
});
