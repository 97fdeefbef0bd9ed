import fs from "node:fs";
import { describe, expect, it } from "vitest";

// The PostgreSQL schema is the scale path of the same model: only the provider and the generated client's folder
// may differ.
describe("prisma schemas", () => {
  it("are identical but for provider and output", () => {
    const norm = (f: string) =>
      fs
        .readFileSync(f, "utf8")
        .replace(/provider = "(sqlite|postgresql)"/, 'provider = "<db>"')
        .replace(/generated\/(sqlite|postgres)"/, 'generated/<db>"');
    expect(norm("prisma/postgres/schema.prisma")).toBe(norm("prisma/sqlite/schema.prisma"));
  });

  it("have the same migrations, by name", () => {
    const list = (p: string) =>
      fs
        .readdirSync(p)
        .filter((d) => !d.endsWith(".toml"))
        .sort();
    expect(list("prisma/postgres/migrations")).toEqual(list("prisma/sqlite/migrations"));
  });
});
