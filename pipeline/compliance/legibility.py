"""How big and how legible on-screen text is, measured on what is actually drawn.

The readability rules ask for a text height (pixels at the video's real size, compared at 1080
lines) and a WCAG 2 contrast ratio between the text's colour and the colour behind it. Slides
are measured by laying them out again with the offline slide artist (the same request gives the
same pixels): every queued line of text with its size and colour, and the background taken from
the drawn slide under that line. Captions are measured on the cue box the renderer draws,
composited over the slide beneath it. Sizes are scaled from the still to the frame by the scene's
motion (the smallest the text gets while the scene shows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from pipeline.compliance.timeline import Timeline
from pipeline.media.captions import BASE_FONT_PX, BOX_RGBA, render_cue
from pipeline.media.motion import crop_box
from pipeline.media.text import lettering, line_box
from pipeline.outputs import Animations, Motion, Scenes, Script
from pipeline.providers.images import SlideRequest, wording
from pipeline.providers.images.canvas import Slide, SlideStyle
from pipeline.providers.images.layouts import LAYOUTS, bullets_slide
from pipeline.video_types import Brief

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class DrawnText:
    """One line of text as drawn: its words, size on the video frame, colours and contrast."""

    text: str
    px: float
    fill: RGB
    background: RGB

    @property
    def contrast(self) -> float:
        """WCAG 2 contrast ratio of the text against its background."""
        return contrast_ratio(self.fill, self.background)

    def px_at_1080(self, frame_height: int, frame_width: int) -> float:
        """The size as it would be on a 1080-line picture (scaled by the frame's short side)."""
        return self.px * 1080 / min(frame_height, frame_width)


@dataclass
class DrawnScreen:
    """Text as drawn: per scene, every slide line; per caption text, its drawn cue."""

    slides: dict[int, list[DrawnText]] = field(default_factory=dict)
    captions: dict[str, DrawnText] = field(default_factory=dict)


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black to 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter over the darker (WCAG 2.1, definition)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def frame_scale(motion: Motion, still: tuple[int, int], frame: tuple[int, int]) -> float:
    """Frame pixels per still pixel at the scene's widest view (its text at its smallest)."""
    widths = [
        crop_box(motion, still, frame, p)[2] - crop_box(motion, still, frame, p)[0]
        for p in (0.0, 1.0)
    ]
    return frame[0] / max(widths)


def slide_texts_drawn(
    request: SlideRequest, motion: Motion, frame: tuple[int, int]
) -> tuple[list[DrawnText], Image.Image]:
    """Every line of text the offline artist draws on the slide, and the slide itself."""
    brief, scene = request.brief, request.scene
    style = SlideStyle.for_scene(scene.visual_kind, request.take, list(request.notes))
    brand = wording.slide_brand(brief)
    with lettering(brief.language):  # laid out exactly as the artist lays it out
        slide = Slide(request.size, brand, style, request.overscan)
        bottom = slide.content_bottom(slide.footer(scene.index))
        LAYOUTS.get(scene.visual_kind, bullets_slide)(slide, brief, scene, request.line, bottom)
    image = slide.render(brand.logo).convert("RGB")
    # The artist queues its text (position, words, size, weight, colour, anchor) before drawing.
    queued = list(slide._texts)  # noqa: SLF001 - read-only: the text the artist drew
    bare = np.asarray(_without_text(slide, brand.logo))
    scale = frame_scale(motion, request.size, frame)
    drawn = []
    for xy, text, size, weight, fill, anchor in queued:
        left, top, right, bottom = line_box(xy, text, size, weight, anchor, slide.lettering)
        x0, y0 = max(0, int(left)), max(0, int(top))
        x1, y1 = int(right) + 1, int(bottom) + 1
        behind = bare[y0:y1, x0:x1].reshape(-1, 3)
        background = _worst_background(behind, tuple(fill[:3])) if behind.size else (0, 0, 0)
        drawn.append(DrawnText(text, size * scale, tuple(fill[:3]), background))
    return drawn, image


def _without_text(slide: Slide, logo: object) -> Image.Image:
    """The slide as drawn, minus its text: the background every line sits on."""
    queued, slide._texts = slide._texts, []  # noqa: SLF001
    try:
        return slide.render(logo).convert("RGB")  # type: ignore[arg-type]
    finally:
        slide._texts = queued  # noqa: SLF001


def _worst_background(pixels: np.ndarray, fill: RGB) -> RGB:
    """Of the colours behind a line (covering at least 5 % of it), the one nearest the text."""
    # Each colour quantized to 32 levels per channel, packed in one integer: a 1-D count is
    # ~20x faster than np.unique over rows (the render checks' largest cost).
    q = (pixels // 8).astype(np.int32)
    counts = np.bincount((q[:, 0] << 10) | (q[:, 1] << 5) | q[:, 2], minlength=1 << 15)
    keys = np.flatnonzero(counts)
    colours = np.stack([keys >> 10, (keys >> 5) & 31, keys & 31], axis=1) * 8 + 4
    counts = counts[keys]
    common = colours[counts >= 0.05 * counts.sum()] if counts.size else colours
    worst = min(common, key=lambda c: contrast_ratio(fill, tuple(int(v) for v in c)))
    return tuple(int(v) for v in worst)


def caption_drawn(
    text: str, frame: tuple[int, int], slide_on_frame: Image.Image, placement: str
) -> DrawnText:
    """A caption cue as the renderer draws it, over the picture beneath its box."""
    picture, (left, top) = render_cue(text, frame, placement)  # type: ignore[arg-type]
    under = np.asarray(slide_on_frame.convert("RGB"), dtype=np.float64)[
        top : top + picture.height, left : left + picture.width
    ]
    alpha = BOX_RGBA[3] / 255
    boxed = under * (1 - alpha) + np.array(BOX_RGBA[:3]) * alpha
    lightest = boxed.reshape(-1, 3)[np.argmax(boxed.reshape(-1, 3).sum(axis=1))]
    px = max(10, round(BASE_FONT_PX * min(frame) / 1080))
    return DrawnText(text, float(px), (255, 255, 255), tuple(int(round(v)) for v in lightest))


def frame_view(image: Image.Image, motion: Motion, frame: tuple[int, int]) -> Image.Image:
    """The still as the first frame of its scene shows it (the motion's start window)."""
    return image.resize(
        frame, Image.Resampling.BILINEAR, box=crop_box(motion, image.size, frame, 0)
    )


def measure_screen(
    brief: Brief,
    scenes: Scenes,
    script: Script,
    animations: Animations,
    timeline: Timeline,
    *,
    still_size: tuple[int, int],
    overscan: float,
    takes: dict[int, int] | None = None,
) -> DrawnScreen:
    """The drawn text the render checks read.

    The major statement's slide and captions, and the benefit slides the risk text is compared
    with (`statement.benefit_scenes`).
    """
    major = timeline.major_statement
    from pipeline.compliance.statement import benefit_scenes

    wanted = set(benefit_scenes(timeline))
    if major is not None:
        wanted.add(major.scene_index)
    frame = (timeline.width, timeline.height)
    screen = DrawnScreen()
    for scene in scenes.scenes:
        if scene.index not in wanted:
            continue
        animation = animations.for_scene(scene.index)
        request = SlideRequest(
            brief=brief,
            scene=scene,
            line=script.for_scene(scene.index) if _has_line(script, scene.index) else None,
            size=still_size,
            overscan=overscan,
            take=(takes or {}).get(scene.index, 1),
        )
        lines, image = slide_texts_drawn(request, animation.motion, frame)
        screen.slides[scene.index] = lines
        if major is not None and scene.index == major.scene_index:
            view = frame_view(image, animation.motion, frame)
            placement = animation.caption_style
            for text in timeline.visible(major.span, kinds=("caption",)):
                if placement != "none":
                    screen.captions[text.text] = caption_drawn(text.text, frame, view, placement)
    return screen


def _has_line(script: Script, index: int) -> bool:
    return any(line.scene_index == index for line in script.lines)
