import type { Db } from "../db/client";
import { browseAzureAssignments } from "../services/browse-azure";
import { browseFindings } from "../services/browse-findings";
import { browseInventory, isInventoryTable } from "../services/browse-inventory";
import { browsePeople } from "../services/browse-people";
import type { OverviewFigure } from "../services/overview-figures";

/** Not filters: the page, the tab, the search box and the order. */
const NOT_FILTERS = new Set(["tab", "q", "sort", "dir", "page", "size"]);

/**
 * Opens a figure's link through the table service its page uses (people, findings, the AWS / Entra inventory tabs):
 * the list's total, and the link parameters the list did not understand (and so silently ignored).
 */
export async function openList(db: Db, href: string): Promise<{ total: number; ignored: string[] }> {
  const url = new URL(href, "http://crosswalk.invalid");
  const params = url.searchParams;
  const path = url.pathname;
  let res: { total: number; query: { filters: Record<string, string> } };
  if (path === "/people") res = await browsePeople(db, params);
  else if (path === "/azure" && params.get("tab") === "assignments") res = await browseAzureAssignments(db, params);
  else if (path === "/findings") res = await browseFindings(db, params);
  else {
    const id = `${path.slice(1)}-${params.get("tab") ?? ""}`;
    if (!isInventoryTable(id)) throw new Error(`${href}: no list behind this link`);
    res = await browseInventory(db, id, params);
  }
  const ignored = [...params.keys()].filter((k) => !NOT_FILTERS.has(k) && res.query.filters[k] !== params.get(k));
  return { total: res.total, ignored };
}

/** The number walk: every linked figure whose list has another number of rows, or ignores a link parameter. */
export async function walkFigures(db: Db, figures: OverviewFigure[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const f of figures) {
    if (f.href === null) continue;
    const { total, ignored } = await openList(db, f.href);
    if (ignored.length) wrong.push(`${f.id} (${f.label}): ${f.href} ignores ${ignored.join(", ")}`);
    if (total !== f.value) wrong.push(`${f.id} (${f.label}) shows ${f.value}, ${f.href} lists ${total}`);
  }
  return wrong;
}
