
-- Appended by prisma/write-migrations.sh: Prisma's schema cannot declare these while the SQLite schema stays identical.
-- Trigram GIN indexes let PostgreSQL answer the substring searches of the list views (search LIKE '%q%' on the
-- lower-cased search columns) without a scan. For 1-2 character or very common needles the planner scans the narrow
-- list indexes instead. pg_trgm is a trusted extension (PostgreSQL 13+). Where it cannot be created the indexes are
-- left out and search scans: slower, same results.
-- No literal semicolon may appear in this file: the pg driver adapter that runs migrations splits scripts on every
-- semicolon, so the block is a U& string whose semicolons are written \003B (a test applies it through Prisma).
DO U&'
DECLARE ext_schema text\003B
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm\003B
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE ''pg_trgm unavailable (%): substring search will scan'', SQLERRM\003B
  END\003B
  SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = ''pg_trgm''\003B
  IF ext_schema IS NOT NULL THEN
    EXECUTE format(''CREATE INDEX IF NOT EXISTS "Principal_search_trgm_idx" ON "Principal" USING gin ("search" %I.gin_trgm_ops)'', ext_schema)\003B
    EXECUTE format(''CREATE INDEX IF NOT EXISTS "Person_search_trgm_idx" ON "Person" USING gin ("search" %I.gin_trgm_ops)'', ext_schema)\003B
  END IF\003B
END'
