"""A deployment run's process killed mid-stage: the run is marked Crashed, and running the same
brief again carries on from its cached stages and the reviewer's recorded decisions."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from reelflow.stack import down, up
from tests.conftest import example_data
from tests.deploy.test_stack import call, resume, state_of, trigger, wait_for_form, wait_state
from tests.support.probe import needs_ffprobe
from tests.support.servers import free_port

pytestmark = [pytest.mark.server, needs_ffprobe]
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@pytest.fixture
def stack(tmp_path, monkeypatch):
    home = tmp_path / "stack"
    for name, value in {
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_LOCAL_STORAGE_PATH": str(home / "results"),
        "REELFLOW_OUTPUT_DIR": str(home / "out"),
        "REELFLOW_SHORT_SIDE": "360",  # a render long enough to be killed in the middle of
        "REELFLOW_FPS": "24",
        "REELFLOW_REVIEW_POLL_S": "1",
    }.items():
        monkeypatch.setenv(name, value)
    started = up(home, port=free_port(), media_port=free_port(), console_port=free_port())
    try:
        yield started
    finally:
        down(home)


def _runs_engine(pid: int) -> bool:
    """Whether `pid` is a flow-run engine (a short-lived child may be gone before it is read)."""
    try:
        return b"prefect.engine" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def children(pid: int) -> list[int]:
    """Every descendant of `pid` (from /proc), nearest first."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop(0)
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
                frontier.append(int(entry.name))
    return found


def running_task(api: str, run_id: str, name_prefix: str) -> bool:
    runs = call(
        "POST",
        f"{api}/task_runs/filter",
        json={"flow_runs": {"id": {"any_": [run_id]}}},
    ).json()
    # A task run created a moment ago may be listed before its first state is set (state None).
    return any(
        r["name"].startswith(name_prefix) and (r["state"] or {}).get("type") == "RUNNING"
        for r in runs
    )


def test_a_killed_run_crashes_and_the_rerun_continues_from_cache_and_decisions(stack):
    api = stack.api_url
    brief = example_data("moa") | {"target_duration_s": 20}
    params = {"brief": brief, "review": "key"}
    first = trigger(api, "moa", "moa-interactive", params)
    assert wait_for_form(api, first).startswith("scenes")
    resume(api, first, "accept", "qa")
    assert wait_for_form(api, first).startswith("script")
    resume(api, first, "accept", "qa")

    deadline = time.monotonic() + 240
    while not running_task(api, first, "render"):
        assert time.monotonic() < deadline, state_of(api, first)
        time.sleep(0.2)
    engines = [pid for pid in children(stack.pids["worker"]) if _runs_engine(pid)]
    assert engines, "the worker runs the flow in a child process"
    for pid in engines:
        os.kill(pid, signal.SIGKILL)
    assert wait_state(api, first, FINAL)["type"] == "CRASHED"

    again = trigger(api, "moa", "moa-interactive", params)
    key = wait_for_form(api, again)
    assert key.startswith("render"), f"the recorded scenes and script decisions replay: {key}"
    tasks = call(
        "POST", f"{api}/task_runs/filter", json={"flow_runs": {"id": {"any_": [again]}}}
    ).json()
    states = {t["name"].split("-")[0]: t["state"]["name"] for t in tasks}
    assert states["scenes"] == states["script"] == "Cached"
    resume(api, again, "accept", "qa")
    assert wait_state(api, again, FINAL)["type"] == "COMPLETED"
