"""Reading an approved master from its delivered folder: everything a localized version keeps.

A master is a folder `reelflow run` delivered: `final/<name>-manifest.json` records the brief,
the approved storyboard and script and the providers, beside the MP4 and the audit trail of its
review. Every way a folder can fall short of that is one `MasterError` naming the folder and
the fix, raised before any version is started.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.briefs import BriefError, BriefFileError
from pipeline.outputs import Scenes, Script
from pipeline.video_types import Brief, parse_brief
from pipeline.workspace import file_hash


class MasterError(ValueError):
    """A master that cannot be localized; the message names the folder and what to do."""


class Master(BaseModel):
    """An approved video's brief, storyboard and script, and where it lives."""

    model_config = ConfigDict(frozen=True)

    folder: Path
    manifest: Path
    manifest_sha256: str
    run_id: str = ""
    brief: Brief
    scenes: Scenes
    script: Script
    language: str
    """The language the master is narrated in (the offline writer writes English)."""

    @property
    def video_type(self) -> str:
        """The master's video type: every version is one of the same type."""
        return self.brief.video_type


def find_manifest(path: Path) -> Path:
    """The manifest of the delivered video at `path` (its folder, its final/ or the file)."""
    path = path.expanduser()
    if not path.exists():
        raise MasterError(f"{path}: no such folder: give the video folder `reelflow run` made")
    if path.is_file():
        if path.name.endswith("-manifest.json"):
            return path.resolve()
        raise MasterError(f"{path} is a file, not a video folder: give the folder holding final/")
    final = path if path.name == "final" else path / "final"
    found = sorted(final.glob("*-manifest.json")) if final.is_dir() else []
    if not found:
        raise MasterError(
            f"{path} has no manifest (final/<name>-manifest.json), so it is not a delivered "
            "video: give the folder of a finished run (the MP4's folder is its final/), or "
            "finish the master's review first"
        )
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise MasterError(f"{final} holds {len(found)} manifests ({names}): give one of them")
    return found[0].resolve()


def load_master(path: Path, run_id: str = "") -> Master:
    """The approved master at `path`, checked to be delivered, reviewed and not itself a version."""
    manifest = find_manifest(path)
    final = manifest.parent
    data = _read_json(manifest)
    if "localized_from" in data:
        source = data["localized_from"].get("folder", "its master")
        raise MasterError(
            f"{final.parent} is itself a localized version (of {source}): localize the master "
            "instead, so every version is translated from the approved original"
        )
    files = data.get("files") or {}
    mp4 = final / str(files.get("mp4", ""))
    if not files.get("mp4") or not mp4.is_file():
        raise MasterError(f"{final.parent}: its MP4 is missing: only a delivered video is a master")
    audit = mp4.with_name(mp4.stem + "-audit.json")
    if not audit.is_file():
        raise MasterError(
            f"{final.parent} has no audit trail ({audit.name}): only a reviewed, delivered "
            "video can be localized"
        )
    if "storyboard" not in data or "script" not in data:
        raise MasterError(
            f"{manifest.name} was written before reelflow recorded the approved storyboard and "
            "script: render the master again with this version of reelflow (delete its final/ "
            "folder and run the same brief), then localize it"
        )
    try:
        brief = parse_brief(data["brief"], source=str(manifest))
        scenes = Scenes.model_validate(data["storyboard"])
        script = Script.model_validate(data["script"])
    except (BriefError, BriefFileError) as exc:
        raise MasterError(f"{manifest}: its brief is no longer valid:\n{exc}") from None
    except ValidationError as exc:
        raise MasterError(f"{manifest}: its storyboard or script is damaged: {exc}") from None
    writer = (data.get("providers") or {}).get("writer", "")
    return Master(
        folder=final.parent,
        manifest=manifest,
        manifest_sha256=file_hash(manifest),
        run_id=run_id,
        brief=brief,
        scenes=scenes,
        script=script,
        language="en" if writer == "offline" else brief.language,
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MasterError(f"{path} cannot be read as a manifest ({exc}): is it damaged?") from None
    if not isinstance(data, dict) or "brief" not in data:
        raise MasterError(f"{path} is not a reelflow manifest (no brief in it)")
    return data
