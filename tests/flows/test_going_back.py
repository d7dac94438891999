"""Going back from the render to the script: the script is redone, later stages reuse the cache."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from pipeline.settings import load_settings
from tests.flows.test_review import ACCEPT, _task_runs, ran, run_with_reviewer
from tests.support.probe import needs_ffprobe

pytestmark = [pytest.mark.server, needs_ffprobe]
BACK = {"decision": "back", "back_to": "script", "feedback": "scene 3: simpler", "reviewer": "qa"}


def cached(runs: list[tuple[str, str]], prefix: str) -> list[str]:
    return sorted(name for name, state in runs if name.startswith(prefix) and state == "Cached")


def test_back_from_render_to_script_redoes_only_what_the_new_script_changes(
    prefect_harness, tiny_render, monkeypatch
):
    monkeypatch.setenv("REELFLOW_REVIEW_POLL_S", "1")
    load_settings.cache_clear()
    state, reviewer = run_with_reviewer([ACCEPT] * 5 + [BACK] + [ACCEPT] * 5)
    assert state.is_completed(), state.message

    keys = [pause.key for pause in reviewer.seen]
    assert keys[5:] == [
        "render-v1-1",
        "script-v2-b1-1",
        "visuals-v1-b1-1",
        "animations-v1-b1-1",
        "tts-v1-b1-1",
        "render-v1-b1-1",
    ]
    assert "**back** with `back_to` (scenes, script, visuals" in reviewer.seen[5].description
    script_page = json.loads(reviewer.seen[6].description)
    assert "version 2" in script_page and "scene 3: simpler" in script_page

    runs = asyncio.run(_task_runs(state.state_details.flow_run_id))
    assert len(ran(runs, "scenes")) == 1 and len(ran(runs, "script")) == 2
    # Only scene 3's line changed: its slide and speech are made again, scenes 1 and 2 come
    # from the cache (the visuals stage itself runs again: its script input changed).
    assert sorted(ran(runs, "visual-scene")) == [f"visual-scene-{i}" for i in (1, 2, 3, 3)]
    assert cached(runs, "visual-scene") == ["visual-scene-1", "visual-scene-2"]
    assert sorted(ran(runs, "tts-scene")) == [f"tts-scene-{i}" for i in (1, 2, 3, 3)]
    assert cached(runs, "tts-scene") == ["tts-scene-1", "tts-scene-2"]

    delivery = state.result()
    assert delivery.stage_versions == {
        "scenes": 1,
        "script": 2,
        "visuals": 1,
        "animations": 1,
        "tts": 1,
        "render": 1,
    }
    audit = json.loads(Path(delivery.audit).read_text())
    decisions = [
        (d["stage"], d["version"], d["decision"], d["back_to"]) for d in audit["decisions"]
    ]
    assert decisions[5:7] == [("render", 1, "back", "script"), ("script", 2, "accept", "")]
    assert audit["decisions"][5]["feedback"] == "scene 3: simpler"
    assert [d[0] for d in decisions[7:]] == ["visuals", "animations", "tts", "render"]
