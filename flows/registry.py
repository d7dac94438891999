"""Video type → flow, for the CLI and the tests.

Each type's flow is `flows/<type>.py:<type>` (the same entrypoint `prefect.yaml` deploys), so the
map is derived from the registered video types: a new type adds its file, not a line here.
"""

from __future__ import annotations

from importlib import import_module

from prefect import Flow
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.states import State

from flows.review import ReviewPolicy
from pipeline.video_types import SPECS, Brief, VideoType

FLOWS: dict[str, Flow] = {name: getattr(import_module(f"flows.{name}"), name) for name in SPECS}


def run_here(video_type: VideoType, brief: Brief, review: ReviewPolicy) -> State:
    """Run a video's flow in this process, as `reelflow run` does, and return its final state.

    Prefect 3.8's flow heartbeat thread sleeps in one-second steps and the engine waits for it
    when the flow ends, which added up to a second to every run (0.85 s of a 1.1 s cached rerun).
    Heartbeats only feed zombie-run automations, which watch worker-run deployments (they keep
    them); a run in the user's own terminal is watched by the user, so it goes without.
    """
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return FLOWS[video_type](brief=brief, review=review, return_state=True)
