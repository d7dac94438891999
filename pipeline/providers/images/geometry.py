"""Layout arithmetic for slides: colours that stay readable, boxes on a grid, text that fits.

Everything a slide draws goes through these helpers so that contrast and fitting are decided in
one place: a headline never overflows its box, and white-on-yellow never happens.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import ImageFont

from pipeline.media import linebreak
from pipeline.media import text as lettering
from pipeline.media.fonts import Weight, face

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (20, 24, 33)  # near-black with a blue cast: softer than pure black on tinted paper
MIN_FONT_PX = 6  # pipeline.media.fonts clamps to this, so fitting must never measure below it


# --- colour -------------------------------------------------------------------------------------


def hex_rgb(value: str) -> RGB:
    """`#RRGGBB` (as the brief validates it) to an RGB tuple."""
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """The colour `t` of the way from `a` to `b`: tints towards WHITE, shades towards INK."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def luminance(colour: RGB) -> float:
    """WCAG relative luminance, the basis of the contrast ratio."""

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio (1 = none, 21 = black on white); body text wants 4.5 or more."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: RGB) -> RGB:
    """White or ink, whichever reads better on `background`."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


def ink_on(background: RGB, preferred: RGB, minimum: float = 4.5) -> RGB:
    """`preferred` (a brand colour) if it is readable on `background`, else white or ink."""
    return preferred if contrast(preferred, background) >= minimum else readable_on(background)


def icon_ink(background: RGB) -> RGB:
    """White icons unless `background` is too pale: shapes need less contrast than text."""
    return WHITE if contrast(WHITE, background) >= 2.2 else INK


# --- boxes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in pixels; layouts cut big boxes into smaller ones."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        """The x of the right edge."""
        return self.x + self.w

    @property
    def bottom(self) -> float:
        """The y of the bottom edge."""
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        """The middle point (icons and diagrams are placed by their centre)."""
        return self.x + self.w / 2, self.y + self.h / 2

    @property
    def xyxy(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom), the form ImageDraw takes."""
        return self.x, self.y, self.right, self.bottom

    def inset(self, dx: float, dy: float | None = None) -> Box:
        """The box shrunk by `dx` left and right and `dy` (default `dx`) top and bottom."""
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(1.0, self.w - 2 * dx), max(1.0, self.h - 2 * dy))

    def top(self, h: float) -> Box:
        """The top `h` pixels."""
        return Box(self.x, self.y, self.w, min(h, self.h))

    def split_x(self, ratio: float, gap: float) -> tuple[Box, Box]:
        """Left and right columns: the left takes `ratio` of the width after the gap."""
        left = (self.w - gap) * ratio
        return Box(self.x, self.y, left, self.h), Box(
            self.x + left + gap, self.y, self.w - left - gap, self.h
        )

    def split_y(self, ratio: float, gap: float) -> tuple[Box, Box]:
        """Upper and lower rows: the upper takes `ratio` of the height after the gap."""
        upper = (self.h - gap) * ratio
        return Box(self.x, self.y, self.w, upper), Box(
            self.x, self.y + upper + gap, self.w, self.h - upper - gap
        )

    def rows(self, n: int, gap: float) -> list[Box]:
        """`n` equal rows separated by `gap`."""
        h = (self.h - gap * (n - 1)) / max(1, n)
        return [Box(self.x, self.y + i * (h + gap), self.w, h) for i in range(n)]

    def columns(self, n: int, gap: float) -> list[Box]:
        """`n` equal columns separated by `gap`."""
        w = (self.w - gap * (n - 1)) / max(1, n)
        return [Box(self.x + i * (w + gap), self.y, w, self.h) for i in range(n)]

    def square(self, fraction: float = 1.0) -> Box:
        """The largest centred square, scaled by `fraction` (room for an icon)."""
        side = min(self.w, self.h) * fraction
        cx, cy = self.centre
        return Box(cx - side / 2, cy - side / 2, side, side)


# --- text ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FittedText:
    """Wrapped lines at the largest size that fits a box; `truncated` if the minimum did not."""

    lines: tuple[str, ...]
    size: int
    weight: Weight
    pitch: int
    width: int
    height: int
    truncated: bool = False

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        """The face of the lettering in force (a line that mixes scripts draws with several)."""
        return face(lettering.current().primary, self.size, self.weight)


def text_width(text: str, size: int, weight: Weight) -> int:
    """Width of one line in pixels, the larger of advance and ink, so nothing pokes out.

    Measured in the lettering in force (`pipeline.media.text.lettering`): the slide's language.
    """
    return lettering.line_width(text, size, weight)


def line_height(size: int, weight: Weight) -> int:
    """Height of one line from ascender to descender, where `anchor="la"` puts the ink."""
    ascent, descent = lettering.metrics(size, weight)
    return ascent + descent


def wrap(text: str, size: int, weight: Weight, width: float) -> list[str]:
    """Wrap to `width` pixels at the breaks the script allows (`pipeline.media.linebreak`)."""
    return linebreak.wrap(text, width, lambda line: text_width(line, size, weight))


def _measure(lines: list[str], size: int, weight: Weight, spacing: float) -> tuple[int, int, int]:
    pitch = max(1, round(size * spacing))
    height = pitch * (len(lines) - 1) + line_height(size, weight)
    width = max((text_width(line, size, weight) for line in lines), default=0)
    return pitch, width, height


def fit_text(
    text: str,
    box: Box,
    *,
    max_size: float,
    min_size: float,
    weight: Weight = "Regular",
    spacing: float = 1.2,
    max_lines: int | None = None,
) -> FittedText:
    """The largest size in [min_size, max_size] at which `text` wraps inside `box`.

    If even `min_size` is too big the text is cut to the lines that fit and ends with an ellipsis
    (`truncated=True`), so a slide never spills over its neighbours; callers that must show every
    word (safety text) check `truncated` and change layout instead.
    """
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    size = max(MIN_FONT_PX, int(max_size))
    floor = max(MIN_FONT_PX, int(min_size))
    size = max(size, floor)
    words = linebreak.units(text)
    while True:
        lines = wrap(text, size, weight, box.w)
        pitch, width, height = _measure(lines, size, weight, spacing)
        whole_words = all(text_width(word, size, weight) <= box.w for word in words)
        fits = (
            height <= box.h
            and width <= box.w
            and (max_lines is None or len(lines) <= max_lines)
            and (whole_words or size <= floor)  # breaking a word is the last resort
        )
        if fits:
            return FittedText(tuple(lines), size, weight, pitch, width, height)
        if size <= floor:
            return _truncate(lines, size, weight, spacing, box, max_lines)
        size = max(floor, min(size - 1, int(size * 0.94)))


def _truncate(
    lines: list[str], size: int, weight: Weight, spacing: float, box: Box, max_lines: int | None
) -> FittedText:
    pitch = max(1, round(size * spacing))
    room = max(1, int((box.h - line_height(size, weight)) // pitch) + 1)
    keep = list(lines[: min(room, max_lines or room)])
    last = keep[-1].rstrip(" .,;:") + "…"
    while len(last) > 1 and text_width(last, size, weight) > box.w:
        last = last[:-2].rstrip(" .,;:") + "…"
    keep[-1] = last
    _, width, height = _measure(keep, size, weight, spacing)
    return FittedText(tuple(keep), size, weight, pitch, width, height, truncated=True)


def fit_columns(
    text: str,
    box: Box,
    *,
    max_size: float,
    min_size: float,
    floor: float,
    gap: float,
    weight: Weight = "Regular",
    spacing: float = 1.25,
) -> list[FittedText]:
    """Text that must be shown in full (safety information), in one or two columns.

    One column while it fits at `min_size` or more and its lines stay short enough to read (about
    45 ems, some 90 characters); otherwise two columns, shrinking down to `floor`. Only past that
    is it cut.
    """
    single = fit_text(
        text, box, max_size=max_size, min_size=min_size, weight=weight, spacing=spacing
    )
    if not single.truncated and box.w / single.size <= 45:
        return [single]
    column = box.columns(2, gap)[0]
    flat = " ".join(text.split())
    size, lowest = max(MIN_FONT_PX, int(max_size)), max(MIN_FONT_PX, int(floor))
    while True:
        lines = wrap(flat, size, weight, column.w)
        half = (len(lines) + 1) // 2
        _, _, height = _measure(lines[:half], size, weight, spacing)
        if height <= box.h or size <= lowest:
            break
        size -= 1
    if not single.truncated and size < min_size:
        return [single]  # long lines read better than text below the readable minimum
    parts = [part for part in (lines[:half], lines[half:]) if part]
    return [
        fit_text(
            "\n".join(part), column, max_size=size, min_size=size, weight=weight, spacing=spacing
        )
        for part in parts
    ]
