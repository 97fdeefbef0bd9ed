import { expect, test } from "@playwright/test";
import { needsSample } from "./support/sample";
import { shot, signIn } from "./support/session";

needsSample();
test.setTimeout(240_000);

test("Compliance: four frameworks side by side, status per cloud, filter, drill-down to the findings", async ({
  page,
}) => {
  await signIn(page);
  await page.goto("/compliance");
  await expect(page.getByRole("heading", { name: "Compliance", level: 1 })).toBeVisible();
  for (const id of ["cis-aws-foundations", "cis-azure-foundations", "cis-m365-foundations", "nist-800-53"])
    await expect(page.getByTestId(`score-${id}`)).toContainText("Not assessed and manual are counted apart");

  const aws = page.getByTestId("controls-cis-aws-foundations");
  const rowOf = (table: typeof aws, id: string) =>
    table.locator("tr").filter({ has: page.getByRole("link", { name: id, exact: true }) });
  // Root MFA passes; the password policy is not read yet, so it is not assessed (never a pass).
  await expect(rowOf(aws, "2.4")).toContainText("pass");
  await expect(rowOf(aws, "2.7")).toContainText("not assessed");
  // The sample's Azure estate is assessed: 5.27 (two or three subscription owners) fails on its subscriptions, with
  // subjects; NIST shows AWS, Entra and Azure side by side.
  await expect(rowOf(page.getByTestId("controls-cis-azure-foundations"), "5.27")).toContainText("fail");
  await expect(page.getByTestId("controls-nist-800-53").locator("thead")).toContainText("AWS");
  await expect(page.getByTestId("controls-nist-800-53").locator("thead")).toContainText("Entra");
  await expect(page.getByTestId("controls-nist-800-53").locator("thead")).toContainText("Azure");
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await shot(page, `cmp-60-compliance-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // Filter by status: failing controls only (2.4 passes, so it goes; 2.9 stays).
  await page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "fail" }).click();
  await expect(page).toHaveURL(/status=fail/);
  await expect(rowOf(aws, "2.4")).toHaveCount(0);
  await expect(rowOf(aws, "2.9")).toContainText("fail");

  // Drill down: the failing subjects, each linked to its finding.
  await rowOf(aws, "2.9").getByRole("link", { name: "2.9", exact: true }).click();
  const detail = page.getByTestId("control-detail");
  await expect(detail).toContainText("failing subject");
  await expect(detail).toContainText("no-mfa-console-user");
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await detail.scrollIntoViewIfNeeded();
    await shot(page, `cmp-61-compliance-detail-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await detail.getByRole("link", { name: "hvasquez" }).click();
  await expect(page).toHaveURL(/\/findings\?rule=no-mfa-console-user&open=\d+/);
  await expect(page.getByText("hvasquez").first()).toBeVisible();

  // Not assessed explains itself: what is missing and the permission that would read it.
  await page.goto("/compliance?framework=cis-aws-foundations&open=cis-aws-foundations%3A2.7");
  await expect(page.getByTestId("control-detail")).toContainText("passwordPolicy");
  await expect(page.getByTestId("control-detail")).toContainText("iam:GetAccountPasswordPolicy");
  await expect(page.getByTestId("controls-cis-m365-foundations")).toHaveCount(0);
});
