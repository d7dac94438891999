"""A local batch worker: `python -m reelflow.batch.child`, making the videos its parent sends.

A worker runs one flow after another, exactly as `reelflow run` does (`flows.registry.run_here`),
so a batch pays the import of Prefect and the pipeline (about 4 s of CPU) once, not once per video:
the workers are forks of one process that imported it (`--forks`, see `reelflow.batch.forks`), or,
if that process is gone, processes that import it themselves. `reelflow demo` runs every type in
one process the same way. Each worker runs in a session of its own (the terminal's Ctrl-C goes to
the batch alone), which stops it with SIGTERM: that ends the running flow as an interrupt, Prefect
records the run as crashed, and the worker reports the row as interrupted before it exits.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn, TextIO

from reelflow.batch.protocol import Event, Job, Order

STAGE = re.compile(r"^Stage (\d+) of (\d+): (\w+)")
PAUSE = re.compile(r"^Pausing flow")
DRAIN_TIMEOUT_S = 10.0


class _Progress(logging.Handler):
    """Turns the flow's "Stage i of n" and pause log lines into events for the parent."""

    def __init__(self, send: _Sender) -> None:
        super().__init__(logging.INFO)
        self.send = send
        self.row: int | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.row is None:
            return
        message = record.getMessage()
        run_id = getattr(record, "flow_run_id", None)
        run_id = str(run_id) if run_id else None
        if match := STAGE.match(message):
            number, total, stage = int(match[1]), int(match[2]), match[3]
            self.send(
                Event(kind="stage", row=self.row, run_id=run_id, stage=stage, number=number,
                      total=total)
            )  # fmt: skip
        elif PAUSE.match(message):
            self.send(Event(kind="review", row=self.row, run_id=run_id))


class _Sender:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, event: Event) -> None:
        try:
            self.stream.write(event.model_dump_json(exclude_none=True) + "\n")
            self.stream.flush()
        except (BrokenPipeError, ValueError):  # the parent is gone; the job still finishes
            pass


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _redirect(fd: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(fd, 1)
    os.dup2(fd, 2)


def main() -> None:
    """A worker: read orders from stdin until it closes, answer with events on stdout.

    With `--forks FD`, the fork server instead (`reelflow.batch.forks`): it imports once and
    forks a worker per request of the batch.
    """
    if sys.argv[1:2] == ["--forks"]:
        from reelflow.batch.forks import serve_forks

        serve_forks(int(sys.argv[2]), _prepare, lambda: _work(*_take_pipes()))
        _leave(0)
    pipes = _take_pipes()  # first, so that anything the imports print goes to the log
    _prepare()
    _work(*pipes)


def _take_pipes() -> tuple[_Sender, int]:
    """Events go to the original stdout; the flow's output to the worker's log (stderr)."""
    send = _Sender(os.fdopen(os.dup(1), "w", encoding="utf-8"))
    worker_log = os.dup(2)  # the parent points stderr at this worker's own log
    _redirect(worker_log)
    signal.signal(signal.SIGTERM, _interrupt)
    return send, worker_log


def _prepare() -> None:
    """The heavy import (Prefect, the flows, moviepy) and what a first flow run imports."""
    import flows.registry  # noqa: F401

    _warm_up()


def _work(send: _Sender, worker_log: int) -> NoReturn:
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.registry import run_here

    progress = _Progress(send)
    logging.getLogger("prefect.flow_runs").addHandler(progress)
    send(Event(kind="ready"))
    hello = Order.model_validate_json(sys.stdin.readline() or "{}")
    settings = {PREFECT_API_URL: hello.api_url} if hello.api_url else {}
    with temporary_settings(settings):
        try:
            while line := sys.stdin.readline():
                job = Order.model_validate_json(line).job
                if job is None:
                    continue
                progress.row = job.row
                send(_make(job, run_here, worker_log, send))
                progress.row = None
        except KeyboardInterrupt:
            code = 130
        else:
            code = 0
        finally:
            # Logs and events go out in the background: send them while the server is still up.
            APILogWorker.drain_all(timeout=DRAIN_TIMEOUT_S)
            EventsWorker.drain_all(timeout=DRAIN_TIMEOUT_S)
    _leave(code)


def _leave(code: int) -> NoReturn:
    """Exit at once, skipping the interpreter's teardown (the logs and events are sent by now).

    Tearing down a process that holds Prefect, moviepy and numpy (its atexit handlers stopping
    Prefect's idle event-loop threads, then the modules freed one by one) took 0.5 s to several
    seconds on a busy machine, and the batch waits for every worker to exit before it stops the
    server, so each batch paid it at its end. Everything a run writes is on disk or sent already.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


WARM_MODULES = (
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.utilities.visualization",
    "fastapi.encoders",
)
"""What a first flow run imports on the way (the engines, and FastAPI's encoder that serializes
the flow's parameters): imported while the private server starts, not inside the first video."""


def _warm_up() -> None:
    from importlib import import_module

    from PIL import Image

    for name in WARM_MODULES:
        import_module(name)
    Image.init()  # Pillow's format plugins, loaded on the first image opened or saved


def _make(job: Job, run_here: Callable[..., Any], worker_log: int, send: _Sender) -> Event:
    """Make one video with the row's output in its log file; the event says how it ended."""
    from flows.review import ReviewPolicy
    from pipeline.video_types import VideoType, parse_brief

    started = time.perf_counter()
    log = os.open(job.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    _redirect(log)
    os.close(log)
    done = Event(kind="done", row=job.row)
    try:
        brief = parse_brief(job.brief, job.video_type)
        state = run_here(VideoType(job.video_type), brief, ReviewPolicy(job.review))
        run_id = state.state_details.flow_run_id
        done.run_id = str(run_id) if run_id else None
        if state.is_completed():
            done.status, done.mp4 = "delivered", state.result().mp4
        else:
            done.status = "stopped" if state.is_cancelled() else "failed"
            done.error = f"{state.name}: {state.message}"
    except KeyboardInterrupt:
        done.status, done.error = "interrupted", "stopped by Ctrl-C while it was being made"
        done.seconds = round(time.perf_counter() - started, 2)
        send(done)
        raise
    except Exception as exc:  # a broken job must not take the worker (and its queue) down
        done.status, done.error = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        _redirect(worker_log)
    done.seconds = round(time.perf_counter() - started, 2)
    return done


if __name__ == "__main__":
    main()
