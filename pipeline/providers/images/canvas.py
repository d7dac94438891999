"""The slide canvas: safe area, brand palette, supersampled shapes, crisp text, header and footer.

Shapes are drawn at twice the size and reduced, so circles and arrows have smooth edges; text is
drawn afterwards at full size by FreeType, which anti-aliases it already. Layouts only ever place
content inside `safe`, the frame-sized centre minus a margin, because the renderer pans and zooms
a crop window across the larger still.

Right-to-left languages (Arabic, Hebrew) get the mirror image of the same design: layouts place
things in reading order as if left to right, and the slide flips every x on the way out (shapes,
icons, the logo corner, text positions and their anchors), so text aligns right, bullets and
icons sit on the right and pictures on the left, while the letters themselves are shaped the
right way round by `pipeline.media.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from pipeline.briefs import Brand
from pipeline.media import text as lettering
from pipeline.media.fonts import Weight
from pipeline.providers.images.geometry import (
    INK,
    RGB,
    WHITE,
    Box,
    FittedText,
    contrast,
    hex_rgb,
    ink_on,
    mix,
    readable_on,
)
from pipeline.providers.images.pen import SUPERSAMPLE, Pen

SAFE_MARGIN = 0.06  # of the frame, each side: a zoom or pan never reaches text
DARK_KINDS = frozenset({"title", "stat", "cta", "contact"})

_BIGGER_TEXT = re.compile(r"\b(bigger|larger|increase|more readable)\b.{0,12}\b(text|font|type)")
_BIGGER_TITLE = re.compile(r"\b(bigger|larger|increase)\b.{0,12}\b(title|headline|heading)")
_SMALLER_TEXT = re.compile(r"\b(smaller|reduce)\b.{0,12}\b(text|font|type)")
_NO_ART = re.compile(
    r"\b(no|remove|without|drop|hide)\b.{0,20}\b(icons?|illustrations?|images?|pictures?|graphics?|art)\b"
)
_SECONDARY = re.compile(r"\bsecondary\s+colou?r")


@dataclass(frozen=True)
class SlideStyle:
    """The choices a take number and reviewer notes make; layouts read only this."""

    dark: bool
    mirrored: bool = False
    pattern: int = 0
    text_scale: float = 1.0
    title_scale: float = 1.0
    show_art: bool = True
    swap_colours: bool = False
    deepen: float = 0.0  # extra darkening asked for by "darker" on an already dark slide
    band: bool = False  # light slides: headline on a solid brand band

    @classmethod
    def for_scene(cls, kind: str, take: int, notes: list[str]) -> SlideStyle:
        """Variant 2, 3… mirror the grid and change pattern and emphasis; notes adjust the rest."""
        v = max(1, take)
        style = cls(
            dark=kind in DARK_KINDS, mirrored=v % 2 == 0, pattern=(v - 1) % 3, band=v % 2 == 0
        )
        for note in notes:  # oldest first, so a later "lighter" undoes an earlier "darker"
            style = style._apply(note.lower())
        return style

    def _apply(self, note: str) -> SlideStyle:
        style = self
        if _BIGGER_TITLE.search(note):
            style = replace(style, title_scale=style.title_scale * 1.25)
        if _BIGGER_TEXT.search(note):
            style = replace(
                style, text_scale=style.text_scale * 1.2, title_scale=style.title_scale * 1.1
            )
        if _SMALLER_TEXT.search(note):
            style = replace(style, text_scale=style.text_scale * 0.85)
        if "darker" in note:
            style = replace(style, deepen=style.deepen + 0.25 if style.dark else 0.0, dark=True)
        if "lighter" in note or "brighter" in note:
            style = replace(style, dark=False, deepen=0.0)
        if _NO_ART.search(note):
            style = replace(style, show_art=False)
        if _SECONDARY.search(note):
            style = replace(style, swap_colours=True)
        return style


@dataclass(frozen=True)
class Palette:
    """Brand colours resolved against the slide's background, so every pairing is readable."""

    primary: RGB
    secondary: RGB
    accent: RGB
    bg_from: RGB
    bg_to: RGB
    text: RGB
    headline: RGB
    kicker: RGB
    muted: RGB
    card: RGB
    card_text: RGB
    emphasis: RGB  # primary, lifted when it would vanish into a primary background
    deco: tuple[int, int, int, int]

    @classmethod
    def for_brand(cls, brand: Brand, style: SlideStyle) -> Palette:
        """Dark slides sit on the primary colour; light slides on a faint primary tint."""
        primary, secondary = hex_rgb(brand.primary_color), hex_rgb(brand.secondary_color)
        if style.swap_colours:
            primary, secondary = secondary, primary
        accent = hex_rgb(brand.accent_color)
        if style.dark:
            bg_from = mix(primary, INK, min(0.7, style.deepen))
            bg_to = mix(primary, INK, min(0.85, 0.35 + style.deepen))
        else:
            bg_from, bg_to = mix(primary, WHITE, 0.93), mix(primary, WHITE, 0.985)
        mid = mix(bg_from, bg_to, 0.5)
        text = readable_on(mid)
        on_dark = text == WHITE
        kicker = next((c for c in (accent, secondary, primary) if contrast(c, mid) >= 3), text)
        card = mix(mid, WHITE, 0.1) if on_dark else WHITE
        return cls(
            primary=primary,
            secondary=secondary,
            accent=accent,
            bg_from=bg_from,
            bg_to=bg_to,
            text=text,
            headline=text if on_dark else ink_on(mid, primary),
            kicker=kicker,
            muted=mix(text, mid, 0.3),
            card=card,
            card_text=readable_on(card),
            emphasis=primary if contrast(primary, card) >= 1.8 else mix(primary, WHITE, 0.3),
            deco=(*WHITE, 16) if on_dark else (*primary, 14),
        )


class Slide:
    """One still being drawn: grid, palette, a shape layer and the text to put on top."""

    def __init__(
        self, size: tuple[int, int], brand: Brand, style: SlideStyle, overscan: float
    ) -> None:
        self.size = size
        self.brand = brand
        self.style = style
        self.palette = Palette.for_brand(brand, style)
        self.lettering = lettering.current()
        self.rtl = self.lettering.rtl
        fw, fh = size[0] / overscan, size[1] / overscan
        self.frame = Box((size[0] - fw) / 2, (size[1] - fh) / 2, fw, fh)
        self.safe = self.frame.inset(fw * SAFE_MARGIN, fh * SAFE_MARGIN)
        self.s = min(fw, fh) / 1080
        self.portrait = fh > fw * 1.15
        self.landscape = fw > fh * 1.15
        self._layer = _gradient(
            size, self.palette.bg_from, self.palette.bg_to, style.mirrored != self.rtl
        )
        self.pen = Pen(self._layer, mirror=size[0] if self.rtl else None)
        self._texts: list[tuple[tuple[float, float], str, int, Weight, RGB, str]] = []
        self._decorate()

    def px(self, units: float) -> float:
        """Design units (pixels on a 1080-high frame) to pixels on this slide."""
        return units * self.s

    def type_size(self, units: float, title: bool = False) -> float:
        """A font size in design units, scaled for the slide and the reviewer's "bigger text"."""
        boost = 1.12 if self.portrait else 1.0  # phones show portrait video small: a step up
        return units * self.s * boost * (self.style.title_scale if title else self.style.text_scale)

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: float,
        weight: Weight,
        fill: RGB,
        anchor: str = "la",
    ) -> None:
        """Queue one line of text; it is drawn over the shapes at full resolution.

        The queue holds where the text really goes: on a right-to-left slide the point is mirrored
        and a left anchor becomes a right one, so lines start at the right edge of their box.
        """
        if self.rtl:
            xy = (self.size[0] - xy[0], xy[1])
            anchor = {"l": "r", "r": "l"}.get(anchor[0], anchor[0]) + anchor[1:]
        self._texts.append((xy, text, max(6, int(size)), weight, fill, anchor))

    @property
    def texts(self) -> list[tuple[tuple[float, float], str, int, Weight, RGB, str]]:
        """The queued lines: (where, words, size, weight, colour, anchor), as they will be drawn."""
        return list(self._texts)

    def physical(self, box: Box) -> Box:
        """Where a layout's box lands on the image (mirrored on right-to-left slides)."""
        return Box(self.size[0] - box.right, box.y, box.w, box.h) if self.rtl else box

    def paragraph(
        self, fitted: FittedText, box: Box, fill: RGB, align: str = "left", valign: str = "top"
    ) -> Box:
        """Queue fitted lines inside `box`; returns the box the ink actually occupies."""
        y = (
            box.y
            + {"top": 0, "middle": (box.h - fitted.height) / 2, "bottom": box.h - fitted.height}[
                valign
            ]
        )
        x = {"left": box.x, "centre": box.x + box.w / 2, "right": box.right}[align]
        anchor = {"left": "la", "centre": "ma", "right": "ra"}[align]
        for i, line in enumerate(fitted.lines):
            self.text((x, y + i * fitted.pitch), line, fitted.size, fitted.weight, fill, anchor)
        left = {
            "left": box.x,
            "centre": box.x + (box.w - fitted.width) / 2,
            "right": box.right - fitted.width,
        }
        return Box(left[align], y, fitted.width, fitted.height)

    def _decorate(self) -> None:
        """Large soft background shapes, different per take, kept away from the text column."""
        w, h = self.size
        deco, s = self.palette.deco, self.s
        flip = (lambda x: w - x) if self.style.mirrored else (lambda x: x)
        if self.style.pattern == 0:
            for cx, cy, r in ((w * 0.92, h * 0.08, 520 * s), (w * 0.98, h * 0.95, 300 * s)):
                self.pen.circle(flip(cx), cy, r, deco)
            self.pen.circle(flip(w * 0.06), h * 1.02, 240 * s, deco)
        elif self.style.pattern == 1:
            step, band = 150 * s, 40 * s
            soft = (*deco[:3], max(6, deco[3] * 2 // 3))
            for i in range(-2, 9):
                x0 = flip(w * 0.55 + i * step)
                dx = -h * 0.6 if not self.style.mirrored else h * 0.6
                self.pen.polygon([(x0, 0), (x0 + band, 0), (x0 + band + dx, h), (x0 + dx, h)], soft)
        else:
            gap, r = 46 * s, 5 * s
            for row in range(9):
                for col in range(9):
                    self.pen.circle(
                        flip(w - self.frame.x - (col + 0.5) * gap),
                        self.frame.y + (row + 0.5) * gap,
                        r,
                        (*deco[:3], deco[3] * 3),
                    )
            self.pen.circle(flip(w * 0.02), h * 0.98, 360 * s, deco)

    def content_bottom(self, footer_top: float) -> float:
        """Where slide content must end: above the footer and above the burned-in captions.

        Captions sit centred at 84 % of the frame's height (74 % on portrait frames, above the
        platforms' own buttons); content kept clear of that band is never covered by them,
        even at the end of a zoom.
        """
        share = 0.66 if self.frame.h > self.frame.w else 0.76
        return min(footer_top, self.frame.y + share * self.frame.h)

    def footer(self, scene_index: int) -> float:
        """Brand mark, brand name and scene number at the foot of the safe area; returns its top."""
        p, s = self.palette, self.s
        size = self.type_size(24)
        bottom = self.safe.bottom
        mid = bottom - size * 0.6
        bar = Box(self.safe.x, mid - 4 * s, 36 * s, 8 * s)
        self.pen.rect(bar, p.accent if p.text == WHITE else p.primary, radius=4 * s)
        self.text((bar.right + 14 * s, mid), self.brand.name, size, "Medium", p.muted, "lm")
        self.text((self.safe.right, mid), f"{scene_index:02d}", size, "Bold", p.muted, "rm")
        return bottom - size * 1.2 - 52 * s

    def logo_box(self) -> Box:
        """Where the logo goes (top right of the safe area), so headers leave that corner free."""
        h = 64 * self.s
        return Box(self.safe.right - 260 * self.s, self.safe.y, 260 * self.s, h)

    def render(self, logo: Path | None, *, text: bool = True) -> Image.Image:
        """Reduce the shape layer, paste the logo and draw the queued text.

        With `text=False` it is the background the text sits on, which tests measure against.
        """
        image = self._layer.reduce(SUPERSAMPLE) if SUPERSAMPLE > 1 else self._layer
        if image.size != self.size:
            image = image.resize(self.size, Image.Resampling.LANCZOS)
        if logo is not None:
            self._paste_logo(image, logo)
        draw = ImageDraw.Draw(image)
        for xy, words, size, weight, fill, anchor in self._texts if text else []:
            lettering.draw_line(draw, xy, words, size, weight, fill, anchor, self.lettering)
        return image

    def _paste_logo(self, image: Image.Image, path: Path) -> None:
        box = self.physical(self.logo_box())
        with Image.open(path) as source:
            mark = source.convert("RGBA")
        scale = min(box.w / mark.width, box.h / mark.height)
        w, h = max(1, round(mark.width * scale)), max(1, round(mark.height * scale))
        mark = mark.resize((w, h), Image.Resampling.LANCZOS)
        x, y = round(box.x if self.rtl else box.right - w), round(box.y)  # towards the edge
        if self.palette.text == WHITE:  # a chip keeps dark logos visible on a dark slide
            pad = round(10 * self.s)
            chip = ImageDraw.Draw(image)
            chip.rounded_rectangle(
                (x - pad, y - pad, x + w + pad, y + h + pad), radius=pad, fill=WHITE
            )
        image.paste(mark, (x, y), mark)


def _gradient(size: tuple[int, int], start: RGB, end: RGB, mirrored: bool) -> Image.Image:
    """A diagonal two-colour gradient at supersampled size (deterministic, no noise).

    The ramp is computed small and enlarged: a gradient has no detail to lose, and it keeps the
    whole still well under a second to draw.
    """
    w, h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    sw, sh = max(2, w // 16), max(2, h // 16)
    xs = np.linspace(0.0, 1.0, sw)
    ys = np.linspace(0.0, 1.0, sh)
    if mirrored:
        xs = xs[::-1]
    ramp = (xs[None, :] * 0.6 + ys[:, None] * 0.4) * 255
    mask = Image.fromarray(ramp.round().astype(np.uint8)).resize((w, h), Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", (w, h), end), Image.new("RGB", (w, h), start), mask)
