#!/usr/bin/env bash
# Set up and run the whole test suite. Extra args go to pytest.
# --fast (first arg): the inner loop, without Prefect servers, browsers or full renders (~1 min).
set -euo pipefail
cd "$(dirname "$0")/.."
fast=()
if [[ "${1:-}" == --fast ]]; then
  fast=(-m "not server and not e2e and not browser")
  shift
fi
bash scripts/setup.sh test
bash scripts/system-deps.sh
export PREFECT_SERVER_ANALYTICS_ENABLED=false
.venv/bin/ruff check .
.venv/bin/python -m pytest "${fast[@]}" "$@"
