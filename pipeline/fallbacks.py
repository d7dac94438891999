"""The record of every time an offline provider stood in for a failing one.

Providers append to `fallbacks.jsonl` in the video's folder as it happens; the manifest reads it
back, so a delivered video says which of its parts were not made by the configured provider.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

FALLBACK_LOG = "fallbacks.jsonl"


class FallbackUse(BaseModel):
    """One time an offline provider stood in for a failing one (recorded in the manifest)."""

    model_config = ConfigDict(frozen=True)

    stage: str
    provider: str
    fallback: str
    item: str
    cause: str


def record_fallback(path: Path, use: FallbackUse) -> None:
    """Append `use` to the fallback log at `path` (one JSON object a line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(use.model_dump_json() + "\n")


def read_fallbacks(root: Path) -> list[FallbackUse]:
    """Every fallback recorded in a run's folder (for the manifest); empty if none."""
    path = root / FALLBACK_LOG
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [FallbackUse.model_validate_json(line) for line in lines if line.strip()]
