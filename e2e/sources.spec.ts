import { expect, test } from "@playwright/test";
import { importAwsFixture } from "./support/import";
import { shot, signIn } from "./support/session";

test("add an AWS account; its settings show, no secret", async ({ page }) => {
  await signIn(page);
  await page.goto("/sources");
  const form = page.getByRole("form", { name: "Add an AWS account" });
  await form.getByLabel("Name", { exact: true }).fill(`aws-live-${Date.now()}`);
  await form.getByLabel("Role ARN to assume").fill("arn:aws:iam::123456789012:role/CrosswalkAudit");
  await form.getByLabel("External id").fill("xid-123");
  await form.getByLabel("IAM endpoint").fill("http://127.0.0.1:1");
  await form.getByRole("button", { name: "Add AWS account" }).click();
  await expect(form.getByRole("status")).toContainText("Added");
  await form.getByRole("link", { name: "Open it" }).click();
  await expect(page.getByText("arn:aws:iam::123456789012:role/CrosswalkAudit")).toBeVisible();
  await shot(page, "20-aws-source");
});

test("a bad file gives one clear error and creates nothing", async ({ page }) => {
  await signIn(page);
  await page.goto("/sources");
  const form = page.getByRole("form", { name: "Import files" });
  await form.getByLabel("Source name").fill("should-not-exist");
  await form
    .getByLabel("Account authorization details (JSON)")
    .setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
  await form.getByRole("button", { name: "Import" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  await shot(page, "21-import-error");
  await page.reload();
  await expect(page.getByRole("link", { name: "should-not-exist" })).toHaveCount(0);
});

test("import AWS files, watch progress, browse to a principal's effective permissions", async ({ page }) => {
  await signIn(page);
  await importAwsFixture(page);
  await page.getByRole("form", { name: "Import files" }).getByRole("link", { name: "Open source" }).click();
  await expect(page.getByRole("heading", { name: /fabrikam-aws/ })).toBeVisible();
  await expect(page.getByText("credentialReport")).toBeVisible();
  await shot(page, "22-aws-source-history");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "AWS", exact: true }).click();
  await expect(page.getByRole("link", { name: "eli.dev" }).first()).toBeVisible();
  await shot(page, "23-aws-users");
  await page.getByRole("link", { name: "eli.dev" }).first().click();
  await expect(page.getByRole("heading", { name: /eli\.dev/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Effective permissions" })).toBeVisible();
  await shot(page, "24-aws-user-detail");
});
