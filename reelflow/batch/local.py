"""Making a batch on this machine: a few worker processes, each making one video at a time.

Each worker (`reelflow.batch.child`) takes one job after another, and every worker is a fork of
one fork server (`reelflow.batch.forks`) that imported the pipeline, so a batch pays Prefect's and
moviepy's import once, not once per worker or per video (plain worker processes that import it
themselves if the fork server is gone). The fork server is started before the private Prefect
server, so its import overlaps the server's start. Every worker
runs in a process group of its own: Ctrl-C in the terminal reaches only the batch, which then
stops launching, sends SIGTERM to the groups of busy workers (their ffmpeg children included),
waits for them to report, and kills what is left after a grace period. A worker that dies takes
only its current row with it; the next job gets a fresh worker.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

from pydantic import ValidationError

from reelflow.batch.forks import ForkedProcess, ForkServer
from reelflow.batch.protocol import Event, Job, Order
from reelflow.batch.summary import Ledger, RowStatus
from reelflow.batch.validate import BatchItem

GRACE_S = 20.0
"""How long stopped workers get to mark their runs crashed and send their logs before SIGKILL."""
POLL_S = 0.2
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """One worker process, its current job, and a thread turning its output lines into events."""

    def __init__(
        self,
        number: int,
        env: dict[str, str],
        logs: Path,
        inbox: queue.Queue,
        forks: ForkServer | None = None,
    ) -> None:
        self.number = number
        self.log = logs / f"worker-{number}.log"
        self.job: BatchItem | None = None
        self.jobs_done = 0
        self.ready = False  # imports done; a job sent earlier would wait while others idle
        self.closed = False
        forked = self._fork(forks) if forks is not None else None
        if forked is None:
            with self.log.open("ab") as log:
                popen = subprocess.Popen(
                    [sys.executable, "-m", "reelflow.batch.child"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    env=env,
                    text=True,
                    encoding="utf-8",
                    start_new_session=True,
                )
            assert popen.stdin is not None and popen.stdout is not None
            self.process: subprocess.Popen[str] | ForkedProcess = popen
            self.orders, self.events = popen.stdin, popen.stdout
        threading.Thread(target=self._read, args=(inbox,), daemon=True).start()

    def _fork(self, forks: ForkServer) -> ForkedProcess | None:
        """A fork of the fork server, with pipes of its own (None if the server is gone)."""
        orders_r, orders_w = os.pipe()
        events_r, events_w = os.pipe()
        log = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            forked = forks.fork(orders_r, events_w, log)
        finally:
            for fd in (orders_r, events_w, log):
                os.close(fd)
        if forked is None:
            os.close(orders_w)
            os.close(events_r)
            return None
        self.process = forked
        self.orders = os.fdopen(orders_w, "w", encoding="utf-8")
        self.events = os.fdopen(events_r, encoding="utf-8")
        return forked

    def _read(self, inbox: queue.Queue) -> None:
        for line in self.events:
            inbox.put((self, line))
        inbox.put((self, None))

    def send(self, order: Order) -> bool:
        """Write an order to the worker; False if it can no longer take one."""
        try:
            self.orders.write(order.model_dump_json() + "\n")
            self.orders.flush()
        except (BrokenPipeError, OSError, ValueError):
            return False
        return True

    def close(self) -> None:
        """No more jobs: the worker finishes, sends its logs and exits."""
        self.closed = True
        try:
            self.orders.close()
        except (BrokenPipeError, OSError):
            pass

    def wait(self) -> int | None:
        """The worker's exit code, once it has exited (None: not known)."""
        if isinstance(self.process, ForkedProcess):
            return self.process.wait(timeout=GRACE_S)
        return self.process.wait()

    def signal(self, signum: int) -> None:
        """Signal the worker's whole process group (the flow's ffmpeg children too)."""
        if self.process.pid is None:  # not forked yet: it will read no order and exit
            return
        try:
            os.killpg(self.process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


class LocalRunner:
    """Runs a batch's items on `concurrency` workers, reporting every step to the ledger."""

    def __init__(
        self,
        items: list[BatchItem],
        ledger: Ledger,
        *,
        concurrency: int,
        env: dict[str, str],
        logs: Path,
        stop: threading.Event,
        hurry: threading.Event,
        jobs_per_worker: int | None = None,
    ) -> None:
        self.queue = deque(items)
        self.ledger = ledger
        self.size = max(1, min(concurrency, len(items)))
        # The worker imports the same reelflow as this process, wherever it is started from.
        path = os.pathsep.join(p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH")) if p)
        self.env = {**env, "PYTHONPATH": path}
        self.logs = logs
        self.stop = stop
        self.hurry = hurry
        self.jobs_per_worker = jobs_per_worker
        self.inbox: queue.Queue = queue.Queue()
        self.workers: list[Worker] = []
        self.forks: ForkServer | None = None
        self.api_url: str | None = None
        self._spawned = 0

    def start_workers(self) -> None:
        """Start the workers now, so their imports overlap whatever comes before `run`."""
        self.logs.mkdir(parents=True, exist_ok=True)
        self.forks = ForkServer(self.env, self.logs / "fork-server.log")
        while len(self.workers) < self.size:
            self._spawn()

    def _spawn(self) -> Worker:
        self._spawned += 1
        worker = Worker(self._spawned, self.env, self.logs, self.inbox, self.forks)
        self.workers.append(worker)
        if self.api_url is not None:
            worker.send(Order(api_url=self.api_url))
        return worker

    def run(self, api_url: str | None) -> None:
        """Make every item (or stop early when asked); then stop the workers."""
        self.api_url = api_url
        for worker in self.workers:
            worker.send(Order(api_url=api_url))
        try:
            while not self.stop.is_set():
                self._dispatch()
                if not self.queue and not self._busy():
                    break
                self._handle_next(POLL_S)
        finally:
            self._shutdown()

    def _busy(self) -> list[Worker]:
        return [w for w in self.workers if w.job is not None]

    def _dispatch(self) -> None:
        for worker in list(self.workers):
            if not self.queue:
                return
            if not worker.ready or worker.job is not None or worker.closed:
                continue
            item = self.queue.popleft()
            log = self.logs / f"row-{item.row}.log"
            job = Job(
                row=item.row,
                video_type=item.video_type,
                brief=item.brief,
                review=item.review.value,
                log=str(log),
            )
            if not worker.send(Order(job=job)):
                worker.closed = True  # it is dying; its exit is handled when its output ends
                self.queue.appendleft(item)
                continue
            worker.job = item
            self.ledger.started(item.row, log=str(log))

    def _handle_next(self, timeout: float) -> bool:
        try:
            worker, line = self.inbox.get(timeout=timeout)
        except queue.Empty:
            return False
        if line is None:
            self._worker_ended(worker)
            return True
        try:
            event = Event.model_validate_json(line)
        except ValidationError:
            return True  # not a protocol line (the worker's output goes to its logs)
        self._on_event(worker, event)
        return True

    def _on_event(self, worker: Worker, event: Event) -> None:
        if event.kind == "ready":
            worker.ready = True
            return
        row = event.row
        if row is None or worker.job is None or worker.job.row != row:
            return
        if event.kind == "stage":
            text = f"stage {event.number}/{event.total} {event.stage}"
            step = (event.number or 1) - 1
            self.ledger.update(row, text, step, run_id=event.run_id)
        elif event.kind == "review":
            self.ledger.update(row, "waiting for review", run_id=event.run_id)
        elif event.kind == "done":
            status = RowStatus(event.status or "failed")
            if status is RowStatus.failed and self.stop.is_set():
                # Ctrl-C reached the child inside Prefect's engine, which ends the run as
                # failed or crashed instead of raising: the row was interrupted, not broken.
                status = RowStatus.interrupted
            worker.job = None
            worker.jobs_done += 1
            self.ledger.finish(
                row,
                status,
                run_id=event.run_id,
                mp4=event.mp4,
                error=event.error,
                seconds=event.seconds,
            )
            if self.jobs_per_worker and worker.jobs_done >= self.jobs_per_worker:
                worker.close()

    def _worker_ended(self, worker: Worker) -> None:
        code = worker.wait()
        if worker in self.workers:
            self.workers.remove(worker)
        if worker.job is not None:
            row, worker.job = worker.job.row, None
            if self.stop.is_set():
                self.ledger.finish(row, RowStatus.interrupted, error="stopped by Ctrl-C")
            else:
                self.ledger.finish(
                    row,
                    RowStatus.failed,
                    error=f"the worker process ended (exit code {code}) while making it: see "
                    f"{worker.log} and {self.logs / f'row-{row}.log'}",
                )
        if self.queue and not self.stop.is_set() and len(self.workers) < self.size:
            self._spawn()

    def abort(self) -> None:
        """Kill the workers left (the server did not start, or an error escaped `run`)."""
        for worker in self.workers:
            worker.close()
            worker.signal(signal.SIGKILL)
            worker.wait()
        self.workers.clear()
        self._stop_forks()

    def _stop_forks(self) -> None:
        if self.forks is not None:
            self.forks.close()
            self.forks = None

    def _shutdown(self) -> None:
        """Close idle workers, SIGTERM busy ones (when stopping), then wait; SIGKILL stragglers."""
        if self.stop.is_set() and self._busy():
            self.ledger.display.note(
                "Stopping: no new videos; the running ones are being stopped (Ctrl-C again to "
                "kill them at once)."
            )
        for worker in self.workers:
            if worker.job is not None and self.stop.is_set():
                worker.signal(signal.SIGTERM)
            worker.close()
        deadline = time.monotonic() + GRACE_S
        while self.workers and time.monotonic() < deadline and not self.hurry.is_set():
            self._handle_next(POLL_S)
        for worker in list(self.workers):
            worker.signal(signal.SIGKILL)
            self._worker_ended(worker)
        while self._handle_next(0):  # events that arrived with the last exits
            pass
        self._stop_forks()
