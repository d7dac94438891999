#!/usr/bin/env bash
# Set up and run the render benchmark (issue 6's table and targets). Extra args go to bench.run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PREFECT_SERVER_ANALYTICS_ENABLED=false
.venv/bin/python -m bench.run "$@"
