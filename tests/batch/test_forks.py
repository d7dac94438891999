"""The batch's fork server (`reelflow.batch.forks`), with a tiny worker instead of the pipeline:
workers are forks of the server with their own pipes and sessions, their exit codes come back,
and once the server is gone the batch is told so (and starts plain processes instead)."""

from __future__ import annotations

import os
import signal
import sys
import textwrap
from pathlib import Path

import psutil

from reelflow.batch.forks import ForkServer

ROOT = Path(__file__).resolve().parents[2]
ECHO_SERVER = textwrap.dedent(
    """
    import os, sys
    from reelflow.batch.forks import serve_forks

    def work():
        line = sys.stdin.readline()
        sys.stdout.write(f"{os.getpid()} {os.getsid(0)} {line.upper()}")
        sys.stdout.flush()
        sys.stderr.write("to the log\\n")
        sys.stderr.flush()
        os._exit(int(line.split()[-1]))

    serve_forks(int(sys.argv[1]), lambda: None, work)
    """
)


def start(tmp_path: Path) -> ForkServer:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return ForkServer(env, tmp_path / "server.log", (sys.executable, "-c", ECHO_SERVER))


def ask(server: ForkServer, tmp_path: Path, name: str):
    orders_r, orders_w = os.pipe()
    events_r, events_w = os.pipe()
    log = os.open(tmp_path / f"{name}.log", os.O_WRONLY | os.O_CREAT, 0o644)
    forked = server.fork(orders_r, events_w, log)
    for fd in (orders_r, events_w, log):
        os.close(fd)
    return forked, os.fdopen(orders_w, "w"), os.fdopen(events_r)


def test_workers_are_forks_with_their_own_pipes_sessions_and_exit_codes(tmp_path):
    server = start(tmp_path)
    try:
        first, orders_1, events_1 = ask(server, tmp_path, "one")
        second, orders_2, events_2 = ask(server, tmp_path, "two")
        assert first is not None and second is not None
        orders_2.write("second 4\n")
        orders_2.flush()
        orders_1.write("first 3\n")
        orders_1.flush()
        pid_1, session_1, *said_1 = events_1.readline().split()
        pid_2, session_2, *said_2 = events_2.readline().split()
        assert said_1 == ["FIRST", "3"] and said_2 == ["SECOND", "4"]
        assert first.wait(timeout=10) == 3 and second.wait(timeout=10) == 4
        assert (first.pid, second.pid) == (int(pid_1), int(pid_2))
        assert session_1 == pid_1 and session_2 == pid_2  # each leads a session: killpg reaches it
        assert (tmp_path / "one.log").read_text() == "to the log\n"
        assert events_1.read() == ""  # the worker's end of its pipe closed with it
    finally:
        server.close()
    assert server.process.returncode == 0
    assert server.fork(0, 1, 2) is None


def test_a_dead_server_is_noticed_and_its_unanswered_workers_end_unknown(tmp_path):
    server = start(tmp_path)
    ready, orders, events = ask(server, tmp_path, "one")
    assert ready is not None
    orders.write("x 0\n")
    orders.flush()
    assert events.readline()
    assert ready.wait(timeout=10) == 0
    assert psutil.Process(server.process.pid).is_running()
    os.kill(server.process.pid, signal.SIGSTOP)  # a request it will never answer
    unanswered, _, late_events = ask(server, tmp_path, "two")
    assert unanswered is not None and unanswered.pid is None
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    assert unanswered.wait(timeout=10) == -1
    assert late_events.read() == ""  # its pipe went with the request: the batch sees it end
    assert not server.alive and server.fork(0, 1, 2) is None
    server.close()
