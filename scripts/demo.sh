#!/usr/bin/env bash
# Set up and render the five example videos offline. Extra args go to `reelflow demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PREFECT_SERVER_ANALYTICS_ENABLED=false
.venv/bin/reelflow demo "$@"
