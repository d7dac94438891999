"""The Prefect server restarted while a run waits for review: the run is still paused afterwards,
and a reviewer's decision carries it on to delivery."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import example_data
from tests.support.probe import needs_ffprobe, probe
from tests.support.servers import free_port, prefect_env

pytestmark = [pytest.mark.server, needs_ffprobe]
ACCEPT = {"decision": "accept", "feedback": "", "reviewer": "fault-test"}


def start_server(home: Path, port: int) -> subprocess.Popen:
    """`prefect server start` on a fixed port, so the restarted one has the same address."""
    env = prefect_env(f"http://127.0.0.1:{port}/api", home)
    env.pop("PREFECT_API_URL")
    log = (home / "server.log").open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
        + ["--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        assert process.poll() is None, (home / "server.log").read_text()[-2000:]
        time.sleep(0.3)
    raise AssertionError("prefect server did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def api(method: str, url: str, **kwargs) -> httpx.Response:
    """An API call that retries while the server is busy or coming back."""
    for _ in range(60):
        try:
            response = httpx.request(method, url, timeout=20, **kwargs)
        except httpx.HTTPError:
            time.sleep(1)
            continue
        if response.status_code not in (429, 503):
            return response
        time.sleep(1)
    raise AssertionError(f"{method} {url} never answered")


def wait_for_pause(api_url: str, known: set[str], timeout_s: float = 180) -> tuple[str, str]:
    """(flow run id, pause key) of a new pause whose form has been saved."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        runs = api("POST", f"{api_url}/flow_runs/filter", json={}).json()
        for run in runs:
            state = run["state"] or {}
            key = (state.get("state_details") or {}).get("pause_key")
            if state.get("type") != "PAUSED" or key in known:
                continue
            schema = api("GET", f"{api_url}/flow_runs/{run['id']}/input/paused-{key}-schema")
            if schema.status_code == 200:
                return run["id"], key
        time.sleep(0.5)
    raise AssertionError("no pause came")


def test_paused_run_survives_a_server_restart_and_a_decision_continues_it(tmp_path):
    home, port = tmp_path / "prefect", free_port()
    home.mkdir()
    api_url = f"http://127.0.0.1:{port}/api"
    server = start_server(home, port)
    brief = tmp_path / "moa.json"
    brief.write_text(json.dumps(example_data("moa") | {"target_duration_s": 6}))
    env = prefect_env(api_url, home) | {
        "REELFLOW_OUTPUT_DIR": str(tmp_path / "out"),
        "REELFLOW_SHORT_SIDE": "144",
        "REELFLOW_FPS": "12",
        "REELFLOW_REVIEW_POLL_S": "1",
    }
    run = subprocess.Popen(
        [sys.executable, "-m", "reelflow", "run", "moa", "--brief", str(brief), "--review", "key"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        run_id, first = wait_for_pause(api_url, set())
        assert first.startswith("scenes")

        stop(server)
        time.sleep(3)  # the run's pause poll meets a closed port meanwhile
        server = start_server(home, port)

        state = api("GET", f"{api_url}/flow_runs/{run_id}").json()["state"]
        assert state["type"] == "PAUSED" and state["state_details"]["pause_key"] == first
        seen = {first}
        answered = api("POST", f"{api_url}/flow_runs/{run_id}/resume", json={"run_input": ACCEPT})
        assert answered.json()["status"] == "ACCEPT"
        for expected in ("script", "render"):
            _, key = wait_for_pause(api_url, seen)
            assert key.startswith(expected)
            seen.add(key)
            api("POST", f"{api_url}/flow_runs/{run_id}/resume", json={"run_input": ACCEPT})
        output, _ = run.communicate(timeout=240)
        assert run.returncode == 0, output[-3000:]
        mp4 = Path(output.strip().splitlines()[-1])
        assert float(probe(mp4)["format"]["duration"]) > 3
        final = api("GET", f"{api_url}/flow_runs/{run_id}").json()["state"]["type"]
        assert final == "COMPLETED"
    finally:
        if run.poll() is None:
            run.kill()
        stop(server)
