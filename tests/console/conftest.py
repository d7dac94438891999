"""A real console on loopback: uvicorn in a thread, the session's real Prefect server behind it,
and flow runs executed in child processes with tiny render settings."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from websockets.sync.client import ClientConnection, connect

from reelflow.console.app import ConsoleConfig
from reelflow.console.auth import Access
from reelflow.console.background import console_thread
from tests.conftest import example_data
from tests.support.servers import free_port

AUTH = "reviewer:s3cret-pass"


@dataclass
class Console:
    """A running console: its base URL and where its videos are made."""

    url: str
    output_dir: Path
    auth: str

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/ws/creator"

    def connect(self, auth: bool = True, **kwargs) -> Client:
        headers = {}
        if auth:
            import base64

            headers["Authorization"] = "Basic " + base64.b64encode(self.auth.encode()).decode()
        return Client(connect(self.ws_url, additional_headers=headers, **kwargs))


@dataclass
class Client:
    """A websocket client that reads messages until the one a test waits for."""

    ws: ClientConnection
    backlog: list[dict] = field(default_factory=list)

    def send(self, message: dict | str) -> None:
        self.ws.send(message if isinstance(message, str) else json.dumps(message))

    def receive(self, timeout_s: float = 30) -> dict:
        return json.loads(self.ws.recv(timeout=timeout_s))

    def until(self, *statuses: str, timeout_s: float = 120, **match) -> dict:
        """The first message, kept or new, whose status is one of `statuses` and fields match.

        Messages passed over are kept for later calls: the order in which a run's news and an
        answer to this client arrive is not the test's business.
        """

        def wanted(message: dict) -> bool:
            return message["status"] in statuses and all(
                message.get(k) == v for k, v in match.items()
            )

        for index, message in enumerate(self.backlog):
            if wanted(message):
                return self.backlog.pop(index)
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {statuses} {match} within {timeout_s} s: {self.backlog}")
            message = self.receive(left)
            if wanted(message):
                return message
            if message["status"] == "failed" and "failed" not in statuses:
                raise AssertionError(f"run failed: {message}")
            self.backlog.append(message)

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def moa_brief(seconds: float = 6) -> dict:
    """The moa example at `seconds`. The console's output folder is shared by the session and a
    run of the same brief replays the decisions recorded there: each test takes its own length."""
    data = example_data("moa")
    data["target_duration_s"] = seconds
    data.pop("video_type", None)
    return data


@pytest.fixture(scope="session")
def console_env(tmp_path_factory) -> Iterator[Path]:
    """Tiny renders for the runs the console launches (they inherit this environment)."""
    out = tmp_path_factory.mktemp("console-out")
    patch = pytest.MonkeyPatch()
    for name, value in {
        "REELFLOW_OUTPUT_DIR": str(out),
        "REELFLOW_SHORT_SIDE": "144",
        "REELFLOW_FPS": "12",
        "REELFLOW_X264_PRESET": "ultrafast",
        "REELFLOW_REVIEW_POLL_S": "1",
    }.items():
        patch.setenv(name, value)
    yield out
    patch.undo()


@pytest.fixture(scope="session")
def console(prefect_harness, console_env, tmp_path_factory) -> Iterator[Console]:
    """The console app served by uvicorn on a free loopback port, for the whole session."""
    config = ConsoleConfig(
        output_dir=console_env,
        log_dir=tmp_path_factory.mktemp("console-logs"),
        access=Access(auth=AUTH, messages_per_s=50, burst=60),
        reconcile_s=1.0,
    )
    with console_thread(config, free_port()) as url:
        yield Console(url, console_env, AUTH)
