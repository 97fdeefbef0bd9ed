import fs from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { needsSample } from "./support/sample";
import { shot, signIn } from "./support/session";

needsSample();
test.setTimeout(240_000);

const WIDTHS = [390, 1280, 1920] as const;

async function shots(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await shot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("Azure section: the management-group tree with counts by tier, each opening exactly its assignments", async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Azure", exact: true }).click();
  await expect(page).toHaveURL(/\/azure/);
  await expect(page.getByRole("heading", { name: "Azure RBAC", level: 1 })).toBeVisible();
  const tree = page.getByRole("table", { name: /Management groups and subscriptions of Northwind Azure/ });
  // The tree: tenant root → Northwind → Corp (Production, Fleet Analytics) …, each a row.
  for (const [name, kind] of [
    ["Tenant Root Group", "management group"],
    ["Northwind Robotics", "management group"],
    ["Northwind Production", "subscription"],
    ["Northwind Dev/Test", "subscription"],
    ["Northwind Connectivity", "subscription"],
  ] as const)
    await expect(
      tree.getByRole("rowheader", { name: new RegExp(`^.?\\s*${name.replace("/", "\\/")}\\s+${kind}`) }),
    ).toBeVisible();
  await shots(page, "azure-10-estate");

  // A count opens the role-assignment list filtered to exactly that many rows: admin under Northwind Production.
  const prodAdmin = tree.getByRole("link", { name: /admin assignments under Northwind Production$/ });
  const n = Number(await prodAdmin.textContent());
  expect(n).toBeGreaterThan(0);
  await prodAdmin.click();
  await expect(page).toHaveURL(/tab=assignments.*tier=admin/);
  await expect(page.getByText("Scope:")).toContainText("Northwind Production");
  await expect(page.getByText(new RegExp(`of ${n}\\b`)).first()).toBeVisible();
  const owner = page.getByRole("row").filter({ hasText: "SG-Eng-CloudPlatform" });
  await expect(owner).toContainText("Owner");
  await shots(page, "azure-11-assignments");

  // Role definitions: the custom role with actions "*" is admin, judged from its actions, not its name.
  await page
    .getByRole("navigation", { name: "Azure sections" })
    .getByRole("link", { name: "Role definitions" })
    .click();
  await page.getByRole("link", { name: "Custom", exact: true }).click();
  await expect(page.getByText("Northwind Landing Zone Admin")).toBeVisible();
});

test("Priya Natarajan: Owner of an Azure subscription through a group, beside her AWS admin path, and in the audit report", async ({
  page,
}) => {
  await signIn(page);
  await page.goto("/people?q=Priya%20Natarajan");
  await page.getByRole("link", { name: "Priya Natarajan" }).first().click();
  await expect(page).toHaveURL(/\/people\/\d+/);
  await expect(page.getByRole("heading", { name: "Priya Natarajan", level: 1 })).toBeVisible();

  // AWS: admin through the IAM group Admins, with the reason.
  const aws = page.getByRole("region", { name: "AWS access" });
  await expect(aws.getByText("Why this tier")).toBeVisible();
  await expect(aws).toContainText("Admins");

  // Azure: the path group → role assignment → scope, beside the AWS side.
  const azure = page.getByRole("region", { name: "Azure access" });
  const path = azure.getByRole("listitem").filter({ hasText: "Northwind Production" }).filter({ hasText: "Owner" });
  await expect(path.first()).toContainText("SG-Eng-CloudPlatform");
  await expect(path.first()).toContainText("admin");
  await shots(page, "azure-20-person-priya");

  // The audit report says the same (JSON, filtered to her).
  await page.goto("/reports");
  await page.getByRole("radio", { name: /Full cross-cloud audit/ }).check();
  await page.getByLabel("Format").selectOption("json");
  await page.getByLabel(/Person filter/).fill("Priya Natarajan");
  await page.getByRole("button", { name: "Generate report" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Started" })).toBeVisible();
  const row = page.locator("tr[data-report]").first();
  await expect(row).toHaveAttribute("data-status", "complete", { timeout: 120_000 });
  const [dl] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /Download/ }).click()]);
  // biome-ignore lint/suspicious/noExplicitAny: the downloaded report, read as plain JSON
  const json = JSON.parse(await fs.readFile((await dl.path())!, "utf8")) as any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const section = json.sections.find((s: any) => s.id === "resource-access");
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const table = section.blocks.find((b: any) => b.id === "azure-access-paths");
  expect(table, "the audit's resource-access section has the Azure paths table").toBeTruthy();
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const owner = table.rows.find((r: any) => r.scope === "Northwind Production" && r.role === "Owner");
  expect(owner).toMatchObject({
    person: "Priya Natarajan",
    entraGroup: "SG-Eng-CloudPlatform",
    grantedAt: "Northwind Production",
    tier: "admin",
    state: "permanent",
  });
});
