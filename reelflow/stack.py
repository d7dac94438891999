"""`reelflow up` / `reelflow down`: the local stack reviewers and API callers use.

Starts Prefect's server (UI included), creates the process work pool, registers every deployment
in prefect.yaml, starts a worker and the media server, and records their PIDs so `down` stops
exactly what `up` started. Nothing here is needed on a team's server: there each piece runs as its
own service (see the README).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
POOL = "reelflow"


class Stack(BaseModel):
    """What `up` started, saved for `down`."""

    api_url: str
    ui_url: str
    media_url: str
    pids: dict[str, int]
    logs: str


def _state_file(home: Path) -> Path:
    return home / "stack.json"


def stack_env(api_url: str, ui_api_url: str, auth: str | None) -> dict[str, str]:
    """Environment for the server, worker and clients of this stack."""
    env = {
        **os.environ,
        "PREFECT_API_URL": api_url,
        "PREFECT_UI_API_URL": ui_api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    if auth:
        env["PREFECT_SERVER_API_AUTH_STRING"] = auth
        env["PREFECT_API_AUTH_STRING"] = auth
        env["REELFLOW_MEDIA_AUTH"] = auth
    return env


def _start(name: str, args: list[str], env: dict[str, str], logs: Path) -> int:
    log = (logs / f"{name}.log").open("a")
    process = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return process.pid


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-2000:]
        raise RuntimeError(f"{' '.join(args[2:])} failed:\n{tail}")


def _wait_healthy(url: str, auth: str | None, pid: int, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    basic = tuple(auth.split(":", 1)) if auth else None
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, auth=basic, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop_pid(pid)
    raise RuntimeError(f"{url} did not become healthy in {timeout_s:.0f} s")


def up(
    home: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 4200,
    media_port: int = 4280,
    auth: str | None = None,
    deploy: bool = True,
) -> Stack:
    """Start server, worker and media server; register the deployments."""
    home.mkdir(parents=True, exist_ok=True)
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    base = f"http://{host}:{port}"
    env = stack_env(f"{base}/api", f"{base}/api", auth)
    prefect = [sys.executable, "-m", "prefect"]
    pids = {
        "server": _start(
            "server", [*prefect, "server", "start", "--host", host, "--port", str(port)], env, logs
        )
    }
    _wait_healthy(f"{base}/api/health", auth, pids["server"])
    subprocess.run(
        [*prefect, "work-pool", "create", POOL, "--type", "process", "--overwrite"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    if deploy:
        subprocess.run(
            [*prefect, "--no-prompt", "deploy", "--all"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    media_url = f"http://{host}:{media_port}"
    env.setdefault("REELFLOW_MEDIA_URL", media_url)  # review and delivery links point here
    pids["worker"] = _start("worker", [*prefect, "worker", "start", "--pool", POOL], env, logs)
    media = [sys.executable, "-m", "reelflow", "media", "--host", host, "--port", str(media_port)]
    pids["media"] = _start("media", media, env, logs)
    stack = Stack(
        api_url=f"{base}/api",
        ui_url=base,
        media_url=f"http://{host}:{media_port}",
        pids=pids,
        logs=str(logs),
    )
    _state_file(home).write_text(stack.model_dump_json(indent=2))
    return stack


def stop_pid(pid: int, timeout_s: float = 20) -> None:
    """Stop a process group started by `up`: SIGTERM, then SIGKILL if it lingers."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(pid, signal.SIGKILL)


def down(home: Path) -> list[str]:
    """Stop what `up` started (worker first, server last); returns the names stopped."""
    state = _state_file(home)
    if not state.is_file():
        return []
    stack = Stack.model_validate(json.loads(state.read_text()))
    for name in ("worker", "media", "server"):
        if name in stack.pids:
            stop_pid(stack.pids[name])
    state.unlink()
    return list(stack.pids)
