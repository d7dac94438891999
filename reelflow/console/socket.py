"""One `/ws/creator` connection: read actions, answer each, forward what its runs do.

Every message gets an answer: a bad one (not JSON, unknown action, missing field, too large, too
many too fast, a decision with nothing to decide) an `error` naming the problem, and the socket
stays open for the next. Outgoing messages go through a queue so a slow client never holds up
the hub; the review a client was shown is recorded only once the message has left, which is what
makes a decision without an explicit `pause` safe to interpret.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from uuid import UUID

from prefect.exceptions import ObjectNotFound
from starlette.websockets import WebSocket, WebSocketDisconnect

from reelflow.console.auth import Access
from reelflow.console.hub import RunHub, summary
from reelflow.console.protocol import (
    Accept,
    Attach,
    Auth,
    Back,
    ClientMessage,
    ListRuns,
    ProtocolError,
    Regenerate,
    Start,
    Stop,
    error,
    parse,
)
from reelflow.console.runs import RunService

logger = logging.getLogger("reelflow.console")
QUEUE_LIMIT = 1000
MAX_AUTH_FAILURES = 3


class Connection:
    """The state of one client: who it is, which run it drives, what it was last shown."""

    def __init__(
        self,
        websocket: WebSocket,
        hub: RunHub,
        service: RunService,
        access: Access,
        user: str | None,
    ) -> None:
        self.websocket = websocket
        self.hub = hub
        self.service = service
        self.access = access
        self.user = user
        self.run_id: UUID | None = None
        self.seen: dict[UUID, str] = {}
        self.outbox: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(QUEUE_LIMIT)
        self.limit = access.limiter()
        self.auth_failures = 0

    def send(self, message: dict[str, Any]) -> None:
        """Queue a message; a client too slow to take 1000 messages is disconnected."""
        try:
            self.outbox.put_nowait(message)
        except asyncio.QueueFull:
            logger.warning("Client too slow; closing its socket")
            while not self.outbox.empty():
                self.outbox.get_nowait()
            self.outbox.put_nowait(None)

    async def serve(self) -> None:
        """Handle the connection until the client goes away."""
        writer = asyncio.create_task(self._write())
        if self.user is None:
            self.send(error("unauthorized", 'Log in: send {"action": "auth", ...} first.'))
        try:
            await self._read()
        finally:
            self.hub.unwatch(self)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    async def _write(self) -> None:
        while True:
            message = await self.outbox.get()
            if message is None:
                with contextlib.suppress(RuntimeError):
                    await self.websocket.close(code=1008)
                return
            try:
                await self.websocket.send_json(message)
            except (RuntimeError, WebSocketDisconnect):
                return
            if message.get("status") == "completed":
                self.seen[UUID(message["run_id"])] = message["pause"]

    async def _read(self) -> None:
        while True:
            try:
                frame = await self.websocket.receive()
            except RuntimeError:  # already disconnected
                return
            if frame["type"] == "websocket.disconnect":
                return
            raw = frame.get("text")
            if raw is None:
                raw = frame.get("bytes") or b""
            if not self.limit.allow():
                self.send(error("rate_limited", "Too many messages: slow down and resend."))
                continue
            try:
                await self.handle(parse(raw))
            except ProtocolError as exc:
                self.send(exc.as_message())
            except Exception as exc:  # noqa: BLE001 - the client hears of it; the socket stays
                logger.exception("Could not handle a console message")
                self.send(error("internal", f"The console could not do that: {exc}"))
            if self.auth_failures >= MAX_AUTH_FAILURES:
                self.send(error("unauthorized", "Too many failed logins; closing."))
                self.send_close()
                return

    def send_close(self) -> None:
        """Close the socket once everything queued has been sent."""
        with contextlib.suppress(asyncio.QueueFull):
            self.outbox.put_nowait(None)

    async def handle(self, message: ClientMessage) -> None:
        """Act on one validated message."""
        if isinstance(message, Auth):
            return self._auth(message)
        if self.user is None:
            raise ProtocolError("unauthorized", "Log in first: send an 'auth' message.")
        match message:
            case Start():
                await self._start(message)
            case Attach():
                await self.hub.watch(message.run_id, self)
                self.run_id = message.run_id
                self.send({"status": "attached", "run_id": str(message.run_id)})
            case Accept() | Regenerate() | Back() | Stop():
                run_id = message.run_id or self.run_id
                if run_id is None:
                    raise ProtocolError(
                        "no_run", f"Nothing to {message.action}: start or attach to a run first."
                    )
                await self.hub.decide(self, run_id, message)
            case ListRuns():
                await self._list()

    def _auth(self, message: Auth) -> None:
        if self.user is not None and not self.access.required:
            self.send({"status": "authenticated", "user": self.user})
            return
        if not self.access.check_token(message.token):
            self.auth_failures += 1
            raise ProtocolError("unauthorized", "Wrong user or password.")
        self.user = message.token.partition(":")[0]
        self.send({"status": "authenticated", "user": self.user})

    async def _start(self, message: Start) -> None:
        try:
            started = await self.service.start(message.video_type.value, message.payload)
        except ValueError as exc:
            raise ProtocolError("invalid_brief", str(exc), field="payload") from None
        self.run_id = started.run_id
        self.send(
            {
                "status": "started",
                "run_id": str(started.run_id),
                "video_type": message.video_type.value,
                "launched_by": started.launched_by,
                "deployment": started.deployment,
                "review_url": f"/review/{started.run_id}",
            }
        )
        await self.hub.watch(started.run_id, self)

    async def _list(self) -> None:
        runs = await self.service.waiting_runs()
        listed = []
        for run in runs:
            with contextlib.suppress(ObjectNotFound):
                listed.append(summary(run, await self.service.flow_name(run)))
        self.send({"status": "runs", "runs": listed})
