"""Slide artists draw one scene's still. One module per backend behind `SlideArtist`."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pipeline.outputs import Scene, ScriptLine
from pipeline.video_types import Brief


class SlideArtist(Protocol):
    """Draws a designed, brand-coloured slide for a scene at an exact pixel size."""

    name: str

    def draw(
        self,
        brief: Brief,
        scene: Scene,
        line: ScriptLine | None,
        size: tuple[int, int],
        out: Path,
        *,
        notes: list[str],
        take: int,
    ) -> None:
        """Write a PNG of `size` to `out`; `take` > 1 must look visibly different."""
        ...
