"""A whole flow on OpenAI-compatible providers never writes the API key anywhere: not in the
video folder, not in Prefect's stored results, not in the logs, not in the run's artifacts."""

from __future__ import annotations

import asyncio

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.settings import PREFECT_LOCAL_STORAGE_PATH

from flows.moa import moa
from pipeline.settings import load_settings
from tests.conftest import short_brief
from tests.support.fake_openai import fake_openai
from tests.support.probe import needs_ffprobe

KEY = "sk-test-SECRET-flow-987"
pytestmark = [pytest.mark.server, needs_ffprobe]


async def _artifacts(flow_run_id) -> str:
    async with get_client() as client:
        found = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return "\n".join(str(a.data) + str(a.description) for a in found)


def test_flow_on_openai_providers_keeps_the_key_secret(
    prefect_harness, tiny_render, monkeypatch, capfd, caplog
):
    with fake_openai() as server:
        for name, value in {
            "REELFLOW_WRITER": "openai",
            "REELFLOW_IMAGES": "openai",
            "REELFLOW_SPEECH": "openai",
            "OPENAI_API_KEY": KEY,
            "OPENAI_BASE_URL": server.base_url,
        }.items():
            monkeypatch.setenv(name, value)
        load_settings.cache_clear()
        state = moa(brief=short_brief("moa", 6), review="none", return_state=True)
        assert state.is_completed(), state.message
        used = [r for route in ("chat", "images", "speech") for r in server.on(route)]
        assert {r.route for r in used} == {"chat", "images", "speech"}
        assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in used)
        judge = [r for r in server.on("chat") if "overall (net) impression" in r.text()]
        assert len(judge) == 1  # the compliance judge read the script, in its own task
    manifest = state.result().manifest
    assert '"openai"' in open(manifest).read()

    places = [tiny_render, PREFECT_LOCAL_STORAGE_PATH.value()]
    for root in places:
        for path in root.rglob("*"):
            if path.is_file():
                assert KEY.encode() not in path.read_bytes(), path
    out, err = capfd.readouterr()
    assert KEY not in out + err + caplog.text
    assert KEY not in asyncio.run(_artifacts(state.state_details.flow_run_id))
