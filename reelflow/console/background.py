"""Run the console in a background thread of this process (tests, the benchmark, notebooks).

The thread gets a copy of the caller's context, so Prefect settings set with
`temporary_settings` (a test harness's API URL) apply to the console as they do to the caller.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from reelflow.console.app import ConsoleConfig, create_app
from reelflow.console.protocol import MAX_MESSAGE_BYTES


@contextmanager
def console_thread(config: ConsoleConfig, port: int, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the console until the block ends; yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            host=host,
            port=port,
            log_level="warning",
            ws_max_size=max(MAX_MESSAGE_BYTES * 4, 1 << 20),
        )
    )
    thread = threading.Thread(target=contextvars.copy_context().run, args=(server.run,))
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("the console did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)
