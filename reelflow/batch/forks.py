"""A fork server for the batch's workers: the pipeline is imported once, each worker is a fork.

Importing Prefect, the flows and moviepy takes a worker process about 4 s of CPU. With one fresh
process per worker, a batch at the default concurrency paid that twice while the private server
was starting on the same two cores. Instead one process (`python -m reelflow.batch.child --forks
FD`) imports everything and then forks a worker whenever the batch asks, handing it the worker's
own pipes; a fork of a process that has only imported (no threads yet, no flow run, no client)
starts in milliseconds and shares the imported pages.

The batch talks to it over a Unix socket of sequenced packets: "fork" with the worker's stdin,
stdout and stderr attached (SCM_RIGHTS), answered by "forked PID"; "exit PID CODE" when a worker
ends (the fork server is its parent and reaps it). Each worker starts a session of its own, so
the batch signals it and its ffmpeg children by group as before. When the batch closes its end,
the fork server exits. If the fork server is gone, the batch starts workers as plain processes.
"""

from __future__ import annotations

import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

STOP_TIMEOUT_S = 5.0


class ForkedProcess:
    """A worker forked by the fork server: its pid once known, its exit code once reported."""

    def __init__(self, server: ForkServer) -> None:
        self.server = server
        self.pid: int | None = None
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit code, or None while it runs."""
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the exit code (None if it did not come within `timeout`)."""
        with self.server.changed:
            self.server.changed.wait_for(lambda: self.returncode is not None, timeout)
        return self.returncode


class ForkServer:
    """The batch's end: starts the fork server, asks it for workers, hears of their exits."""

    def __init__(
        self,
        env: dict[str, str],
        log: Path,
        command: tuple[str, ...] = (sys.executable, "-m", "reelflow.batch.child", "--forks"),
    ) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [*command, str(theirs.fileno())],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                env=env,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        theirs.close()
        self.sock = ours
        self.changed = threading.Condition()
        self.alive = True
        self._asked: deque[ForkedProcess] = deque()
        self._running: dict[int, ForkedProcess] = {}
        threading.Thread(target=self._listen, daemon=True).start()

    def fork(self, stdin: int, stdout: int, stderr: int) -> ForkedProcess | None:
        """Ask for a worker with these descriptors as its 0, 1 and 2; None if the server is gone.

        Does not wait: the request waits in the socket until the server has imported.
        """
        handle = ForkedProcess(self)
        with self.changed:
            if not self.alive:
                return None
            try:
                socket.send_fds(self.sock, [b"fork"], [stdin, stdout, stderr])
            except OSError:
                self.alive = False
                return None
            self._asked.append(handle)
        return handle

    def _listen(self) -> None:
        while True:
            try:
                message = self.sock.recv(256).decode()
            except OSError:
                message = ""
            if not message:
                break
            word, *numbers = message.split()
            with self.changed:
                if word == "forked" and self._asked:
                    handle = self._asked.popleft()
                    handle.pid = int(numbers[0])
                    self._running[handle.pid] = handle
                elif word == "exit":
                    done = self._running.pop(int(numbers[0]), None)
                    if done is not None:
                        done.returncode = int(numbers[1])
                self.changed.notify_all()
        with self.changed:  # the server is gone: no exit codes will come for the rest
            self.alive = False
            for handle in [*self._asked, *self._running.values()]:
                handle.returncode = -1 if handle.returncode is None else handle.returncode
            self._asked.clear()
            self._running.clear()
            self.changed.notify_all()

    def close(self) -> None:
        """No more workers: the server exits (its running workers are not touched)."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve_forks(sock_fd: int, prepare: Callable[[], None], work: Callable[[], NoReturn]) -> None:
    """The fork server's side: import (`prepare`), then fork a worker (`work`) per request."""
    sock = socket.socket(fileno=sock_fd)
    prepare()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    # A handler (SIG_IGN would reap on its own, and the exit codes would be lost) so that a
    # child's exit writes to the wake-up pipe and the loop below reaps it and reports it.
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fd == wake_r:
                os.read(wake_r, 4096)
                _reap(sock)
                continue
            try:
                message, fds, _, _ = socket.recv_fds(sock, 64, 3)
            except OSError:
                message, fds = b"", []
            if not message:  # the batch closed its end
                return
            pid = os.fork()
            if pid == 0:
                try:
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    selector.close()
                    sock.close()
                    os.close(wake_r)
                    os.close(wake_w)
                    os.setsid()
                    for target, fd in zip((0, 1, 2), fds, strict=True):
                        os.dup2(fd, target)
                        os.close(fd)
                    work()
                except BaseException:
                    traceback.print_exc()
                finally:  # a worker never returns into the server's loop
                    os._exit(1)
            for fd in fds:
                os.close(fd)
            _tell(sock, f"forked {pid}")


def _reap(sock: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _tell(sock, f"exit {pid} {os.waitstatus_to_exitcode(status)}")


def _tell(sock: socket.socket, text: str) -> None:
    try:
        sock.send(text.encode())
    except OSError:  # the batch is gone; its workers finish on their own
        pass
