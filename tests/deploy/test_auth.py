"""Basic auth on the whole stack: the API refuses anonymous calls, an authenticated worker still
runs flows, and the media server asks for the same credentials."""

from __future__ import annotations

import time

import httpx
import pytest

from reelflow.stack import down, up
from tests.conftest import example_data
from tests.deploy.test_stack import FINAL, video_link
from tests.support.probe import needs_ffprobe
from tests.support.servers import free_port

pytestmark = [pytest.mark.server, needs_ffprobe]
AUTH = ("reviewer", "correct-horse-battery")


def test_basic_auth_refuses_strangers_and_lets_the_worker_work(tmp_path, monkeypatch):
    for name, value in {
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_LOCAL_STORAGE_PATH": str(tmp_path / "results"),
        "REELFLOW_OUTPUT_DIR": str(tmp_path / "out"),
        "REELFLOW_SHORT_SIDE": "144",
        "REELFLOW_FPS": "12",
    }.items():
        monkeypatch.setenv(name, value)
    stack = up(
        tmp_path,
        port=free_port(),
        media_port=free_port(),
        console_port=free_port(),
        auth=":".join(AUTH),
    )
    try:
        api = stack.api_url
        assert httpx.post(f"{api}/flow_runs/filter", json={}).status_code == 401
        wrong = httpx.post(f"{api}/flow_runs/filter", json={}, auth=("reviewer", "nope"))
        assert wrong.status_code == 401

        with httpx.Client(auth=AUTH, timeout=30) as client:
            dep = client.get(f"{api}/deployments/name/moa/moa-interactive").json()
            brief = example_data("moa") | {"target_duration_s": 6}
            run = client.post(
                f"{api}/deployments/{dep['id']}/create_flow_run",
                json={"parameters": {"brief": brief, "review": "none"}},
            ).json()
            deadline = time.monotonic() + 240
            while (state := client.get(f"{api}/flow_runs/{run['id']}").json()["state"])[
                "type"
            ] not in FINAL:
                assert time.monotonic() < deadline, state
                time.sleep(0.5)
        assert state["type"] == "COMPLETED", state

        link = video_link(api, run["id"], auth=AUTH)
        assert httpx.get(link).status_code == 401
        assert httpx.get(link, auth=AUTH).status_code == 200
    finally:
        down(tmp_path)
