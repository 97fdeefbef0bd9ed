import { expect, test } from "@playwright/test";
import { shot, signIn } from "./support/session";

const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" },
    {
      Effect: "Deny",
      NotAction: "iam:*",
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  ],
});

test("Translator: paste a policy, the translation follows the edit", async ({ page }) => {
  await signIn(page);
  await page.goto("/translate");
  const source = page.getByLabel("Source JSON");
  const out = page.getByRole("region", { name: "Translation" });
  // The example translates first (the page is hydrated and live), then we paste our own.
  await expect(out.getByText(/Translated in/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(out.getByText("Paste a document on the left.")).toBeVisible();
  await source.fill(POLICY);
  await expect(out.getByRole("tab", { name: "Azure RBAC custom role" })).toBeVisible({ timeout: 30_000 });
  await expect(out.getByText("Confidence").first()).toBeVisible();
  await expect(out.getByLabel(/Suggested Azure RBAC custom role/)).toContainText("Microsoft.Storage");
  await expect(out.getByText(/What does not carry over/).first()).toBeVisible();
  await expect(out.getByText("Line by line").first()).toBeVisible();
  await shot(page, "cmp-40-translator-policy");

  // Editing updates the translation; broken JSON gives a clear error in place.
  await source.fill(POLICY.replace("s3:GetObject", "ec2:DescribeInstances"));
  await expect(out.getByLabel(/Suggested Azure RBAC custom role/)).toContainText("Microsoft.Compute", {
    timeout: 30_000,
  });
  await source.fill("{ not json");
  await expect(out.getByRole("alert").first()).toBeVisible({ timeout: 30_000 });
  await shot(page, "cmp-41-translator-error");
});

test("Translator: pick an item of the loaded data (deep link)", async ({ page }) => {
  test.skip(process.env.E2E_SAMPLE !== "1" && !process.env.E2E_BASE_URL, "needs loaded data (E2E_SAMPLE=1)");
  await signIn(page);
  await page.goto("/translate?find=CA0");
  const first = page.getByRole("link", { name: /^CA0/ }).first();
  const name = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveURL(/kind=ca&id=\d+/);
  await expect(page.getByRole("heading", { name: new RegExp(`Source: ${name.slice(0, 20)}`) })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Translation" }).getByRole("tab", { name: "AWS IAM policy" }),
  ).toBeVisible({ timeout: 60_000 });
  await shot(page, "cmp-43-translator-ca");
});
