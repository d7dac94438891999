"""Execute a flow run the console created, when no worker serves the type's deployment.

`python -m reelflow.console.launch <flow run id>`: the run already exists in Prefect (so the
console knows its id before it starts); this process picks it up and runs the type's flow in it,
exactly as a process worker would, against the API in PREFECT_API_URL.
"""

from __future__ import annotations

import sys
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.flow_engine import load_flow_run, run_flow
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from flows.registry import FLOWS


def main(run_id: str) -> int:
    """Run the flow run `run_id`; the exit code says whether it completed."""
    flow_run = load_flow_run(UUID(run_id))
    with get_client(sync_client=True) as client:
        name = client.read_flow(flow_run.flow_id).name
    # No heartbeat thread: see flows.registry.run_here (it holds every run's end up to a second).
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        state = run_flow(FLOWS[name], flow_run=flow_run, return_type="state")
    return 0 if state.is_completed() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
