"""The console as one ASGI app: the `/ws/creator` socket, the pages, the media, the login.

`create_app` wires the Prefect client, the run hub and the routes; `serve` runs it with uvicorn.
Media (slides, narration, the video) are the output folder served by `reelflow.media_server`'s
app (Starlette's StaticFiles, so range requests let the page seek), mounted behind the console's
own login instead of a second basic-auth prompt.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import UUID

import uvicorn
from prefect.client.orchestration import get_client
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from pipeline.video_types import SPECS
from reelflow.console.auth import COOKIE, SESSION_S, Access
from reelflow.console.hub import RunHub, summary
from reelflow.console.protocol import MAX_MESSAGE_BYTES
from reelflow.console.runs import RunService
from reelflow.console.socket import Connection
from reelflow.console.views import Views
from reelflow.media_server import media_app

STATIC = Path(__file__).resolve().parent / "static"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; media-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}
logger = logging.getLogger("reelflow.console")


@dataclass
class ConsoleConfig:
    """How one console runs; the CLI fills it from its options."""

    output_dir: Path
    log_dir: Path
    access: Access = field(default_factory=Access)
    reconcile_s: float = 2.0
    stop_runs_on_exit: bool = True


class RequireLogin:
    """Pure ASGI middleware: HTTP requests need the session cookie or basic auth.

    WebSockets pass through: the socket handler authenticates them itself, so a client without
    credentials gets an `error` message it can show rather than a bare failed handshake.
    """

    def __init__(self, app: ASGIApp, access: Access) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # noqa: D102
        if scope["type"] != "http" or not self.access.required:
            return await self.app(scope, receive, send)
        request = Request(scope)
        path = request.url.path
        if path in ("/login", "/health") or path.startswith("/static/"):
            return await self.app(scope, receive, send)
        try:
            self.access.user_from_headers(request.headers, request.cookies)
        except PermissionError:
            wants_page = request.method == "GET" and "text/html" in request.headers.get(
                "accept", ""
            )
            response: Response = (
                RedirectResponse(f"/login?next={quote(path)}", status_code=303)
                if wants_page
                else JSONResponse({"error": "log in first"}, status_code=401)
            )
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)


def create_app(config: ConsoleConfig) -> Starlette:
    """The console app; Prefect is reached through PREFECT_API_URL as for any client."""
    access = config.access

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with get_client() as client:
            service = RunService(client, config.log_dir)
            views = Views(client, config.output_dir)
            app.state.service = service
            app.state.hub = RunHub(service, views, config.reconcile_s)
            watcher = asyncio.create_task(app.state.hub.run())
            try:
                yield
            finally:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
                if config.stop_runs_on_exit:
                    await asyncio.to_thread(service.stop_children)

    async def page(request: Request) -> Response:
        name = {"home": "index.html", "review": "review.html", "login": "login.html"}
        response = FileResponse(STATIC / name[request.scope["route"].name])
        response.headers.update(PAGE_HEADERS)
        return response

    async def login(request: Request) -> Response:
        form = await _credentials(request)
        if not access.check_password(form.get("user", ""), form.get("password", "")):
            return JSONResponse({"error": "wrong user or password"}, status_code=401)
        response = JSONResponse({"ok": True, "user": form.get("user", "")})
        response.set_cookie(
            COOKIE,
            access.session_cookie(form.get("user", "")),
            max_age=SESSION_S,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    async def logout(request: Request) -> Response:
        response = JSONResponse({"ok": True})
        response.delete_cookie(COOKIE)
        return response

    async def runs(request: Request) -> Response:
        service: RunService = request.app.state.service
        waiting = await service.waiting_runs()
        names = {}
        for run in waiting:
            names.setdefault(run.flow_id, await service.flow_name(run))
        return JSONResponse({"runs": [summary(run, names[run.flow_id]) for run in waiting]})

    async def types(request: Request) -> Response:
        examples = {}
        for name in SPECS:
            with contextlib.suppress(OSError, ValueError):
                examples[name] = json.loads((EXAMPLES / f"{name}.json").read_text())
        return JSONResponse({"types": list(SPECS), "examples": examples})

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def creator(websocket: WebSocket) -> None:
        origin, host = websocket.headers.get("origin"), websocket.headers.get("host")
        if not access.origin_allowed(origin, host):
            logger.warning("Refused a WebSocket from origin %s", origin)
            await websocket.close(code=1008)
            return
        await websocket.accept()
        user: str | None
        try:
            user = access.user_from_headers(websocket.headers, websocket.cookies)
        except PermissionError:
            user = None
        app = websocket.app
        await Connection(websocket, app.state.hub, app.state.service, access, user).serve()

    routes = [
        Route("/", page, name="home"),
        Route("/review/{run_id:uuid}", page, name="review"),
        Route("/login", page, name="login", methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/api/runs", runs),
        Route("/api/types", types),
        Route("/health", health),
        WebSocketRoute("/ws/creator", creator),
        Mount("/static", app=StaticFiles(directory=STATIC)),
        Mount("/media", app=media_app(config.output_dir.resolve())),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(RequireLogin, access=access)
    return app


async def _credentials(request: Request) -> dict[str, str]:
    """Login fields from a JSON body or an HTML form."""
    if request.headers.get("content-type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):
            data: Any = await request.json()
            if isinstance(data, dict):
                return {k: str(v) for k, v in data.items() if k in ("user", "password")}
        return {}
    form = await request.form()
    return {k: str(form.get(k, "")) for k in ("user", "password")}


def serve(config: ConsoleConfig, host: str = "127.0.0.1", port: int = 4300) -> None:
    """Run the console in the foreground until interrupted.

    uvicorn's frame limit sits above the console's own, so an oversized message up to 1 MiB
    gets an `error` the client can show; only beyond that does uvicorn close the socket.
    """
    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_level="warning",
        ws_max_size=max(MAX_MESSAGE_BYTES * 4, 1 << 20),
    )


def run_url(base: str, run_id: UUID) -> str:
    """The review page of a run."""
    return f"{base.rstrip('/')}/review/{run_id}"
