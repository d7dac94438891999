"""How a localized version names its master, and where that link is kept in the version's folder.

The link is written into the version's folder before its first stage, and the manifest reads it
back (as it reads the fallback log), so every delivered version says which approved master it
came from: the master's folder, its run, the sha256 of the master's manifest and both languages.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

LINK_FILE = "localized-from.json"


class MasterLink(BaseModel):
    """The approved master a localized version was made from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    folder: str = Field(description="The master's video folder.")
    manifest: str = Field(description="The master's manifest file.")
    manifest_sha256: str = Field(description="sha256 of the master's manifest when localized.")
    run_id: str = Field(default="", description="The master's Prefect flow run, when known.")
    video_type: str
    source_language: str = Field(description="The language the master is narrated in.")
    language: str = Field(description="The language of this version.")
    translated_by: str = Field(description="'supplied' (the brief's translations) or the model.")


def write_link(root: Path, link: MasterLink) -> Path:
    """Record `link` in a version's folder (atomically; the same link rewrites the same bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / LINK_FILE
    scratch = path.with_suffix(".tmp")
    scratch.write_text(link.model_dump_json(indent=2), encoding="utf-8")
    scratch.replace(path)
    return path


def read_link(root: Path) -> MasterLink | None:
    """The master a version's folder was made from, or None for an ordinary video."""
    path = root / LINK_FILE
    if not path.is_file():
        return None
    return MasterLink.model_validate_json(path.read_text(encoding="utf-8"))
