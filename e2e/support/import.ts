import path from "node:path";
import { expect, type Page } from "@playwright/test";

const FIX = path.join(import.meta.dirname, "..", "fixtures");

/** Imports the small AWS fixture (e2e/fixtures/aws) through the Sources page and waits for it to complete. */
export async function importAwsFixture(page: Page, sourceName = "fabrikam-aws"): Promise<void> {
  await page.goto("/sources");
  const form = page.getByRole("form", { name: "Import files" });
  await form.getByLabel("Source name").fill(sourceName);
  await form.getByLabel("Account authorization details (JSON)").setInputFiles(path.join(FIX, "aws/gaad.json"));
  await form.getByLabel("Credential report (CSV, optional)").setInputFiles(path.join(FIX, "aws/credential-report.csv"));
  await form.getByRole("button", { name: "Import" }).click();
  await expect(form.getByTestId("snapshot-progress")).toContainText("complete", { timeout: 60_000 });
}
