#!/usr/bin/env bash
# Set up everything the test suite needs, then run it once.
#   bash scripts/test.sh [pytest args]
# Installs Debian's chromium when it is missing (as root), makes a virtual environment in .venv
# with the package and its test extra, and runs pytest. The Cypher lint test needs node and npm
# (it runs npm ci itself, into a temporary folder). The browser and Bolt-server tests use
# real parts; with CI=true they fail instead of skipping when a part is missing.
# Each step says what it does and how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."

step_start=$SECONDS
step() { echo "== $1"; step_start=$SECONDS; }
done_step() { echo "   ($(( SECONDS - step_start )) s)"; }

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    step "installing chromium (Debian package) for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    done_step
  else
    echo "note: chromium is not installed; browser tests will skip (install Debian's 'chromium' package)" >&2
  fi
fi

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  echo "node $(node --version) and npm found: the Cypher lint test installs its pinned linter with npm ci into a temporary folder"
else
  echo "note: node and npm are not installed; the Cypher lint test will skip (with CI=true it fails)" >&2
fi

step "making .venv and installing regime-explorer with its test extra (pytest, playwright, arcadedb-embedded, followthemoney, hypothesis)"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
done_step

step "running pytest $*"
exec .venv/bin/python -m pytest "$@"
