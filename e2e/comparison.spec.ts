import { expect, test } from "@playwright/test";
import { needsSample } from "./support/sample";
import { shot, signIn } from "./support/session";

needsSample();

test("overview → a person → both sides' access", async ({ page }) => {
  await signIn(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  // Both clouds side by side, with the linking concepts between them.
  for (const concept of ["People", "Privilege", "MFA", "Stale access", "Findings"]) {
    await expect(page.getByRole("region", { name: concept })).toBeVisible();
  }
  await expect(page.getByRole("figure").filter({ hasText: "Users by tier" }).first()).toBeVisible();
  await shot(page, "cmp-30-overview");

  // Into the people linked in both clouds, then the filter the auditor asks first.
  await page.getByRole("link", { name: /linked in both/ }).click();
  await expect(page).toHaveURL(/view=linked/);
  await expect(page.getByText(/^Rows 1–/)).toBeVisible();
  await page.goto("/people?view=admin-no-mfa");
  await expect(page.getByRole("link", { name: "Admins in either cloud without enforced MFA" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await shot(page, "cmp-31-people-admins-without-mfa");

  // A person linked in both clouds: open them and read both sides.
  await page.goto("/people?view=linked&sort=tier&dir=desc");
  await page.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/people\/\d+/);
  const aws = page.getByRole("region", { name: "AWS access" });
  const entra = page.getByRole("region", { name: "Entra access" });
  await expect(aws.getByText("Why this tier")).toBeVisible();
  await expect(entra.getByText("Why this tier")).toBeVisible();
  await expect(aws.getByText("MFA", { exact: true })).toBeVisible();
  await expect(entra.getByText("Conditional access", { exact: true })).toBeVisible();
  await expect(entra.getByRole("table", { name: /Conditional-access policies/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /Confirm match/ })).toBeEnabled();
  await shot(page, "cmp-32-person-both-sides");

  // Confirm the match by hand: the decision is listed (and survives re-matching).
  await page.getByRole("button", { name: /Confirm match/ }).click();
  await expect(page.getByRole("status")).toContainText("Match confirmed");
  await expect(page.getByText("Decisions made by hand")).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).first().click();
  await expect(page.getByRole("status")).toContainText("Decision removed");
});

test("an ambiguous match names its candidates; choosing one links them in one click", async ({ page }) => {
  await signIn(page);
  await page.goto("/people?view=ambiguous&q=jwilson");
  await expect(page.getByText(/ambiguous: 2 candidates/).first()).toBeVisible();
  await page
    .getByRole("link", { name: /jwilson/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/people\/\d+/);
  const list = page.getByRole("list", { name: "Candidates of the ambiguous match" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list).toContainText("by first initial and last name");
  await shot(page, "cmp-34-person-ambiguous-candidates");
  await list
    .getByRole("button", { name: /This is the one/ })
    .first()
    .click();
  await expect(page.getByRole("status")).toContainText("People linked");
  await expect(
    page
      .getByRole("region", { name: "Entra access" })
      .getByText(/@northwind\.example/)
      .first(),
  ).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).first().click();
  await expect(page.getByRole("status")).toContainText("Decision removed");
});

test("people table exports what it shows", async ({ page }) => {
  await signIn(page);
  await page.goto("/people?view=unmatched");
  const [dl] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export JSON" }).click(),
  ]);
  const body = JSON.parse(await (await import("node:fs/promises")).readFile((await dl.path())!, "utf8"));
  expect(body.table).toBe("people");
  expect(body.query.view).toBe("unmatched");
  expect(body.count).toBeGreaterThan(0);
  for (const r of body.rows) expect(r.awsIdentities === null || r.entraIdentities === null).toBe(true);
});

test("drift page: two snapshots of a source, and since a date", async ({ page }) => {
  await signIn(page);
  await page.goto("/drift");
  await expect(page.getByRole("heading", { name: "Drift" })).toBeVisible();
  const pair = page.getByRole("form", { name: "Compare two snapshots" });
  await expect(pair.getByLabel("Source")).toBeVisible();
  await pair.getByRole("button", { name: "Compare" }).click();
  await expect(page.getByRole("heading", { name: /^Changes \(\d+\)/ })).toBeVisible();
  await shot(page, "cmp-33-drift-pair");

  // Since a day between the source's two snapshots (the sample's earlier state is dated 45 days before the current
  // one; both dates shift with today's), read from the snapshot choices the page lists: the last weeks' changes of
  // both clouds (lib/sample/earlier.ts HISTORY).
  const dates = (await pair.getByLabel("From (older)").locator("option").allTextContents())
    .filter((t) => /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/.test(t))
    .map((t) => Date.parse(`${t.replace(" UTC", "").replace(" ", "T")}:00Z`));
  expect(dates).toHaveLength(2);
  const [older, newer] = [Math.min(...dates), Math.max(...dates)];
  expect(newer - older).toBeGreaterThan(2 * 86_400_000);
  const day = new Date((older + newer) / 2).toISOString().slice(0, 10);
  const since = page.getByRole("form", { name: "Drift since a date" });
  await since.getByLabel("Since").fill(day);
  await since.getByRole("button", { name: "Show changes" }).click();
  await expect(page).toHaveURL(new RegExp(`since=${day}`));
  await expect(page.getByRole("heading", { name: /^Changes \([1-9]\d*\)/ })).toBeVisible();
  const change = (area: string, what: string, subject: string) =>
    page.getByRole("row").filter({ hasText: area }).filter({ hasText: what }).filter({ hasText: subject });
  // In both clouds: the AWS user by name and the Entra user by UPN.
  for (const [what, who] of [
    ["added", "kristen.reichel"],
    ["removed", "olivier.petit"],
  ] as const) {
    await expect(change("Principals", what, `${who}@northwind.example`)).toHaveCount(1);
    await expect(change("Principals", what, who)).toHaveCount(2);
  }
  await expect(
    change("Assignments", "added", "Cloud Application Administrator → camille.laurent@northwind.example"),
  ).toHaveCount(1);
  await expect(change("Conditional access", "changed", "CA004: Block legacy authentication")).toHaveCount(1);
  await shot(page, "cmp-34-drift-since");
});

test("findings, access models and the CA coverage matrix render with data", async ({ page }) => {
  await signIn(page);
  await page.goto("/findings?severity=high");
  await expect(page.getByText(/^Rows 1–/)).toBeVisible();
  await page.locator("tbody tr").first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Evidence" })).toBeVisible();
  await shot(page, "cmp-35-findings-open");
  await page.goto("/access-models");
  await expect(page.getByRole("heading", { name: "Groups" })).toBeVisible();
  await shot(page, "cmp-36-access-models");
  await page.goto("/access-controls/coverage?who=admins");
  await expect(page.getByText("break-glass").first()).toBeVisible();
  await shot(page, "cmp-37-ca-coverage");
});
