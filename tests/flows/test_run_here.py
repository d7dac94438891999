"""`run_here`, the CLI's way of running a flow in the user's terminal."""

from __future__ import annotations

from prefect import flow
from prefect.settings import get_current_settings

import flows.registry as registry
from flows.review import ReviewPolicy
from pipeline.video_types import VideoType


@flow
def heartbeat_probe(brief: object, review: ReviewPolicy) -> int | None:
    """Reports the heartbeat interval the run itself sees."""
    return get_current_settings().flows.heartbeat_frequency


def test_run_here_runs_the_type_flow_without_a_heartbeat_thread(prefect_harness, monkeypatch):
    monkeypatch.setitem(registry.FLOWS, VideoType.moa, heartbeat_probe)
    state = registry.run_here(VideoType.moa, {"any": "brief"}, ReviewPolicy.none)
    assert state.is_completed()
    assert state.result() is None  # no heartbeat thread, so no second waited for at the end
    # only that run: deployments' runs (and everything else here) keep Prefect's default
    assert get_current_settings().flows.heartbeat_frequency == 180
