import path from "node:path";
import { expect, type Page } from "@playwright/test";

const FIX = path.join(import.meta.dirname, "..", "fixtures");

/** The one source that holds the fixture's AWS account (210987654321) in every e2e spec. */
export const FIXTURE_AWS_SOURCE = "fabrikam-aws";

/**
 * Imports the small AWS fixture (e2e/fixtures/aws) through the Sources page and waits for it to complete. Always into
 * the source "fabrikam-aws": an AWS account belongs to one source (another name is refused, naming the holder), so
 * each spec that imports it adds a snapshot to that source, whatever order the specs run in.
 */
export async function importAwsFixture(page: Page): Promise<void> {
  const sourceName = FIXTURE_AWS_SOURCE;
  await page.goto("/sources");
  const form = page.getByRole("form", { name: "Import files" });
  await form.getByLabel("Source name").fill(sourceName);
  await form.getByLabel("Account authorization details (JSON)").setInputFiles(path.join(FIX, "aws/gaad.json"));
  await form.getByLabel("Credential report (CSV, optional)").setInputFiles(path.join(FIX, "aws/credential-report.csv"));
  await form.getByRole("button", { name: "Import" }).click();
  await expect(form.getByTestId("snapshot-progress")).toContainText("complete", { timeout: 60_000 });
}
