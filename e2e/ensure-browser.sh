#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (Playwright's own browser download cannot work on these machines).
# Installs it when missing and we may (root); otherwise says what to do.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "e2e: installing Debian's chromium (once)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "e2e: /usr/bin/chromium is missing: run 'sudo apt-get install -y chromium' and try again" >&2
exit 1
