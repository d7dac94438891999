"""The offline slide artist: designed, brand-coloured slides drawn with Pillow alone.

It needs no network and no model, so every run (and every test) gets real slides; a generative
backend can sit beside it behind the same `SlideArtist` protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.outputs import Scene, ScriptLine
from pipeline.providers.images import wording
from pipeline.providers.images.canvas import Slide, SlideStyle
from pipeline.providers.images.layouts import LAYOUTS, bullets_slide
from pipeline.video_types import Brief

DEFAULT_OVERSCAN = 1.12


@dataclass(frozen=True)
class PillowSlides:
    """Draws each VisualKind with its own layout on a shared grid and palette.

    `overscan` must match the render profile's: it tells the artist how much of the still the
    frame shows, so text stays inside the part a zoom or pan never crops.
    """

    overscan: float = DEFAULT_OVERSCAN
    name: str = "pillow"

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
        """Write a PNG of `size` to `out`; the same inputs always give the same bytes."""
        style = SlideStyle.for_scene(scene.visual_kind, take, notes)
        brand = wording.slide_brand(brief)
        slide = Slide(size, brand, style, self.overscan)
        bottom = slide.content_bottom(slide.footer(scene.index))
        LAYOUTS.get(scene.visual_kind, bullets_slide)(slide, brief, scene, line, bottom)
        image = slide.render(brand.logo)
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(out, format="PNG", optimize=False, compress_level=6)
