import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { shot, signIn } from "./support/session";

// Connection details of the fake tenant that e2e/support/serve.sh started (seeded from e2e/fixtures/entra).
function fake(): { host: string; tenantId: string; clientId: string; clientSecret: string } {
  return JSON.parse(fs.readFileSync("test-results/e2e-fake-entra.json", "utf8")) as never;
}

test("add an Entra tenant, sync it from the fake, read a conditional-access policy as a sentence", async ({ page }) => {
  test.skip(!fs.existsSync("test-results/e2e-fake-entra.json"), "the fake Entra tenant runs with the e2e web server");
  const f = fake();
  await signIn(page);
  await page.goto("/sources");
  const form = page.getByRole("form", { name: "Add an Entra tenant" });
  const name = `fabrikam-${Date.now()}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Tenant id").fill(f.tenantId);
  await form.getByLabel("Application (client) id").fill(f.clientId);
  await form.getByLabel("Secret value").fill(f.clientSecret);
  await form.getByText("National cloud or test endpoints").click();
  await form.getByLabel("Authority host").fill(f.host);
  await form.getByLabel("Graph host").fill(f.host);
  await form.getByRole("button", { name: "Add Entra tenant" }).click();
  await expect(form.getByRole("status")).toContainText("stored encrypted");
  // The secret never comes back to the browser.
  expect(await page.content()).not.toContain(f.clientSecret);
  await form.getByRole("link", { name: "Open it" }).click();
  await expect(page.getByText("Stored encrypted — not shown")).toBeVisible();
  expect(await page.content()).not.toContain(f.clientSecret);

  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("snapshot-progress").first()).toContainText("complete", { timeout: 60_000 });
  await page.reload();
  await expect(page.getByText("Live sync").first()).toBeVisible();
  await shot(page, "30-entra-source-synced");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access controls" }).click();
  await page.getByRole("link", { name: "CA001: Require MFA outside trusted locations" }).first().click();
  const sentence = page.getByTestId("ca-sentence");
  await expect(sentence).toContainText(
    "Users in All users except group Break-glass, accessing All apps, from outside trusted locations → require MFA",
  );
  await shot(page, "31-ca-policy-mfa");

  await page.goto("/access-controls?q=CA003");
  await page.getByRole("link", { name: /CA003/ }).first().click();
  await expect(page.getByTestId("ca-sentence")).toContainText("role Global Administrator");
  await expect(page.getByTestId("ca-sentence")).toContainText("Office 365 Exchange Online");
  await expect(page.getByText(/not in the model/)).toBeVisible();
  await shot(page, "32-ca-policy-report-only");

  await page.goto("/entra?tab=users");
  await expect(page.getByRole("link", { name: "ava@fabrikam.example" }).first()).toBeVisible();
  await shot(page, "33-entra-users");
});
