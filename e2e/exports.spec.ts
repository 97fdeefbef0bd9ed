import { expect, test } from "@playwright/test";
import { NAV } from "../app/components/nav";
import { needsSample } from "./support/sample";
import { signIn } from "./support/session";

// Every table a page shows offers "Export CSV" / "Export JSON" of exactly what it shows. Walks each page of the left
// rail and each of its tabs, follows every export link and checks that it answers with the file (a table missing
// from lib/services/table-exports.ts would answer 404 NOT_FOUND).
test("every table the pages show is exportable", async ({ page }) => {
  needsSample();
  test.setTimeout(300_000); // some 25 pages and 28 exports
  await signIn(page);
  const exports = new Map<string, string>(); // export href → page it was found on
  const seen = new Set<string>();
  const queue: string[] = NAV.map((n) => n.href);
  while (queue.length > 0) {
    const href = queue.shift()!;
    if (seen.has(href)) continue;
    seen.add(href);
    await page.goto(href, { waitUntil: "domcontentloaded" });
    for (const a of await page.locator('a[href^="/api/export/"]').all()) {
      const link = (await a.getAttribute("href"))!;
      if (!exports.has(link)) exports.set(link, href);
    }
    // The tabs of an inventory page (one table each) and its named sub-pages (/access-controls/coverage), not the
    // detail pages of its rows (/people/12, /sources/<id>).
    const path = new URL(page.url()).pathname;
    for (const a of await page.locator(`main a[href^="${path}"]`).all()) {
      const link = (await a.getAttribute("href"))!;
      if (link.startsWith(`${path}?tab=`) || /^\/[a-z-]+\/[a-z]+(-[a-z]+)*$/.test(link)) queue.push(link);
    }
  }

  const failed: string[] = [];
  for (const [link, from] of exports) {
    const res = await page.request.get(link);
    const type = res.headers()["content-type"] ?? "";
    const ok = res.status() === 200 && (link.includes("format=json") ? /json/.test(type) : /text\/csv/.test(type));
    if (!ok) failed.push(`${link} (on ${from}): ${res.status()} ${type} ${(await res.text()).slice(0, 200)}`);
  }
  expect(failed).toEqual([]);
  const tables = [...new Set([...exports.keys()].map((l) => new URL(l, "http://x").pathname.split("/")[3]))].sort();
  expect(tables).toEqual(
    [
      "aws-groups",
      "aws-policies",
      "aws-roles",
      "aws-users",
      "azure-assignments",
      "ca-coverage",
      "drift",
      "entra-apps",
      "entra-ca",
      "entra-groups",
      "entra-locations",
      "entra-roles",
      "entra-users",
      "findings",
      "people",
    ].sort(),
  );
});
