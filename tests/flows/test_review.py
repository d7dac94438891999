"""Creator mode against a real Prefect server: a scripted reviewer resumes the paused run."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.settings import PREFECT_API_URL, PREFECT_LOCAL_STORAGE_PATH

import tasks.script
from flows.moa import moa
from pipeline.settings import load_settings
from tests.conftest import short_brief
from tests.support.probe import needs_ffprobe
from tests.support.reviewer import ScriptedReviewer

pytestmark = [pytest.mark.server, needs_ffprobe]
ACCEPT = {"decision": "accept", "feedback": "", "reviewer": "qa"}


def regenerate(feedback: str) -> dict:
    return {"decision": "regenerate", "feedback": feedback, "reviewer": "qa"}


@pytest.fixture
def review_settings(tiny_render, monkeypatch):
    monkeypatch.setenv("REELFLOW_REVIEW_POLL_S", "1")
    load_settings.cache_clear()
    return tiny_render


def run_with_reviewer(answers, brief=None, **flow_kwargs):
    reviewer = ScriptedReviewer("moa", answers)
    reviewer.start()
    state = moa(
        brief=brief or short_brief("moa", 6), review="every", return_state=True, **flow_kwargs
    )
    reviewer.join(timeout=30)
    assert not reviewer.errors, reviewer.errors
    assert not reviewer.is_alive(), "the reviewer outlived its run"  # spare answers stay unsent
    return state, reviewer


async def _task_runs(flow_run_id) -> list[tuple[str, str]]:
    async with get_client() as client:
        runs = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    return [(r.name, r.state.name) for r in runs]


def ran(runs: list[tuple[str, str]], prefix: str) -> list[str]:
    """Names of task runs starting with `prefix` that really executed (not Cached)."""
    return [name for name, state in runs if name.startswith(prefix) and state != "Cached"]


def test_accept_every_stage_delivers_video_and_audit(prefect_harness, review_settings):
    state, reviewer = run_with_reviewer([ACCEPT] * 6)
    assert state.is_completed(), state.message
    delivery = state.result()
    assert [p.key for p in reviewer.seen] == [
        f"{s}-v1-1" for s in ("scenes", "script", "visuals", "animations", "tts", "render")
    ]
    first = json.loads(reviewer.seen[0].description)
    assert "Stage 1 of 6: scenes" in first and "| # | Title |" in first
    assert "data:image/png;base64," in json.loads(reviewer.seen[2].description)
    audit = json.loads(Path(delivery.audit).read_text())
    assert [d["decision"] for d in audit["decisions"]] == ["accept"] * 6
    assert all(d["output_sha256"] and d["reviewer"] == "qa" for d in audit["decisions"])
    assert Path(delivery.audit).parent == Path(delivery.mp4).parent


def test_regenerate_script_with_feedback_reruns_only_script_onwards(
    prefect_harness, review_settings
):
    answers = [ACCEPT, regenerate("much shorter please"), ACCEPT, ACCEPT, ACCEPT, ACCEPT, ACCEPT]
    state, reviewer = run_with_reviewer(answers)
    assert state.is_completed(), state.message
    v1, v2 = (json.loads(p.description) for p in reviewer.seen[1:3])
    words = [int(text.split(" words")[0].rsplit("— ", 1)[1]) for text in (v1, v2)]
    assert words[1] < words[0], words
    assert "much shorter please" in v2 and "version 2" in v2
    runs = asyncio.run(_task_runs(state.state_details.flow_run_id))
    assert len(ran(runs, "scenes")) == 1
    assert len(ran(runs, "script")) == 2
    assert state.result().stage_versions == {
        "scenes": 1,
        "script": 2,
        "visuals": 1,
        "animations": 1,
        "tts": 1,
        "render": 1,
    }


def test_regenerate_one_scene_redraws_only_that_scene(prefect_harness, review_settings):
    answers = [ACCEPT, ACCEPT, regenerate("scene 2: bigger title"), ACCEPT, ACCEPT, ACCEPT, ACCEPT]
    state, _ = run_with_reviewer(answers)
    assert state.is_completed(), state.message
    runs = asyncio.run(_task_runs(state.state_details.flow_run_id))
    redrawn = ran(runs, "visual-scene")
    n_scenes = len({n for n, _ in runs if n.startswith("visual-scene")})
    assert n_scenes >= 3
    assert redrawn.count("visual-scene-2") == 2
    assert len(redrawn) == n_scenes + 1, redrawn  # all once for v1, then scene 2 again
    cached = sorted(n for n, s in runs if n.startswith("visual-scene") and s == "Cached")
    assert cached == [f"visual-scene-{i}" for i in range(1, n_scenes + 1) if i != 2]


def test_stop_ends_clearly_and_keeps_outputs(prefect_harness, review_settings):
    state, _ = run_with_reviewer([ACCEPT, {"decision": "stop", "feedback": "", "reviewer": "qa"}])
    assert state.is_cancelled()
    assert "stage 'script'" in state.message
    audit_path = state.message.split("(decisions: ")[1].split(")")[0]
    audit = json.loads(Path(audit_path).read_text())
    assert audit["stopped_at"] == "script"
    assert [d["decision"] for d in audit["decisions"]] == ["accept", "stop"]


def test_invalid_input_is_refused_and_the_run_waits_for_a_valid_one(
    prefect_harness, review_settings
):
    too_long = {"decision": "regenerate", "feedback": "x" * 5000, "reviewer": "qa"}
    unknown = {"decision": "approve-ish", "feedback": "", "reviewer": "qa"}
    reviewer = ScriptedReviewer("moa", [too_long, unknown] + [ACCEPT] * 6)
    reviewer.start()
    state = moa(brief=short_brief("moa", 6), review="every", return_state=True)
    reviewer.join(timeout=30)
    assert state.is_completed(), state.message
    assert len(reviewer.rejections) == 2, reviewer.rejections
    assert "feedback" in reviewer.rejections[0] and "too long" in reviewer.rejections[0]
    assert "decision" in reviewer.rejections[1] and "accept" in reviewer.rejections[1]
    assert [p.key for p in reviewer.seen][0] == "scenes-v1-1"  # still the same pause
    assert state.result().stage_versions["scenes"] == 1


def test_flow_side_validation_repauses_with_a_message():
    from flows.review import StageReview, _refuse

    left = {"tts": 3, "script": 3}
    assert "nothing to accept" in _refuse(
        StageReview(decision="accept"), key="tts-v1", stage="tts", failed=True,
        regenerations_left=left,
    )  # fmt: skip
    assert "used all its regenerates" in _refuse(
        StageReview(decision="regenerate"), key="tts-v1", stage="tts", failed=False,
        regenerations_left={"tts": 0},
    )  # fmt: skip


def test_pause_timeout_names_the_stage(prefect_harness, review_settings, monkeypatch):
    monkeypatch.setenv("REELFLOW_REVIEW_TIMEOUT_S", "10")
    load_settings.cache_clear()
    state, _ = run_with_reviewer([ACCEPT, None])
    assert state.is_failed()
    assert "stage 'script'" in state.message and "run the same brief again" in state.message


def test_failed_stage_goes_to_reviewer_then_retry_succeeds(
    prefect_harness, review_settings, monkeypatch
):
    real = tasks.script.write_script
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= 3:  # the first attempt and both retries fail
            raise ConnectionError("writer backend unreachable")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks.script, "write_script", flaky)
    state, reviewer = run_with_reviewer([ACCEPT, regenerate("")] + [ACCEPT] * 5)
    assert state.is_completed(), state.message
    failed_page = json.loads(reviewer.seen[1].description)
    assert "This stage failed" in failed_page and "writer backend unreachable" in failed_page


CHILD = """
import sys
from flows.moa import moa
from tests.conftest import short_brief
moa(brief=short_brief("moa", 6), review="every")
"""


def test_crash_then_rerun_fast_forwards_to_where_the_reviewer_was(prefect_harness, review_settings):
    env = {
        **os.environ,
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "PREFECT_LOCAL_STORAGE_PATH": str(PREFECT_LOCAL_STORAGE_PATH.value()),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], env=env, cwd=Path.cwd(), start_new_session=True
    )
    try:
        reviewer = ScriptedReviewer("moa", [ACCEPT, regenerate("more formal"), None])
        reviewer.start()
        reviewer.join(timeout=120)
        assert [p.key for p in reviewer.seen] == ["scenes-v1-1", "script-v1-1", "script-v2-1"]
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # the worker dies mid-review
        child.wait()
    time.sleep(0.5)
    state, rerun = run_with_reviewer([ACCEPT] * 5)
    assert state.is_completed(), state.message
    assert rerun.seen[0].key == "script-v2-1"  # scenes and script v1 replayed, not asked again
    runs = asyncio.run(_task_runs(state.state_details.flow_run_id))
    assert not ran(runs, "scenes") and len(ran(runs, "script")) == 0
    audit = json.loads(Path(state.result().audit).read_text())
    assert [(d["stage"], d["decision"]) for d in audit["decisions"]][:3] == [
        ("scenes", "accept"),
        ("script", "regenerate"),
        ("script", "accept"),
    ]


def test_a_stale_decision_is_refused_and_the_current_stage_stays_paused(
    prefect_harness, review_settings
):
    stale = regenerate("shorter") | {"pause": "scenes-v1"}  # a form still showing the scenes
    answers = [ACCEPT | {"pause": "scenes-v1"}, stale, ACCEPT, ACCEPT, ACCEPT, ACCEPT, ACCEPT]
    state, reviewer = run_with_reviewer([*answers, ACCEPT])

    assert state.is_completed(), state.message
    keys = [pause.key for pause in reviewer.seen]
    assert keys[:3] == ["scenes-v1-1", "script-v1-1", "script-v1-2"]
    assert "was made for scenes-v1, which has already been decided" in reviewer.seen[2].description
    assert state.result().stage_versions == {stage: 1 for stage in state.result().stage_versions}
