"""A private Prefect server for one `reelflow run`, its log in a file instead of the terminal.

With no `PREFECT_API_URL`, Prefect starts a temporary SQLite-backed server whose output shares
the user's terminal; under a render's load that server logs "database is locked" tracebacks
(clients retry and the run succeeds), which read like a crash. reelflow starts the same server
itself, the same way Prefect does (uvicorn on Prefect's app factory, UI off), with its output in
`.reelflow/logs/ephemeral-server.log`, and stops it by PID when the run ends.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import prefect
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

STARTUP_TIMEOUT_S = 60.0
DRAIN_TIMEOUT_S = 10.0


class EphemeralServerError(RuntimeError):
    """The private server did not come up; the message points at its log."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def private_server(logs: Path, *, ephemeral: bool = False) -> Iterator[str]:
    """Run a Prefect server for the duration of the block; yield its API URL.

    Does nothing (yields the configured URL) when `PREFECT_API_URL` is already set. With
    `ephemeral`, the server runs as Prefect's own no-server mode runs it: only the services an
    ephemeral server needs (the task-run recorder), without the scheduler, late-run, cancellation,
    event-persister and automation loops that poll the SQLite database every few seconds. A batch
    uses it: its runs need none of those, and on two cores their polling took CPU from the videos.
    """
    configured = PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / "ephemeral-server.log"
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        **get_current_settings().to_environment_variables(exclude_unset=True),
        "PREFECT_UI_ENABLED": "0",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    if ephemeral:
        env |= {"PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    args = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(Path(prefect.__file__).parent.parent),
        "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "warning", "--lifespan", "on",
    ]  # fmt: skip
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_healthy(api_url, process, log_path)
        with temporary_settings({PREFECT_API_URL: api_url}):
            try:
                yield api_url
            finally:
                # Logs and events are sent in the background: send them before the server goes,
                # or their workers retry a closed port for a minute and a half at exit.
                APILogWorker.drain_all(timeout=DRAIN_TIMEOUT_S)
                EventsWorker.drain_all(timeout=DRAIN_TIMEOUT_S)
    finally:
        _stop(process)


def _wait_healthy(api_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Poll `/health` until it answers 200.

    Plain `http.client` on one port: an `httpx.get` per poll built a new TLS context (the CA
    bundle parsed again) every 0.1 s, which took a good part of a core from the server and the
    batch workers starting beside it.
    """
    url = urlsplit(f"{api_url}/health")
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EphemeralServerError(
                f"the local Prefect server exited with code {process.returncode}: see {log_path}"
            )
        if _answers(url.hostname or "127.0.0.1", url.port or 80, url.path):
            return
        time.sleep(0.05)
    raise EphemeralServerError(
        f"the local Prefect server did not answer within {STARTUP_TIMEOUT_S:g} s: see {log_path}"
    )


def _answers(host: str, port: int, path: str) -> bool:
    connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
