"""The grid every layout shares: kicker and headline at the top, text beside or above a picture.

Keeping these in one place is what makes eight different layouts read as one deck.
"""

from __future__ import annotations

from pipeline.providers.images import wording
from pipeline.providers.images.canvas import Slide
from pipeline.providers.images.geometry import (
    INK,
    RGB,
    Box,
    FittedText,
    contrast,
    fit_text,
    icon_ink,
    readable_on,
)
from pipeline.providers.images.icons import draw_icon
from pipeline.video_types import Brief

Item = tuple[FittedText, RGB] | float  # a text block, or a gap / rule height in pixels


def header(
    slide: Slide, brief: Brief, title: str, *, max_units: float = 76, icon: str = ""
) -> float:
    """Kicker, headline and accent rule across the top of the safe area; returns the y below."""
    p, safe = slide.palette, slide.safe
    kicker_size = slide.type_size(26)
    reserve = slide.logo_box().w + slide.px(24) if slide.brand.logo else 0
    icon_w = slide.px(96) if icon and slide.style.show_art else 0
    top = safe.y + kicker_size * 1.9
    box = Box(safe.x + icon_w, top, safe.w - icon_w, safe.h * (0.3 if slide.portrait else 0.24))
    fitted = fit_text(
        title,
        box,
        max_size=slide.type_size(max_units, title=True),
        min_size=slide.type_size(30),
        weight="Bold",
        spacing=1.12,
        max_lines=4,
    )
    rule_y = top + fitted.height + slide.px(26)
    headline, kicker = p.headline, p.kicker
    if slide.style.band and p.text == INK:
        slide.pen.rect(Box(0, 0, slide.size[0], rule_y + slide.px(8) + slide.px(34)), p.primary)
        headline = readable_on(p.primary)
        kicker = p.accent if contrast(p.accent, p.primary) >= 3 else headline
    kicker_box = Box(safe.x, safe.y, safe.w - reserve, kicker_size * 1.5)
    kick = fit_text(
        wording.subject(brief).upper(),
        kicker_box,
        max_size=kicker_size,
        min_size=slide.type_size(16),
        weight="Bold",
        max_lines=1,
    )
    slide.paragraph(kick, kicker_box, kicker)
    if icon_w:
        r = slide.px(38)
        slide.pen.circle(safe.x + r, top + min(fitted.height, slide.px(80)) / 2, r, p.secondary)
        draw_icon(
            slide.pen,
            icon,
            Box(
                safe.x + r * 0.45,
                top + min(fitted.height, slide.px(80)) / 2 - r * 0.55,
                r * 1.1,
                r * 1.1,
            ),
            icon_ink(p.secondary),
            p.secondary,
        )
    slide.paragraph(fitted, box, headline)
    slide.pen.rect(Box(safe.x, rule_y, slide.px(84), slide.px(8)), p.accent, radius=slide.px(4))
    return rule_y + slide.px(8) + slide.px(48)


def stack(
    slide: Slide, box: Box, items: list[Item], align: str = "left", valign: str = "middle"
) -> None:
    """Place text blocks and gaps one under another, centred vertically in `box` as a group."""
    total = sum(i[0].height if isinstance(i, tuple) else i for i in items)
    y = box.y + {"top": 0, "middle": (box.h - total) / 2, "bottom": box.h - total}[valign]
    for item in items:
        if isinstance(item, tuple):
            fitted, colour = item
            slide.paragraph(fitted, Box(box.x, y, box.w, fitted.height + 1), colour, align=align)
            y += fitted.height
        else:
            y += item


def split(slide: Slide, area: Box, text_share: float = 0.6) -> tuple[Box, Box | None]:
    """Text and picture boxes for the frame's shape; mirrored variants swap the sides."""
    if not slide.style.show_art:
        return area, None
    gap = slide.px(64 if slide.landscape else 40)
    if not slide.landscape:  # portrait and square stack: text needs the full width
        share = 1 - text_share if slide.portrait else 0.3
        art, text = area.split_y(share, gap)
        if slide.style.mirrored:
            text, art = area.split_y(1 - share, gap)
        return text, art
    text, art = area.split_x(text_share, gap)
    if slide.style.mirrored:
        art, text = area.split_x(1 - text_share, gap)
    return text, art
