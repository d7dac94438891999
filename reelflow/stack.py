"""`reelflow up` / `reelflow down`: the local stack reviewers and API callers use.

Starts Prefect's server (UI included) on SQLite, a private PostgreSQL (`db="postgres"`, see
reelflow/postgres.py) or an existing one (`db_url`), creates the process work pool, registers
every deployment in prefect.yaml, starts a worker and the media server, and records their PIDs so
`down` stops exactly what `up` started. Nothing here is needed on a team's server: there each
piece runs as its own service (see the README).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from enum import StrEnum
from pathlib import Path

import httpx
from pydantic import BaseModel

from reelflow import notify, postgres
from reelflow.errors import StackError

ROOT = Path(__file__).resolve().parent.parent
POOL = "reelflow"


class Database(StrEnum):
    """Where Prefect's server keeps its state."""

    sqlite = "sqlite"
    postgres = "postgres"


DATABASES = tuple(d.value for d in Database)
DB_URL_SETTINGS = ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL")


class Stack(BaseModel):
    """What `up` started, saved for `down`."""

    api_url: str
    ui_url: str
    media_url: str
    console_url: str = ""
    pids: dict[str, int]
    logs: str
    db: str = "sqlite"  # sqlite, postgres (started here) or external (--db-url)
    postgres_data: str | None = None  # the private cluster's data dir, for `down`
    postgres_port: int | None = None  # where psql finds it (user prefect, password file beside)
    notify: str = ""  # the webhook reviewers hear from, redacted (reelflow/notify.py)


def _state_file(home: Path) -> Path:
    return home / "stack.json"


def stack_env(api_url: str, ui_api_url: str, auth: str | None) -> dict[str, str]:
    """Environment for the server, worker and clients of this stack."""
    env = {
        **os.environ,
        "PREFECT_API_URL": api_url,
        "PREFECT_UI_API_URL": ui_api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # Flow runs import pipeline/ and tasks/ from this checkout, not another install of it.
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    for name in DB_URL_SETTINGS:  # only the server gets a database, and only the one chosen
        env.pop(name, None)
    if auth:
        env["PREFECT_SERVER_API_AUTH_STRING"] = auth
        env["PREFECT_API_AUTH_STRING"] = auth
        env["REELFLOW_MEDIA_AUTH"] = auth
    return env


def _start(name: str, args: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen:
    log = (logs / f"{name}.log").open("a")
    return subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-2000:]
        raise StackError(f"{' '.join(args[2:])} failed:\n{tail}", code=1)


def _wait_healthy(
    url: str, auth: str | None, server: subprocess.Popen, log: Path, what: str = "Prefect server"
) -> None:
    deadline = time.monotonic() + 90
    basic = tuple(auth.split(":", 1)) if auth else None
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(url, auth=basic, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise StackError(f"The {what} did not become healthy at {url}: see {log}", code=1)


def check_options(host: str, ports: dict[str, int], db: str, db_url: str | None) -> None:
    """Refuse a bad combination before anything starts (each a one-line error, exit 2)."""
    if db not in DATABASES:
        raise StackError(f"--db must be one of {', '.join(DATABASES)}, not {db!r}.")
    if db_url and db != "postgres":
        raise StackError("--db-url points at a PostgreSQL server: use it with --db postgres.")
    for option, port in ports.items():
        if not postgres.port_free(host, port):
            raise StackError(
                f"Port {port} on {host} is already in use (another `reelflow up`? stop it with "
                f"`reelflow down`), or choose another with {option}."
            )


def up(
    home: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 4200,
    media_port: int = 4280,
    console_port: int = 4300,
    auth: str | None = None,
    deploy: bool = True,
    db: str | None = None,
    db_url: str | None = None,
    db_port: int = 0,
    notify_url: str | None = None,
) -> Stack:
    """Start the database (postgres), server, worker, media server and review console.

    The deployments in prefect.yaml are registered on the way.

    `db` defaults to sqlite, or postgres with a `db_url`. Raises StackError for a bad option or
    a piece that would not start; whatever was already started is stopped first, so a failed `up`
    needs no `down`.
    """
    db = db or ("postgres" if db_url else "sqlite")
    if _still_up(home):
        raise StackError(f"A stack is already up (see {_state_file(home)}): `reelflow down` first.")
    ports = {"--port": port, "--media-port": media_port, "--console-port": console_port}
    check_options(host, ports, db, db_url)
    url = postgres.check_url(db_url) if db_url else None
    notify_url = notify.check_url(notify_url) if notify_url else None
    home.mkdir(parents=True, exist_ok=True)
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    base = f"http://{host}:{port}"
    env = stack_env(f"{base}/api", f"{base}/api", auth)
    prefect = [sys.executable, "-m", "prefect"]
    stack = Stack(
        api_url=f"{base}/api",
        ui_url=base,
        media_url=f"http://{host}:{media_port}",
        console_url=f"http://{host}:{console_port}",
        pids={},
        logs=str(logs),
        db="external" if url else db,
        notify=notify.redact(notify_url) if notify_url else "",
    )
    try:
        if db == "postgres" and not url:
            cluster = postgres.start(home, logs, db_port)
            stack.pids["postgres"] = cluster.pid
            stack.postgres_data, stack.postgres_port = cluster.data_dir, cluster.port
            url = cluster.url
        server_env = env | ({DB_URL_SETTINGS[0]: url} if url else {})
        server_args = [*prefect, "server", "start", "--host", host, "--port", str(port)]
        server = _start("server", server_args, server_env, logs)
        stack.pids["server"] = server.pid
        _wait_healthy(f"{base}/api/health", auth, server, logs / "server.log")
        _run([*prefect, "work-pool", "create", POOL, "--type", "process", "--overwrite"], env)
        if deploy:
            _run([*prefect, "--no-prompt", "deploy", "--all"], env)
        if notify_url:
            notify.install(
                stack.api_url, notify_url, ui_url=base, console_url=stack.console_url, auth=auth
            )
        env.setdefault("REELFLOW_MEDIA_URL", stack.media_url)  # review and delivery links
        worker = [*prefect, "worker", "start", "--pool", POOL]
        stack.pids["worker"] = _start("worker", worker, env, logs).pid
        media = [sys.executable, "-m", "reelflow", "media", "--host", host]
        stack.pids["media"] = _start("media", [*media, "--port", str(media_port)], env, logs).pid
        console = [sys.executable, "-m", "reelflow", "console", "--host", host]
        console_process = _start("console", [*console, "--port", str(console_port)], env, logs)
        stack.pids["console"] = console_process.pid
        console_log = logs / "console.log"
        _wait_healthy(f"{stack.console_url}/health", None, console_process, console_log, "console")
    except BaseException:
        _stop(stack)
        raise
    _state_file(home).write_text(stack.model_dump_json(indent=2))
    return stack


def _group_running(pgid: int) -> bool:
    """Whether a process of the group still runs.

    Zombies (dead, not yet reaped by a parent that is slow to) do not count, or `down` would wait
    its whole time-out for them.
    """
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    if not Path("/proc").is_dir():
        return True
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(group) == pgid and state != "Z":
            return True
    return False


def stop_pid(pid: int, timeout_s: float = 20) -> None:
    """Stop a process group started by `up`: SIGTERM, then SIGKILL if it lingers."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.waitpid(pid, os.WNOHANG)  # our child when `up` ran in this process (tests)
        except ChildProcessError:
            pass
        if not _group_running(pid):
            return
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _still_up(home: Path) -> bool:
    """A saved stack with a live process (a stale file, after a reboot say, does not count)."""
    state = _state_file(home)
    if not state.is_file():
        return False
    pids = Stack.model_validate(json.loads(state.read_text())).pids.values()
    return any(postgres.alive(pid) for pid in pids)


def _stop(stack: Stack) -> None:
    """Worker first (its runs crash cleanly), then console, media, server, and the database."""
    for name in ("worker", "console", "media", "server"):
        if name in stack.pids:
            stop_pid(stack.pids[name])
    if stack.postgres_data:
        postgres.stop(stack.postgres_data, stack.pids.get("postgres", 0))


def down(home: Path) -> list[str]:
    """Stop what `up` started; returns the names stopped."""
    state = _state_file(home)
    if not state.is_file():
        return []
    stack = Stack.model_validate(json.loads(state.read_text()))
    _stop(stack)
    state.unlink()
    return list(stack.pids)
