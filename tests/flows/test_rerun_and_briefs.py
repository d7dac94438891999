"""Flow-level behaviour under a real Prefect API: cache reuse across runs and bad briefs."""

from __future__ import annotations

import asyncio

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

from flows.moa import moa
from flows.registry import FLOWS
from pipeline.video_types import VideoType
from tests.conftest import VIDEO_TYPES, example_data, short_brief
from tests.support.probe import needs_ffprobe

STAGES = {"scenes", "script", "visuals", "animations", "tts", "render"}


async def _task_states(flow_run_id) -> dict[str, str]:
    async with get_client() as client:
        runs = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    return {run.name: run.state.name for run in runs}


@needs_ffprobe
def test_second_run_of_same_brief_reuses_every_stage(prefect_harness, tiny_render):
    brief = short_brief("moa", 6)
    first = moa(brief=brief, review="none", return_state=True)
    second = moa(brief=brief, review="none", return_state=True)

    assert first.is_completed() and second.is_completed()
    assert first.result().mp4 == second.result().mp4
    states = asyncio.run(_task_states(second.state_details.flow_run_id))
    stage_runs = {name: state for name, state in states.items() if name.rsplit("-", 1)[0] in STAGES}
    assert {name.rsplit("-", 1)[0] for name in stage_runs} == STAGES
    assert set(stage_runs.values()) == {"Cached"}, stage_runs
    # Per-scene sub-tasks never ran again: their stage's cached result was enough.
    assert not any(
        name.startswith(("render-scene", "visual-scene", "tts-scene")) for name in states
    )


@pytest.mark.parametrize("video_type", VIDEO_TYPES)
def test_flow_rejects_bad_brief_before_any_stage(video_type, prefect_harness, tiny_render):
    data = example_data(video_type)
    del data["brand"]
    state = FLOWS[VideoType(video_type)](brief=data, review="none", return_state=True)
    assert state.is_failed()
    assert "brand" in str(state.message)
    assert not tiny_render.exists(), "no stage should have written anything"
