"""A mirror of the video folders on shared storage, so any worker can carry on any video.

Workers keep a local working copy (REELFLOW_OUTPUT_DIR); with REELFLOW_MEDIA_STORE set to an
fsspec URL (s3://bucket/reelflow, gs://…, file:///mnt/shared/reelflow, …) every stage pulls the
video's folder before it runs and pushes what it made after, and the flow does the same around
review decisions. A run that paused or crashed on one machine can then be started again on
another: its media, cached results' files and recorded decisions are all there. fsspec does the
talking to storage; files are compared by size, which is enough because media files are named by
the hash of their inputs and never rewritten in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TypeVar

import fsspec

from pipeline.urls import safe_url
from pipeline.workspace import Workspace

SKIP_SUFFIXES = (".partial", ".tmp")
ATTEMPTS = 3
"""Tries per pull or push: a blip in the network passes, a store that is down fails in ~3 s."""
BACKOFF_S = 1.0
T = TypeVar("T")


class MediaStoreUnreachable(RuntimeError):
    """The media store could not be reached: names it (without credentials) and what to do."""


class MediaStore:
    """Pull and push one video folder to and from `url`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, self.root = _attempt(url, "connect to", lambda: fsspec.core.url_to_fs(url))

    def _remote(self, workspace: Workspace) -> str:
        return str(PurePosixPath(self.root) / workspace.root.name)

    def pull(self, workspace: Workspace) -> int:
        """Download the folder's files that are missing or differ locally; returns how many."""
        return _attempt(self.url, "pull from", lambda: self._pull(workspace))

    def push(self, workspace: Workspace) -> int:
        """Upload the folder's files that are missing or differ remotely; returns how many."""
        return _attempt(self.url, "push to", lambda: self._push(workspace))

    def _pull(self, workspace: Workspace) -> int:
        remote = self._remote(workspace)
        if not self.fs.exists(remote):
            return 0
        copied = 0
        for path, info in self.fs.find(remote, detail=True).items():
            relative = PurePosixPath(path).relative_to(remote)
            local = workspace.root / Path(*relative.parts)
            if local.is_file() and local.stat().st_size == info["size"]:
                continue
            local.parent.mkdir(parents=True, exist_ok=True)
            partial = local.with_name(local.name + ".partial")
            self.fs.get_file(path, str(partial))
            partial.replace(local)
            copied += 1
        return copied

    def _push(self, workspace: Workspace) -> int:
        if not workspace.root.is_dir():
            return 0
        remote = self._remote(workspace)
        existing = (
            {
                PurePosixPath(p).relative_to(remote): i["size"]
                for p, i in self.fs.find(remote, detail=True).items()
            }
            if self.fs.exists(remote)
            else {}
        )
        copied = 0
        for local in sorted(workspace.root.rglob("*")):
            if not local.is_file() or any(s in local.name for s in SKIP_SUFFIXES):
                continue
            relative = PurePosixPath(*local.relative_to(workspace.root).parts)
            if existing.get(relative) == local.stat().st_size:
                continue
            target = str(PurePosixPath(remote) / relative)
            self.fs.makedirs(str(PurePosixPath(target).parent), exist_ok=True)
            self.fs.put_file(str(local), target)
            copied += 1
        return copied


def _attempt(url: str, doing: str, operation: Callable[[], T]) -> T:
    """Run `operation`, retrying network-shaped failures; then fail naming the store."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return operation()
        except (OSError, TimeoutError, EOFError) as exc:
            if attempt == ATTEMPTS:
                raise MediaStoreUnreachable(
                    f"Could not {doing} the media store {safe_url(url)} (REELFLOW_MEDIA_STORE) "
                    f"after {ATTEMPTS} tries: {type(exc).__name__}: {exc}. Check the store is up "
                    "and reachable from this worker (or unset REELFLOW_MEDIA_STORE to keep video "
                    "folders on local disk), then run the same brief again: accepted stages and "
                    "decisions are kept and are pushed on that run."
                ) from exc
            time.sleep(BACKOFF_S * attempt)
    raise AssertionError("unreachable")


def media_store(url: str | None) -> MediaStore | None:
    """The configured store, or None when video folders live on local disk only."""
    return MediaStore(url) if url else None
