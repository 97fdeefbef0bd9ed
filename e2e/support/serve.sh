#!/usr/bin/env bash
# Builds the app and starts it on port $1 with a fresh SQLite database in a temp dir (removed on exit).
set -euo pipefail
PORT="${1:?port}"
DIR="$(mktemp -d -t crosswalk-e2e-XXXXXX)"
trap 'rm -rf "$DIR"' EXIT
export DATABASE_URL="file:$DIR/crosswalk.db" CROSSWALK_DATA_DIR="$DIR" NEXT_TELEMETRY_DISABLED=1
npx tsx e2e/support/prepare-db.ts "$DATABASE_URL"
if [ "${E2E_SKIP_BUILD:-0}" != "1" ]; then npx next build >"$DIR/build.log" 2>&1 || { cat "$DIR/build.log"; exit 1; }; fi
exec npx next start -p "$PORT" -H 127.0.0.1
