"""Reviewers notified, on a real Prefect server: a webhook receiver on loopback hears about a run
waiting for review, a failed run and a delivered one, each with the console's and the UI's link;
and every stage's `reelflow.stage.completed` event can be read back from the events API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reelflow.notify import install
from tests.conftest import example_data
from tests.support.probe import needs_ffprobe
from tests.support.servers import free_port, prefect_env, prefect_server
from tests.support.webhooks import TOKEN, Receiver

pytestmark = [needs_ffprobe]
ROOT = Path(__file__).resolve().parents[2]
CONSOLE = "http://127.0.0.1:4399"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Receiver, Path]]:
    home = tmp_path_factory.mktemp("notify")
    with Receiver.running() as receiver, prefect_server(home / "prefect") as base:
        install(f"{base}/api", receiver.url, ui_url=base, console_url=CONSOLE)
        yield base, receiver, home


def _run(base: str, home: Path, name: str, review: str, **env: str) -> subprocess.Popen:
    brief = home / f"{name}.json"
    data = example_data("moa") | {"target_duration_s": 6}
    data["brand"]["name"] = f"Notify {name}"
    brief.write_text(json.dumps(data))
    environ = prefect_env(f"{base}/api", home / "prefect") | {
        "PYTHONPATH": str(ROOT),
        "REELFLOW_OUTPUT_DIR": str(home / "out"),
        "REELFLOW_FPS": "12",
        "REELFLOW_X264_PRESET": "ultrafast",
        **env,
    }
    args = ["run", "moa", "--brief", str(brief), "--review", review, "--short-side", "144"]
    log = (home / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "reelflow", *args],
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _run_id(base: str, title: str, timeout_s: float = 60) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        runs = httpx.post(f"{base}/api/flow_runs/filter", json={"limit": 50}).json()
        for run in runs:
            if run["parameters"].get("brief", {}).get("brand", {}).get("name") == title:
                return run["id"]
        time.sleep(0.5)
    raise AssertionError(f"no run for {title!r}")


def _links(body: dict, base: str, run_id: str) -> None:
    assert f"Review console: {CONSOLE}/review/{run_id}" in body["body"]
    assert f"Prefect UI: {base}/runs/flow-run/{run_id}" in body["body"]


def test_pause_failure_and_delivery_reach_the_webhook_with_links(stack):
    base, receiver, home = stack
    waiting = _run(base, home, "waits", "every")
    failing = _run(
        base, home, "fails", "none", REELFLOW_MEDIA_STORE=f"ftp://127.0.0.1:{free_port()}/x"
    )
    try:
        run_id = _run_id(base, "Notify waits")
        body = receiver.wait_for(run_id, "Waiting for review")
        assert "is waiting for your review" in body["body"]
        _links(body, base, run_id)

        assert failing.wait(120) == 1
        run_id = _run_id(base, "Notify fails")
        body = receiver.wait_for(run_id, "Failed")
        assert "ended Failed" in body["body"] and "media store" in body["body"]
        _links(body, base, run_id)
    finally:
        os.killpg(waiting.pid, signal.SIGKILL)
        waiting.wait()

    delivered = _run(base, home, "delivers", "none")
    assert delivered.wait(300) == 0, (home / "delivers.log").read_text()[-3000:]
    run_id = _run_id(base, "Notify delivers")
    body = receiver.wait_for(run_id, "Delivered")
    _links(body, base, run_id)
    assert all(p == f"/hooks/{TOKEN}" for p in receiver.paths)
    # The URL is a credential: the server's log never shows it.
    assert TOKEN not in (home / "prefect" / "server.log").read_text()

    events = _stage_events(base, run_id)
    assert [(e["payload"]["stage"], e["payload"]["version"]) for e in events] == [
        ("scenes", 1), ("script", 1), ("visuals", 1), ("animations", 1), ("tts", 1), ("render", 1)
    ]  # fmt: skip
    assert {e["payload"]["video_type"] for e in events} == {"moa"}
    assert {e["resource"]["prefect.resource.id"] for e in events} == {f"prefect.flow-run.{run_id}"}


def _stage_events(base: str, run_id: str, timeout_s: float = 60) -> list[dict]:
    """Read the events back from the API (a live subscription may miss some); persisted in
    batches, so poll until all six are there."""
    query = {
        "filter": {
            "event": {"name": ["reelflow.stage.completed"]},
            "resource": {"id": [f"prefect.flow-run.{run_id}"]},
            "order": "ASC",
        },
        "limit": 50,
    }
    deadline = time.monotonic() + timeout_s
    events: list[dict] = []
    while time.monotonic() < deadline:
        events = httpx.post(f"{base}/api/events/filter", json=query).json()["events"]
        if len(events) >= 6:
            return sorted(events, key=lambda e: e["occurred"])
        time.sleep(1)
    raise AssertionError(f"only {len(events)} stage events for {run_id}")
