import { expect, test } from "@playwright/test";
import { importAwsFixture } from "./support/import";
import { shot, signIn } from "./support/session";

test("policy page, can it delete objects?, CSV export of the filtered table, dark theme, keyboard focus", async ({
  page,
}) => {
  await signIn(page);
  await importAwsFixture(page);

  // Filtered view in the URL → export of exactly that view.
  await page.goto("/aws?tab=users&q=dana");
  await expect(page.getByText("Rows 1–1 of 1")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await (await download).createReadStream().then(async (s) => {
    let t = "";
    for await (const c of s) t += c;
    return t;
  });
  expect(csv.split("\r\n")[0]).toContain("name");
  expect(csv).toContain("dana.admin");
  expect(csv).not.toContain("eli.dev");

  // A policy: document pretty-printed, holders, a Translate link.
  await page.goto("/aws?tab=policies&q=backupwriter");
  await page.getByRole("link", { name: "BackupWriter" }).first().click();
  await expect(page.getByRole("link", { name: "Translate →" })).toHaveAttribute(
    "href",
    /\/translate\?snapshot=.*item=permissionSet/,
  );
  await expect(page.getByLabel("Policy document")).toContainText('"Sid": "NoDelete"');
  await shot(page, "40-policy");

  // Why can dana.admin delete objects? AdministratorAccess through the Admins group.
  await page.goto("/aws?tab=users&q=dana");
  await page.getByRole("link", { name: "dana.admin" }).first().click();
  await page.getByLabel("Action", { exact: true }).fill("s3:DeleteObject");
  await page.getByRole("button", { name: "Evaluate" }).click();
  const decision = page.getByRole("region", { name: "Decision" });
  await expect(decision.getByText("✓ Allowed")).toBeVisible();
  await expect(decision.getByTestId("deciding-statement").first()).toContainText("AdministratorAccess");
  await expect(decision.getByTestId("deciding-statement").first()).toContainText("through group Admins");

  // Dark theme, remembered across pages.
  await page.getByRole("button", { name: /Switch to dark theme/ }).click();
  await page.goto("/aws?tab=users");
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "41-aws-users-dark");

  // Keyboard: the skip link comes first and moves focus to the content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await shot(page, "42-keyboard-focus");
});
