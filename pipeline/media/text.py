"""Lines of text in any script: font per character, visual order, shaping, measuring, drawing.

Pillow draws a string with one font, and raqm (Pillow's complex layout, which wraps HarfBuzz for
shaping and FriBiDi for direction) shapes it: Arabic letters join, Devanagari conjuncts and Thai
marks stack. A line may need more than one font (a Latin brand name in an Arabic sentence, a
Greek letter in a Japanese one), so a line is cut into runs, each the longest stretch that one
font covers and that reads in one direction. The runs are put in visual order with the
reordering rule of the Unicode Bidirectional Algorithm (UAX #9, rule L2), then each is shaped by
raqm with its own direction and the language's OpenType locale.

The language is a property of a whole slide or caption, so it travels as a context variable
(`lettering(tag)`), set once by whoever draws, rather than through every layout's fit calls.
Latin-only text in a Latin language takes the same single Roboto call as before this module
existed, so those slides are drawn byte for byte as they were.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageDraw, ImageFont

from pipeline.languages import Language, language_info
from pipeline.media.fonts import (
    FALLBACKS,
    ROBOTO,
    SCRIPT_FAMILIES,
    Family,
    Weight,
    coverage,
    face,
    installed,
)

_STRONG_R = frozenset({"R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
ASCENT_EM, DESCENT_EM = 1.1, 0.5
_IGNORED = frozenset({"Cc", "Zl", "Zp"})  # control characters draw nothing in any font


@dataclass(frozen=True, eq=False)
class Lettering:
    """How one language's text is drawn: its fonts in fallback order, its direction and locale.

    Compared and hashed by identity (`lettering_for` makes one per tag): it keys every text cache,
    and hashing its fields on each lookup cost Latin slides a third of their time.
    """

    tag: str
    language: Language
    chain: tuple[Family, ...]

    @property
    def rtl(self) -> bool:
        """Right-to-left paragraphs: lines align right, slides mirror."""
        return self.language.rtl

    @property
    def primary(self) -> Family:
        """The script's own font: its metrics set line height and baseline."""
        return self.chain[0]

    @property
    def plain(self) -> bool:
        """Roboto-first and left-to-right: Latin, Greek and Cyrillic languages."""
        return self.primary == ROBOTO and not self.rtl

    @property
    def locale(self) -> str:
        """The language subtag raqm passes to HarfBuzz (locale forms, e.g. Serbian Cyrillic)."""
        return self.tag.split("-")[0].lower()


@lru_cache(maxsize=64)
def lettering_for(tag: str) -> Lettering:
    """The lettering of a BCP-47 tag; `FontMissing` if its script's font is not installed."""
    info = language_info(tag)
    primary = SCRIPT_FAMILIES.get(info.script, ROBOTO)
    primary.require("Regular")  # fail before drawing, naming the package to install
    chain = (primary, *(f for f in (ROBOTO, *FALLBACKS) if f != primary))
    return Lettering(tag, info, chain)


_CURRENT: ContextVar[Lettering | None] = ContextVar("lettering", default=None)


def current() -> Lettering:
    """The lettering in force (English, i.e. Roboto left to right, unless `lettering` set one)."""
    return _CURRENT.get() or lettering_for("en")


@contextmanager
def lettering(tag: str) -> Iterator[Lettering]:
    """Measure and draw text in `tag`'s script and direction inside the `with` block."""
    token = _CURRENT.set(lettering_for(tag))
    try:
        yield _CURRENT.get() or lettering_for(tag)
    finally:
        _CURRENT.reset(token)


@dataclass(frozen=True)
class Run:
    """A stretch of one line drawn with one font in one direction."""

    text: str
    family: Family
    rtl: bool


def family_for(ch: str, chain: tuple[Family, ...], weight: Weight) -> Family | None:
    """The first installed font in `chain` with a glyph for `ch`, or None if none has one."""
    for family in chain:
        if (family == chain[0] or installed(family)) and ord(ch) in coverage(family, weight):
            return family
    return None


def missing(text: str, tag: str | None = None, weight: Weight = "Regular") -> list[str]:
    """Characters of `text` that no font of the language covers: they would draw as boxes."""
    chain = (lettering_for(tag) if tag else current()).chain
    return sorted(
        {
            ch
            for ch in text
            if not ch.isspace()
            and unicodedata.category(ch) not in _IGNORED
            and family_for(ch, chain, weight) is None
        }
    )


@lru_cache(maxsize=8192)
def runs(text: str, weight: Weight, how: Lettering) -> tuple[Run, ...]:
    """`text` cut into runs of one font and one direction, in the order they appear on screen."""
    if not text:
        return (Run("", how.primary, how.rtl),)
    if how.plain and all(ord(ch) in coverage(ROBOTO, weight) for ch in text):
        return (Run(text, ROBOTO, False),)  # Latin, Greek, Cyrillic: one left-to-right run
    families = _families(text, how.chain, weight)
    levels = _levels(text, 1 if how.rtl else 0)
    logical: list[tuple[int, Run]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or (levels[i], families[i]) != (levels[start], families[start]):
            level = levels[start]
            logical.append((level, Run(text[start:i], families[start], level % 2 == 1)))
            start = i
    return tuple(run for _, run in _reorder(logical))


def _families(text: str, chain: tuple[Family, ...], weight: Weight) -> list[Family]:
    """A font per character: marks and neutral characters stay with the font before them."""
    out: list[Family] = []
    for ch in text:
        previous = out[-1] if out else None
        sticky = ch.isspace() or unicodedata.category(ch)[0] in "MPZN" or ch in "\u200c\u200d"
        if previous is not None and sticky and ord(ch) in coverage(previous, weight):
            out.append(previous)
            continue
        out.append(family_for(ch, chain, weight) or previous or chain[0])
    return out


def _levels(text: str, base: int) -> list[int]:
    """Embedding levels of UAX #9 for one line without explicit embeddings.

    Rules W1–W7, N1–N2 and I1–I2, simplified: enough for sentences that mix one right-to-left
    script with Latin words and digits.
    """
    kinds: list[str] = []
    last_strong = "R" if base else "L"
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in _STRONG_R:
            kind = last_strong = "R"
        elif bidi == "L":
            kind = last_strong = "L"
        elif bidi in _NUMBER:
            kind = "L" if last_strong == "L" and bidi == "EN" else "EN"  # W7
        elif bidi == "NSM" and kinds:
            kind = kinds[-1]
        else:
            kind = "N"
        kinds.append(kind)
    resolved = list(kinds)
    edge = "R" if base else "L"
    i = 0
    while i < len(kinds):
        if kinds[i] != "N":
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j] == "N":
            j += 1
        before = _strong(kinds[i - 1]) if i > 0 else edge
        after = _strong(kinds[j]) if j < len(kinds) else edge
        direction = before if before == after else edge  # N1, else N2
        resolved[i:j] = [direction] * (j - i)
        i = j
    if base == 0:
        return [{"L": 0, "R": 1, "EN": 2}[k] for k in resolved]
    return [{"L": 2, "R": 1, "EN": 2}[k] for k in resolved]


def _strong(kind: str) -> str:
    return "R" if kind == "EN" else kind  # numbers count as right-to-left for neutrals (N1)


def _reorder(items: list[tuple[int, Run]]) -> list[tuple[int, Run]]:
    """UAX #9 rule L2, on runs.

    From the highest level down to the lowest odd one, reverse every stretch at that level or above.
    """
    if not items:
        return items
    highest = max(level for level, _ in items)
    lowest_odd = min((level for level, _ in items if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(items):
            if items[i][0] < level:
                i += 1
                continue
            j = i
            while j < len(items) and items[j][0] >= level:
                j += 1
            items[i:j] = items[i:j][::-1]
            i = j
    return items


def _options(run: Run, how: Lettering) -> dict[str, str]:
    if how.plain and run.family == ROBOTO and not run.rtl:
        return {}  # exactly the call Latin slides always made
    return {"direction": "rtl" if run.rtl else "ltr", "language": how.locale}


def run_length(run: Run, size: int, weight: Weight, how: Lettering) -> float:
    """Advance width of one run in pixels, as raqm shapes it."""
    return face(run.family, size, weight).getlength(run.text, **_options(run, how))


def line_width(text: str, size: int, weight: Weight, how: Lettering | None = None) -> int:
    """Width of one line in pixels: advances, plus any ink of the last glyph past its advance."""
    return _line_width(text, size, weight, how or current())


@lru_cache(maxsize=8192)
def _line_width(text: str, size: int, weight: Weight, how: Lettering) -> int:
    parts = runs(text, weight, how)
    if len(parts) == 1:  # one font: Pillow's own measure (for Latin, the call it always was)
        run = parts[0]
        font, options = face(run.family, size, weight), _options(run, how)
        ink = font.getbbox(run.text, anchor="la", **options)[2]
        return int(max(font.getlength(run.text, **options), ink) + 0.999)
    total = sum(run_length(run, size, weight, how) for run in parts)
    last = parts[-1]
    if not last.text:
        return int(total + 0.999)
    advance = run_length(last, size, weight, how)
    ink = face(last.family, size, weight).getbbox(last.text, anchor="la", **_options(last, how))[2]
    return int(total + max(0.0, ink - advance) + 0.999)


def metrics(size: int, weight: Weight, how: Lettering | None = None) -> tuple[int, int]:
    """(ascent, descent) of the language's own font: one line's height and where its baseline is.

    Fonts whose scripts stack marks (Noto Sans Arabic declares 1.37 em above the baseline and
    0.74 below) would make every line twice as tall as its letters; the box is capped at 1.1 em
    up and 0.5 em down, which holds the ink of ordinary text, marks included.
    """
    how = how or current()
    ascent, descent = face(how.primary, size, weight).getmetrics()
    if how.plain:
        return ascent, descent
    return min(ascent, round(size * ASCENT_EM)), min(descent, round(size * DESCENT_EM))


def line_box(
    xy: tuple[float, float],
    text: str,
    size: int,
    weight: Weight,
    anchor: str = "la",
    how: Lettering | None = None,
) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) that `draw_line` with the same arguments draws into.

    Readers of a drawn slide (the legibility check's background under a line) need the box of
    the fonts really used: Roboto's box of a Japanese or Arabic line is far off its ink.
    """
    how = how or current()
    parts = runs(text, weight, how)
    if how.plain and len(parts) == 1 and parts[0].family == ROBOTO:
        left, top, right, bottom = face(ROBOTO, size, weight).getbbox(text, anchor=anchor)
        return xy[0] + left, xy[1] + top, xy[0] + right, xy[1] + bottom
    lengths = [run_length(run, size, weight, how) for run in parts]
    x, baseline = _origin(xy, sum(lengths), size, weight, anchor, how)
    ascent, descent = metrics(size, weight, how)
    width = line_width(text, size, weight, how)
    return x, baseline - ascent, x + width, baseline + descent


def _origin(
    xy: tuple[float, float], total: float, size: int, weight: Weight, anchor: str, how: Lettering
) -> tuple[float, float]:
    """Where a line `total` pixels long starts and where its baseline lies, for an anchor."""
    x = xy[0] - {"l": 0.0, "m": total / 2, "r": total}[anchor[0]]
    ascent, descent = metrics(size, weight, how)
    shift = {"a": ascent, "t": ascent, "m": (ascent - descent) / 2, "s": 0, "d": -descent}
    return x, xy[1] + shift.get(anchor[1], -descent)


def draw_line(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    size: int,
    weight: Weight,
    fill: tuple[int, ...],
    anchor: str = "la",
    how: Lettering | None = None,
) -> None:
    """Draw one line at `xy` with a Pillow text anchor ("la", "mm", "rs"…), in any script."""
    how = how or current()
    parts = runs(text, weight, how)
    if how.plain and len(parts) == 1 and parts[0].family == ROBOTO:
        draw.text(xy, text, font=face(ROBOTO, size, weight), fill=fill, anchor=anchor)
        return
    lengths = [run_length(run, size, weight, how) for run in parts]
    x, baseline = _origin(xy, sum(lengths), size, weight, anchor, how)
    for run, length in zip(parts, lengths, strict=True):
        font: ImageFont.FreeTypeFont = face(run.family, size, weight)
        draw.text((x, baseline), run.text, font=font, fill=fill, anchor="ls", **_options(run, how))
        x += length
