"""`reelflow up --db postgres` from the command line: Prefect's state really lands in the private
PostgreSQL under `.reelflow/`, and `down` leaves none of its processes behind. And every bad
option of `up` is refused in one clear line, exit 2, before anything starts."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from reelflow import postgres
from reelflow.cli import app
from reelflow.stack import ROOT
from tests.deploy.conftest import stack_home
from tests.support.servers import free_port

REELFLOW = [sys.executable, "-m", "reelflow"]


def _children(pid: int) -> list[int]:
    """PIDs whose parent is `pid` (the postmaster's checkpointer, walwriter, backends...)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append(int(stat.parent.name))
    return found


def _psql(home: Path, port: int, sql: str) -> list[str]:
    """Ask the cluster directly, as the `prefect` role `up` created."""
    password = (home / ".reelflow" / "postgres" / "password").read_text().strip()
    args = [str(postgres.bin_dir() / "psql"), "-h", postgres.HOST, "-p", str(port)]
    done = subprocess.run(
        [*args, "-U", "prefect", "-d", "prefect", "-tAc", sql],
        env={**os.environ, "PGPASSWORD": password},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


@pytest.mark.server
def test_up_postgres_keeps_prefects_state_in_postgresql_and_down_stops_it(tmp_path_factory):
    with stack_home("cli", keep_logs=tmp_path_factory.mktemp("cli")) as home:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),  # this checkout's reelflow, whatever the venv points at
            "PREFECT_HOME": str(home / "prefect"),
            "REELFLOW_OUTPUT_DIR": str(home / "out"),
        }
        env.pop("PREFECT_API_URL", None)
        ports = ["--port", str(free_port()), "--media-port", str(free_port())]
        ports += ["--console-port", str(free_port())]
        up = subprocess.run(
            [*REELFLOW, "up", "--db", "postgres", *ports],
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        state_file = home / ".reelflow" / "stack.json"
        state = json.loads(state_file.read_text()) if state_file.is_file() else {}
        processes: list[int] = []
        try:
            assert up.returncode == 0, up.stdout + up.stderr
            assert "Database:     PostgreSQL on 127.0.0.1:" in up.stdout
            data = Path(state["postgres_data"])
            assert data == (home / ".reelflow" / "postgres" / "data").resolve()
            postmaster = state["pids"]["postgres"]
            assert (data / "postmaster.pid").read_text().split()[0] == str(postmaster)
            processes = [postmaster, *_children(postmaster), *state["pids"].values()]
            assert len(_children(postmaster)) >= 4  # checkpointer, writers, Prefect's sessions

            # Every deployment `prefect deploy --all` registered is a row in PostgreSQL ...
            spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
            names = _psql(home, state["postgres_port"], "SELECT name FROM deployment")
            assert sorted(names) == sorted(d["name"] for d in spec["deployments"])
            assert "work_pool" in _psql(
                home,
                state["postgres_port"],
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
            )
            # ... and Prefect made no SQLite database.
            assert not list((home / "prefect").glob("*.db"))
        finally:
            down = subprocess.run(
                [*REELFLOW, "down"], cwd=home, env=env, capture_output=True, text=True, timeout=120
            )
        assert down.returncode == 0, down.stderr
        assert "postgres" in down.stdout
        left = [pid for pid in processes if postgres.alive(pid)]
        assert not left, f"still running after down: {left}"
        assert not (data / "postmaster.pid").exists()


@pytest.fixture
def cli_home(tmp_path, monkeypatch):
    """`reelflow up` in a folder of its own; returns a runner for it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REELFLOW_STACK_AUTH", raising=False)

    def run(*args: str):
        result = CliRunner().invoke(app, ["up", *args])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / ".reelflow" / "stack.json").exists()  # nothing left running
        return " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())  # unwrap rich's panel

    return run


def test_unknown_db_is_refused(cli_home):
    assert "'mysql' is not one of 'sqlite', 'postgres'" in cli_home("--db", "mysql")


@pytest.mark.parametrize(
    "url", ["mysql://admin:s3cret@db/prefect", "sqlite:///prefect.db", "db.example:5432"]
)
def test_db_url_that_is_not_postgresql_is_refused(cli_home, url):
    output = cli_home("--db-url", url)
    assert "--db-url must be a PostgreSQL URL such as postgresql://" in output
    assert "s3cret" not in output


def test_db_url_without_a_server_says_it_cannot_connect(cli_home):
    url = f"postgresql://prefect:s3cret@127.0.0.1:{free_port()}/prefect"
    output = cli_home("--db-url", url)
    assert "Cannot connect to --db-url postgresql://prefect:***@127.0.0.1:" in output
    assert "s3cret" not in output


def test_db_url_with_sqlite_is_refused(cli_home):
    output = cli_home("--db", "sqlite", "--db-url", "postgresql://u:p@127.0.0.1/prefect")
    assert "use it with --db postgres" in output


def test_missing_postgresql_says_how_to_install_it(cli_home, tmp_path, monkeypatch):
    monkeypatch.setattr(postgres, "DEBIAN_LIB", tmp_path / "no-postgresql")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    output = cli_home("--db", "postgres", "--port", str(free_port()))
    assert "PostgreSQL is not installed" in output
    assert "apt-get install postgresql" in output


@pytest.mark.parametrize("option", ["--port", "--media-port", "--db-port"])
def test_busy_port_is_refused(cli_home, option):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = ["--port", str(free_port()), "--media-port", str(free_port())]
        output = cli_home(*args, "--db", "postgres", option, str(port))
    assert f"Port {port} on 127.0.0.1 is already in use" in output
    assert option in output


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands PostgreSQL to the postgres user")
def test_root_with_a_home_the_postgres_user_cannot_enter_is_told_why(cli_home, tmp_path):
    if all(folder.stat().st_mode & 0o001 for folder in tmp_path.parents):
        pytest.skip("pytest's temp folder is open to others here (usually it is 0700)")
    ports = ["--port", str(free_port()), "--media-port", str(free_port())]
    output = cli_home("--db", "postgres", *ports)
    assert "PostgreSQL runs as the unprivileged `postgres` user" in output
    assert "cannot enter" in output and "--db-url" in output
