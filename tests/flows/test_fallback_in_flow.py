"""With REELFLOW_FALLBACK_TO_OFFLINE on, an unreachable model endpoint does not stop the video:
the offline writer steps in and the manifest says so."""

from __future__ import annotations

import json

import pytest

from flows.moa import moa
from pipeline.settings import load_settings
from tests.conftest import short_brief
from tests.support.probe import needs_ffprobe
from tests.support.servers import free_port

pytestmark = [pytest.mark.server, needs_ffprobe]


def test_unreachable_writer_falls_back_and_the_manifest_records_it(
    prefect_harness, tiny_render, monkeypatch
):
    for name, value in {
        "REELFLOW_WRITER": "openai",
        "REELFLOW_IMAGES": "pillow",
        "REELFLOW_SPEECH": "espeak",
        "OPENAI_API_KEY": "sk-test-fallback",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",  # nobody listens here
        "REELFLOW_OPENAI_BUDGET_S": "3",
        "REELFLOW_OPENAI_MAX_RETRIES": "1",
        "REELFLOW_FALLBACK_TO_OFFLINE": "true",
    }.items():
        monkeypatch.setenv(name, value)
    load_settings.cache_clear()
    state = moa(brief=short_brief("moa", 6), review="none", return_state=True)
    assert state.is_completed(), state.message
    manifest = json.loads(open(state.result().manifest).read())
    assert manifest["providers"]["writer"] == "openai"
    used = {(f["stage"], f["provider"], f["fallback"]) for f in manifest["fallbacks"]}
    assert {("scenes", "openai", "offline"), ("script", "openai", "offline")} <= used, used
    assert all("sk-test-fallback" not in f["cause"] for f in manifest["fallbacks"])
