"""The pack's manifest: the SHA-256 of every file, and the versions of what made the video.

An MLR approval is for exact files. The manifest lets anyone prove later that a PDF, a CSV or the
video itself is the one reviewed (`sha256sum` against it), and says which stage versions,
providers, rule profile and software produced them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.compliance.pack.models import PackInputs
from pipeline.compliance.profiles import profile_for
from pipeline.workspace import file_hash

MANIFEST = "manifest.json"
PACK_FORMAT = 1
SOFTWARE = ("reelflow", "fpdf2", "pillow", "imageio-ffmpeg", "moviepy")


def file_entries(folder: Path) -> dict[str, dict[str, object]]:
    """Every file under `folder` but the manifest: relative path → sha256 and size."""
    return {
        path.relative_to(folder).as_posix(): {
            "sha256": file_hash(path),
            "bytes": path.stat().st_size,
        }
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def software_versions() -> dict[str, str]:
    """Installed versions of the packages that made the video and the pack."""
    versions = {}
    for name in SOFTWARE:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def manifest_document(
    inputs: PackInputs, *, key: str, video_folder: Path, storyboard_pages: int | None
) -> dict[str, Any]:
    """Everything but `files` (added once every other file is written)."""
    brief, profile = inputs.brief, profile_for(inputs.brief.market)
    document: dict[str, Any] = {
        "pack_format": PACK_FORMAT,
        "pack_key": key,
        "created_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "status": inputs.status,
        "stopped_at": inputs.stopped_at,
        "folder": str(video_folder),
        "video_type": brief.video_type,
        "title": brief.title,
        "market": brief.market,
        "language": brief.language,
        "rule_profile": {
            "id": profile.id,
            "version": profile.version,
            "effective": profile.effective.isoformat(),
            "title": profile.title,
        },
        "stage_versions": inputs.stage_versions,
        "providers": inputs.providers,
        "software": software_versions(),
        "video": _video(inputs, video_folder),
        "storyboard": {"pages": storyboard_pages}
        if storyboard_pages is not None
        else {"pages": 0, "why": "the run stopped before the video was rendered"},
        "brief": brief.model_dump(mode="json", exclude={"translations"}),
    }
    return document


def _video(inputs: PackInputs, video_folder: Path) -> dict[str, object] | None:
    if inputs.video is None or not inputs.video.is_file():
        return None
    timeline = inputs.timeline
    entry: dict[str, object] = {
        "file": inputs.video.resolve().relative_to(video_folder.resolve()).as_posix(),
        "sha256": file_hash(inputs.video),
        "bytes": inputs.video.stat().st_size,
    }
    if timeline is not None:
        entry |= {
            "fps": timeline.fps,
            "frames": timeline.frames,
            "duration_s": round(timeline.duration_s, 4),
            "width": timeline.width,
            "height": timeline.height,
        }
    return entry


def verify(folder: Path, document: dict[str, Any]) -> list[str]:
    """The files whose hash differs from the manifest's, or that are missing or unlisted."""
    listed = document.get("files", {})
    actual = file_entries(folder)
    problems = [
        name for name in listed if actual.get(name, {}).get("sha256") != listed[name]["sha256"]
    ]
    return problems + [name for name in actual if name not in listed]
