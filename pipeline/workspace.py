"""The folder a video is made in, and the helpers that keep paths in it relative.

A brief always maps to the same folder, so a rerun (or a run resumed on another worker with the
same storage) finds the files that cached stage results point to.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pydantic import BaseModel
from slugify import slugify


def content_hash(*parts: object) -> str:
    """A stable sha256 over models, paths and plain values (used in cache keys and file names)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(_jsonable(part), sort_keys=True, default=str).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def _jsonable(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return value


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe lower-case form of `text`, readable from any script.

    Titles in other scripts are transliterated by python-slugify ("Глюкометр Плюс" gives
    "gliukometr-plius"), so every video gets a name a person can read; ASCII titles keep the
    names they always had.
    """
    latin = text if text.isascii() else slugify(text)
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")[:limit] or "video"


class Workspace(BaseModel):
    """A video's working folder: every stage writes below `root`."""

    root: Path

    @classmethod
    def for_brief(cls, output_dir: Path, brief: BaseModel, *, variant: str = "") -> Workspace:
        """The folder for this exact brief: `<output_dir>/<type>-<title>-<hash8>`.

        A `variant` (a localized version's master) gets its own folder, named with the
        brief's language: `<type>-<title>-<language>-<hash8>`.
        """
        kind = getattr(brief, "video_type", "video")
        title = getattr(brief, "title", kind)
        if not variant:
            name = f"{kind}-{slug(title)}-{content_hash(brief)[:8]}"
        else:
            language = slug(str(getattr(brief, "language", "")), 12)
            name = f"{kind}-{slug(title)}-{language}-{content_hash(brief, variant)[:8]}"
        return cls(root=(output_dir / name).resolve())

    def path(self, relative: str) -> Path:
        """Absolute path of a file the models name relatively."""
        return self.root / relative

    def relative(self, path: Path) -> str:
        """The POSIX path of `path` relative to the workspace (what models store)."""
        return path.resolve().relative_to(self.root).as_posix()

    def folder(self, *parts: str) -> Path:
        """A sub-folder, created on demand."""
        target = self.root.joinpath(*parts)
        target.mkdir(parents=True, exist_ok=True)
        return target
