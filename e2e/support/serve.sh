#!/usr/bin/env bash
# Builds the app and starts it on port $1 with a fresh SQLite database in a temp dir (removed on exit). Also starts the
# Entra developer's fake Microsoft identity platform + Graph (lib/fakes/entra) seeded from e2e/fixtures/entra, trusts
# its self-signed CA through NODE_EXTRA_CA_CERTS (inherited by the sync child processes), and writes its connection
# details to test-results/e2e-fake-entra.json for the specs.
set -euo pipefail
PORT="${1:?port}"
DIR="$(mktemp -d -t crosswalk-e2e-XXXXXX)"
FAKE_PID=""
cleanup() { [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT
export DATABASE_URL="file:$DIR/crosswalk.db" CROSSWALK_DATA_DIR="$DIR" NEXT_TELEMETRY_DISABLED=1
# E2E_SCALE=1: the synthetic 100k-user AWS account and its people (e2e/inventory-scale.spec.ts): 0.5–1.5 min to store.
npx tsx e2e/support/prepare-db.ts "$DATABASE_URL" ${E2E_SCALE:+--synthetic 100000}
# E2E_SAMPLE=1: the sample organisation with its earlier state (two snapshots per source, for drift) — the
# comparison-view specs need it.
if [ "${E2E_SAMPLE:-0}" = "1" ]; then npx tsx lib/cli/main.ts demo --history >>"$DIR/demo.log" 2>&1 || { cat "$DIR/demo.log"; exit 1; }; fi

npx tsx lib/fakes/entra/serve.ts --fixture e2e/fixtures/entra --port 0 --ca-file "$DIR/fake-entra-ca.pem" --ca-interval-ms 0 >"$DIR/fake.out" 2>"$DIR/fake.err" &
FAKE_PID=$!
for _ in $(seq 1 100); do grep -q caFile "$DIR/fake.out" 2>/dev/null && break; sleep 0.2; done
grep -q caFile "$DIR/fake.out" || { cat "$DIR/fake.err"; exit 1; }
mkdir -p test-results
grep caFile "$DIR/fake.out" | head -1 >test-results/e2e-fake-entra.json
export NODE_EXTRA_CA_CERTS="$DIR/fake-entra-ca.pem"

if [ "${E2E_SKIP_BUILD:-0}" != "1" ]; then npx next build >"$DIR/build.log" 2>&1 || { cat "$DIR/build.log"; exit 1; }; fi
npx next start -p "$PORT" -H 127.0.0.1 &
wait $!
