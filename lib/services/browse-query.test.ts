import { describe, expect, it } from "vitest";
import { parseTableQuery, tableHref, triState } from "./browse-query";

const meta = {
  columns: [
    { key: "name", label: "Name", sortable: true },
    { key: "lastActivity", label: "Last activity", sortable: true },
    { key: "arn", label: "ARN" },
  ],
  filters: [
    {
      key: "enabled",
      label: "Enabled",
      options: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ],
    },
  ],
  defaultSort: "name",
  defaultDir: "asc" as const,
};

describe("parseTableQuery", () => {
  it.each([
    [{}, { q: "", sort: "name", dir: "asc", page: 1, size: 100, filters: {} }],
    [
      { q: "  Alice ", sort: "lastActivity", dir: "desc", page: "3", size: "500", enabled: "no" },
      { q: "Alice", sort: "lastActivity", dir: "desc", page: 3, size: 500, filters: { enabled: "no" } },
    ],
    // unknown sort key, bad dir, page and size, unknown filter value: defaults
    [
      { sort: "arn; DROP TABLE", dir: "sideways", page: "-2", size: "7", enabled: "maybe" },
      { q: "", sort: "name", dir: "asc", page: 1, size: 100, filters: {} },
    ],
    [{ sort: "arn" }, { q: "", sort: "name", dir: "asc", page: 1, size: 100, filters: {} }],
  ])("%j", (input, expected) => {
    expect(parseTableQuery(meta, input)).toEqual(expected);
  });

  it("reads URLSearchParams and caps the search length", () => {
    const q = parseTableQuery(meta, new URLSearchParams({ q: "x".repeat(500) }));
    expect(q.q).toHaveLength(200);
  });
});

describe("tableHref", () => {
  it("round-trips a query and leaves defaults out", () => {
    const q = parseTableQuery(meta, { q: "bob", enabled: "yes", page: "2" });
    const href = tableHref("/aws", q);
    expect(href).toBe("/aws?q=bob&enabled=yes&sort=name&dir=asc&page=2");
    expect(parseTableQuery(meta, new URLSearchParams(href.split("?")[1]))).toEqual(q);
    expect(tableHref("/aws", q, { page: undefined, sort: "lastActivity" })).toBe(
      "/aws?q=bob&enabled=yes&dir=asc&sort=lastActivity",
    );
  });
});

describe("triState", () => {
  it("maps yes/no/unknown to true/false/null", () => {
    expect([triState("yes"), triState("no"), triState("unknown"), triState(undefined)]).toEqual([
      true,
      false,
      null,
      undefined,
    ]);
    expect(() => triState("x")).toThrow();
  });
});
