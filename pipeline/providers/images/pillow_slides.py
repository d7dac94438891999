"""The offline slide artist: designed, brand-coloured slides drawn with Pillow alone.

It needs no network and no model, so every run (and every test) gets real slides; a generative
backend can sit beside it behind the same `SlideArtist` protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.media.text import lettering
from pipeline.providers.images import SlideRequest, wording
from pipeline.providers.images.canvas import Slide, SlideStyle
from pipeline.providers.images.layouts import LAYOUTS, bullets_slide


@dataclass(frozen=True)
class PillowSlides:
    """Draws each VisualKind with its own layout on a shared grid and palette."""

    name: str = "pillow"

    def draw(self, request: SlideRequest, out: Path) -> None:
        """Write a PNG of `request.size` to `out`; the same request always gives the same bytes."""
        slide = self.layout(request)
        image = slide.render(slide.brand.logo)
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(out, format="PNG", optimize=False, compress_level=6)

    @staticmethod
    def layout(request: SlideRequest) -> Slide:
        """The slide laid out in the brief's fonts, direction and line breaks, not yet drawn."""
        brief, scene = request.brief, request.scene
        style = SlideStyle.for_scene(scene.visual_kind, request.take, list(request.notes))
        brand = wording.slide_brand(brief)
        with lettering(brief.language):
            slide = Slide(request.size, brand, style, request.overscan)
            bottom = slide.content_bottom(slide.footer(scene.index))
            LAYOUTS.get(scene.visual_kind, bullets_slide)(slide, brief, scene, request.line, bottom)
        return slide
