"""A webhook endpoint on loopback for notification tests: it keeps every JSON body posted."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.servers import free_port

TOKEN = "T0KEN-s3cret-path"
"""The secret part of the receiver's URL, as a Slack webhook carries its token in the path."""


class Receiver(ThreadingHTTPServer):
    """A webhook endpoint: keeps every JSON body posted to the secret path."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.paths: list[str] = []
        super().__init__(("127.0.0.1", free_port()), _Handler)

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[Receiver]:
        """A receiver serving in a thread for the block's duration."""
        receiver = cls()
        threading.Thread(target=receiver.serve_forever, daemon=True).start()
        try:
            yield receiver
        finally:
            receiver.shutdown()
            receiver.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/{TOKEN}"

    def wait_for(self, run_id: str, subject: str, timeout_s: float = 90) -> dict:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for body in list(self.bodies):
                if body["subject"].startswith(subject) and run_id in body["body"]:
                    return body
            time.sleep(0.3)
        raise AssertionError(f"no {subject!r} notification for {run_id}; got {self.bodies}")


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers.get("content-length", 0))
        self.server.paths.append(self.path)
        self.server.bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass
