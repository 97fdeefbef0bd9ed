#!/usr/bin/env bash
# Writes a migration for both providers from the difference between the applied migrations and the schemas
# (`migrate dev` does not run under engine "js"). Usage: npm run db:migrations -- <name>
# Until the first release the project keeps a single init migration: with no name, it is rewritten from scratch.
# Provider-specific SQL that Prisma's schema cannot express (prisma/<provider>/*.sql, e.g. PostgreSQL trigram indexes)
# is appended to the init migration; a named migration never drops those indexes (the diff does not know them).
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
stamp=$(date -u +%Y%m%d%H%M%S) # one name for both providers (test/prisma-schemas.test.ts compares them)
for p in sqlite postgres; do
  if [ "$p" = sqlite ]; then url="file:./data/migrations-check.db"; else url="${MIGRATIONS_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}"; fi
  if [ -z "$name" ]; then
    dir="prisma/$p/migrations/20261124000000_init"; mkdir -p "$dir"
    DATABASE_URL="$url" npx prisma migrate diff --config prisma/config.ts --from-empty \
      --to-schema-datamodel "prisma/$p/schema.prisma" --script > "$dir/migration.sql"
    for extra in "prisma/$p"/*.sql; do
      if [ -e "$extra" ]; then cat "$extra" >> "$dir/migration.sql"; fi
    done
  else
    # NOTE: `--from-migrations` replays the migrations into a shadow database through the driver adapter, whose
    # executeRaw runs one statement only (better-sqlite3 prepare), so replaying a migration file fails with P3006.
    # The schema committed with the newest migration is the same state: diff from it instead.
    last=$(git log -1 --format=%H -- "prisma/$p/migrations")
    before="data/schema-before-$p.prisma"; mkdir -p data
    git show "$last:prisma/$p/schema.prisma" > "$before"
    dir="prisma/$p/migrations/${stamp}_$name"; mkdir -p "$dir"
    DATABASE_URL="$url" npx prisma migrate diff --config prisma/config.ts --from-schema-datamodel "$before" \
      --to-schema-datamodel "prisma/$p/schema.prisma" --script > "$dir/diff.sql"
    rm "$before"
    grep -v '^DROP INDEX "[A-Za-z]*_trgm_idx";' "$dir/diff.sql" > "$dir/migration.sql" || true
    rm "$dir/diff.sql"
  fi
  echo "wrote $dir/migration.sql"
done
npm run db:generate >/dev/null
