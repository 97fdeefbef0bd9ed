import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { needsSample } from "./support/sample";
import { shot, signIn } from "./support/session";

needsSample();

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  pdf: (b) => b.subarray(0, 5).toString() === "%PDF-",
  xlsx: (b) => b[0] === 0x50 && b[1] === 0x4b,
  csv: (b) => b[0] === 0x50 && b[1] === 0x4b, // a zip of CSVs
  json: (b) => typeof JSON.parse(b.toString("utf8")) === "object",
  sarif: (b) => JSON.parse(b.toString("utf8")).version === "2.1.0",
};

test("Reports: generate and download each format", async ({ page, playwright, baseURL }) => {
  test.setTimeout(300_000);
  await signIn(page);
  await page.goto("/reports");
  for (const [kind, format] of [
    ["Findings only", "sarif"],
    ["Findings only", "json"],
    ["Findings only", "csv"],
    ["Findings only", "xlsx"],
    ["Workshop handout", "pdf"],
  ] as const) {
    await page.getByRole("radio", { name: new RegExp(kind) }).check();
    await page.getByLabel("Format").selectOption(format);
    await page.getByRole("button", { name: "Generate report" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Started" })).toBeVisible();
    const row = page.locator("tr[data-report]").first();
    await expect(row).toHaveAttribute("data-status", "complete", { timeout: 120_000 });
    await expect(row).toContainText(format, { ignoreCase: true });
    const [dl] = await Promise.all([
      page.waitForEvent("download"),
      row.getByRole("link", { name: /Download/ }).click(),
    ]);
    expect(dl.suggestedFilename()).toMatch(new RegExp(`\\.${format === "csv" ? "zip" : format}$`));
    const bytes = await fs.readFile((await dl.path())!);
    expect(MAGIC[format]!(bytes)).toBe(true);
  }
  await shot(page, "cmp-42-reports");
  // The download is auth-checked.
  const id = await page.locator("tr[data-report]").first().getAttribute("data-report");
  const anon = await playwright.request.newContext({ baseURL });
  const res = await anon.get(`/api/reports/${id}/download`, { maxRedirects: 0 });
  expect(res.status()).toBe(401);
  await anon.dispose();
});
