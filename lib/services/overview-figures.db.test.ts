import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { browseFindings } from "./browse-findings";
import { browseInventory, isInventoryTable } from "./browse-inventory";
import { browsePeople } from "./browse-people";
import { loadSample } from "./load-sample";
import { getOverview } from "./overview";
import { listSourceSummaries } from "./browse-sources";
import { overviewFigures, sourceFigures, type OverviewFigure } from "./overview-figures";

/*
 * The number walk: every number of the overview opens a list of exactly that many rows. Each figure's link is
 * opened through the table service its page uses (people, findings, the AWS / Entra inventory tabs), on the sample
 * organisation; a link parameter the list does not understand (and so silently ignores) fails too. Generic over
 * overviewFigures(), so a number added to the overview is walked without changing this test. Runs on SQLite and,
 * with TEST_DATABASE=postgres, on PostgreSQL.
 */

/** Not filters: the page, the tab, the search box and the order. */
const NOT_FILTERS = new Set(["tab", "q", "sort", "dir", "page", "size"]);

async function openList(t: TestDb, href: string): Promise<{ total: number; ignored: string[] }> {
  const url = new URL(href, "http://crosswalk.invalid");
  const params = url.searchParams;
  const path = url.pathname;
  let res: { total: number; query: { filters: Record<string, string> } };
  if (path === "/people") res = await browsePeople(t.db, params);
  else if (path === "/findings") res = await browseFindings(t.db, params);
  else {
    const id = `${path.slice(1)}-${params.get("tab") ?? ""}`;
    if (!isInventoryTable(id)) throw new Error(`${href}: no list behind this link`);
    res = await browseInventory(t.db, id, params);
  }
  const ignored = [...params.keys()].filter((k) => !NOT_FILTERS.has(k) && res.query.filters[k] !== params.get(k));
  return { total: res.total, ignored };
}

describe("overview number walk (sample organisation)", () => {
  let t: TestDb;
  let figures: OverviewFigure[];
  beforeAll(async () => {
    t = await freshTestDb();
    await loadSample(t.db, { rebase: false });
    figures = overviewFigures(await getOverview(t.db));
  }, 240_000);
  afterAll(async () => t.close());

  it("has the numbers of both clouds, the people and the findings", () => {
    const ids = figures.map((f) => f.id);
    for (const id of ["aws.users", "aws.admins", "entra.admins", "aws.tier.none", "entra.stale.never", "people.linked"])
      expect(ids, id).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("every linked number opens a list of exactly that many rows", async () => {
    const wrong: string[] = [];
    for (const f of figures) {
      if (f.href === null) continue;
      const { total, ignored } = await openList(t, f.href);
      if (ignored.length) wrong.push(`${f.id} (${f.label}): ${f.href} ignores ${ignored.join(", ")}`);
      if (total !== f.value) wrong.push(`${f.id} (${f.label}) shows ${f.value}, ${f.href} lists ${total}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("every count on the Sources page opens that source's list of exactly that many rows", async () => {
    const wrong: string[] = [];
    const sources = await listSourceSummaries(t.db);
    expect(sources.length).toBe(3);
    for (const s of sources) {
      for (const f of sourceFigures(s.source.kind, s.source.id, s.counts ?? {})) {
        if (f.href === null || f.value === null) {
          wrong.push(`${s.source.name} ${f.label}: not collected in the sample`);
          continue;
        }
        const { total, ignored } = await openList(t, f.href);
        if (ignored.length) wrong.push(`${s.source.name} ${f.label}: ${f.href} ignores ${ignored.join(", ")}`);
        if (total !== f.value) wrong.push(`${s.source.name} ${f.label} shows ${f.value}, ${f.href} lists ${total}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});
