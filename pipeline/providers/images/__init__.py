"""Slide artists draw one scene's still. One module per backend behind `SlideArtist`."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from pipeline.outputs import Scene, ScriptLine
from pipeline.rules import OVERSCAN
from pipeline.video_types import Brief


class SlideRequest(BaseModel):
    """Everything a slide's pixels depend on, for any artist.

    `size` and `overscan` both come from the render profile (the still is the frame times the
    overscan), so the artist knows how much of the still the frame shows and keeps text inside
    the part a zoom or pan never crops.
    """

    model_config = ConfigDict(frozen=True)

    brief: Brief
    scene: Scene
    line: ScriptLine | None = None
    size: tuple[int, int]
    overscan: float = Field(default=OVERSCAN, ge=1.0)
    notes: tuple[str, ...] = ()
    take: int = Field(default=1, ge=1)


class SlideArtist(Protocol):
    """Draws a designed, brand-coloured slide for a scene at an exact pixel size."""

    name: str

    def draw(self, request: SlideRequest, out: Path) -> None:
        """Write a PNG of `request.size` to `out`; a take > 1 must look visibly different."""
        ...
