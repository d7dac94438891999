"""Serve the videos' folders over HTTP for reviewers.

The Prefect resume dialog cannot open `file://` links, so narration and videos are linked here.

Starlette's StaticFiles does the serving (HTTP range requests included, so browsers can seek);
uvicorn runs it. Both come with Prefect's server.
"""

from __future__ import annotations

from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles


def media_app(root: Path) -> Starlette:
    """An app serving `root` read-only (no directory listings)."""
    root.mkdir(parents=True, exist_ok=True)
    return Starlette(routes=[Mount("/", app=StaticFiles(directory=root, html=False))])


def serve(root: Path, host: str = "127.0.0.1", port: int = 4280) -> None:
    """Run the media server in the foreground until interrupted."""
    uvicorn.run(media_app(root), host=host, port=port, log_level="warning")
