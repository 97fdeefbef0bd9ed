// Prisma CLI configuration. Prisma 6.19 runs with engine "js" (WebAssembly schema engine, no binary download) and
// the 7.x driver adapters, which the client uses as well. DATABASE_URL picks the provider: postgres(ql):// →
// prisma/postgres, anything else → prisma/sqlite (default file:./data/crosswalk.db).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "file:./data/crosswalk.db";
const provider = /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
const dir = path.join(import.meta.dirname, provider);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(dir, "schema.prisma"),
  migrations: { path: path.join(dir, "migrations") },
  async adapter() {
    if (provider === "sqlite") return new PrismaBetterSqlite3({ url: url.replace(/^file:/, "").replace(/\?.*$/, "") });
    // `?schema=` selects a PostgreSQL schema (tests use one per run); pg itself does not know the parameter.
    const u = new URL(url);
    const schema = u.searchParams.get("schema") ?? "public";
    u.searchParams.delete("schema");
    return new PrismaPg({ connectionString: u.toString(), options: `-c search_path=${schema}` }, { schema });
  },
});
