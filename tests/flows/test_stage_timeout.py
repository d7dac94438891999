"""A stage over its time limit is stopped, named with its limit, and goes to the reviewer."""

from __future__ import annotations

import json
import time

import pytest

import tasks.scenes
import tasks.script
from flows.moa import moa
from pipeline.settings import load_settings
from tests.conftest import short_brief
from tests.support.probe import needs_ffprobe
from tests.support.reviewer import ScriptedReviewer

pytestmark = [pytest.mark.server, needs_ffprobe]
ACCEPT = {"decision": "accept", "feedback": "", "reviewer": "qa"}
RETRY = {"decision": "regenerate", "feedback": "", "reviewer": "qa"}


# pytest-timeout's default (signal) method holds SIGALRM, which Prefect needs to interrupt a
# blocking call on the main thread, as it does in `reelflow run` and on a worker. The thread
# method ends the whole session on a timeout, so a pause nobody answers must end first: the
# review timeout (120 s) is well inside pytest's 300 s.
@pytest.mark.timeout(300, method="thread")
def test_a_slow_stage_is_stopped_at_its_limit_and_reviewed_like_a_failure(
    prefect_harness, tiny_render, monkeypatch
):
    monkeypatch.setenv("REELFLOW_REVIEW_POLL_S", "1")
    monkeypatch.setenv("REELFLOW_REVIEW_TIMEOUT_S", "120")
    monkeypatch.setenv("REELFLOW_STAGE_TIMEOUT_S__SCRIPT", "1")
    load_settings.cache_clear()
    real = tasks.script.write_script
    calls = {"n": 0, "slept_through": False}

    def slow_first(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            time.sleep(120)  # hangs far past the 1 s limit unless it is really stopped
            calls["slept_through"] = True
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks.script, "write_script", slow_first)
    reviewer = ScriptedReviewer("moa", [ACCEPT, RETRY] + [ACCEPT] * 5)
    reviewer.start()
    state = moa(brief=short_brief("moa", 6), review="every", return_state=True)
    reviewer.join(timeout=60)
    assert not reviewer.errors, reviewer.errors

    assert state.is_completed(), state.message
    assert not calls["slept_through"] and calls["n"] == 2  # stopped, not retried, then redone
    failed = json.loads(reviewer.seen[1].description)
    assert reviewer.seen[1].key == "script-v1-1" and "This stage failed" in failed
    assert "Stage 'script' ran longer than its limit of 1 s and was stopped" in failed
    assert "REELFLOW_STAGE_TIMEOUT_S__SCRIPT" in failed
    assert state.result().stage_versions["script"] == 2


@pytest.mark.timeout(300, method="thread")
def test_an_unattended_run_fails_naming_the_stage_and_limit(
    prefect_harness, tiny_render, monkeypatch
):
    monkeypatch.setenv("REELFLOW_STAGE_TIMEOUT_S__SCENES", "1")
    load_settings.cache_clear()

    def hang(*args, **kwargs):
        time.sleep(120)

    monkeypatch.setattr(tasks.scenes, "plan_scenes", hang)
    state = moa(brief=short_brief("moa", 6), review="none", return_state=True)
    assert state.is_failed()
    assert "Stage 'scenes' ran longer than its limit of 1 s" in state.message
