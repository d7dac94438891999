"""Serve the videos' folders over HTTP for reviewers.

The Prefect resume dialog cannot open `file://` links, so narration and videos are linked here.

Starlette's StaticFiles does the serving (HTTP range requests included, so browsers can seek);
uvicorn runs it. Both come with Prefect's server.
"""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles


class BasicAuth(BaseHTTPMiddleware):
    """HTTP basic auth with the same `user:password` string the Prefect server uses."""

    def __init__(self, app: object, auth: str) -> None:
        super().__init__(app)
        self.expected = "Basic " + base64.b64encode(auth.encode()).decode()

    async def dispatch(self, request: Request, call_next) -> Response:  # noqa: ANN001
        """Refuse requests without the right credentials."""
        given = request.headers.get("authorization", "")
        if not secrets.compare_digest(given.encode(), self.expected.encode()):
            return PlainTextResponse(
                "authentication required", 401, {"WWW-Authenticate": 'Basic realm="reelflow"'}
            )
        return await call_next(request)


def media_app(root: Path, auth: str | None = None) -> Starlette:
    """An app serving `root` read-only (no directory listings), behind basic auth if given."""
    root.mkdir(parents=True, exist_ok=True)
    middleware = [Middleware(BasicAuth, auth=auth)] if auth else []
    return Starlette(
        routes=[Mount("/", app=StaticFiles(directory=root, html=False))], middleware=middleware
    )


def serve(root: Path, host: str = "127.0.0.1", port: int = 4280, auth: str | None = None) -> None:
    """Run the media server in the foreground until interrupted."""
    uvicorn.run(media_app(root, auth), host=host, port=port, log_level="warning")
