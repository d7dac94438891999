"""Captions: short phrases timed to the spoken words, burned into frames and written as SRT.

Viewers read a few words at a glance, so captions come in short phrases that change with the
speech rather than whole sentences; the same cues feed the burned-in captions and the `.srt`
file, so both always agree.

Every script is captioned: text is shaped, ordered and drawn by `pipeline.media.text` (right to
left for Arabic and Hebrew), lines break where `pipeline.media.linebreak` allows, and scripts
written without spaces (Chinese, Japanese, Thai) are cut into phrases at those breaks, with the
cue length set by the language's caption rule (`pipeline.languages`: 13 characters a line for
Japanese, 16 for Chinese). The SRT is UTF-8; a right-to-left cue starts with U+200F RIGHT-TO-LEFT
MARK, so a player shows it right to left even when it opens with a Latin brand name.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from moviepy import Clip, Effect
from PIL import Image, ImageDraw

from pipeline.languages import language_info
from pipeline.media import linebreak
from pipeline.media.text import draw_line, lettering_for, line_width
from pipeline.outputs import WordTiming

Placement = Literal["lower_third", "centre"]
BREAK_AFTER = (".", ",", ";", ":", "!", "?", "…", "—", "–")
MAX_WORDS = 5
MAX_CHARS = 32
MAX_LINES = 2
BASE_FONT_PX = 52  # at a 1080-pixel short side
BOX_RGBA = (12, 14, 20, 170)
RLM = "\u200f"


@dataclass(frozen=True)
class Cue:
    """One caption phrase and when it is on screen (seconds, scene- or video-relative)."""

    text: str
    start: float
    end: float


def caption_cues(
    words: Sequence[WordTiming],
    end_s: float,
    *,
    max_words: int = MAX_WORDS,
    max_chars: int = MAX_CHARS,
    language: str = "en",
) -> list[Cue]:
    """Group timed words into short phrases, each shown until the next begins (or `end_s`).

    A phrase ends at punctuation, at `max_words`, or before it would pass `max_chars`, so every
    cue fits on at most two short lines and breaks where a speaker pauses. In a language written
    without spaces a "word" from the speech engine may be a whole clause: it is cut at its line
    breaks, each piece timed by its share of the characters, and phrases are limited by the
    language's characters per line instead of by words.
    """
    info = language_info(language)
    if not info.spaced:
        max_words, max_chars = 10**6, min(max_chars, info.line_chars)
    groups: list[list[WordTiming]] = []
    current: list[WordTiming] = []
    for word in _pieces(words, max_chars):
        text = word.word.strip()
        if not text:
            continue
        if current and (
            len(current) >= max_words or len(_joined(current)) + 1 + len(text) > max_chars
        ):
            groups.append(current)
            current = []
        current.append(word)
        if text.endswith(BREAK_AFTER):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    _adopt_orphans(groups, max_chars)

    cues: list[Cue] = []
    starts = [max(0.0, min(group[0].start, end_s)) for group in groups]
    for i, group in enumerate(groups):
        start = max(starts[i], cues[-1].end if cues else 0.0)
        end = starts[i + 1] if i + 1 < len(groups) else end_s
        if end - start > 1e-3:
            cues.append(Cue(_joined(group), start, end))
    return cues


_GLUE = "\u2060"  # WORD JOINER marks a piece that continues the word before it (no space)


def _pieces(words: Sequence[WordTiming], max_chars: int) -> list[WordTiming]:
    """Words longer than a phrase cut at their line breaks, each piece timed by its length."""
    out: list[WordTiming] = []
    for word in words:
        text = word.word.strip()
        units = linebreak.units(text) if len(text) > max_chars else [text]
        if len(units) <= 1:
            out.append(word)
            continue
        total, done = sum(len(u) for u in units), 0
        span = word.end - word.start
        for i, unit in enumerate(units):
            start = word.start + span * done / total
            done += len(unit)
            glue = _GLUE if i else ""
            out.append(
                WordTiming(word=glue + unit, start=start, end=word.start + span * done / total)
            )
    return out


def _joined(group: Sequence[WordTiming]) -> str:
    text = ""
    for word in group:
        piece = word.word.strip()
        if piece.startswith(_GLUE) or not text:
            text += piece.removeprefix(_GLUE)
        else:
            text += " " + piece
    return text


def _adopt_orphans(groups: list[list[WordTiming]], max_chars: int) -> None:
    """Give a lone word ("day.") the last word of the phrase before it.

    Only when that phrase was cut for length, not at punctuation: "so breathing gets easier /
    every day." reads better than "so breathing gets easier every / day."
    """
    for before, group in zip(groups, groups[1:], strict=False):
        cut_for_length = not before[-1].word.strip().endswith(BREAK_AFTER)
        if group[0].word.startswith(_GLUE):
            continue  # a piece of a longer word: moving it would not make the phrase read better
        joined = len(before[-1].word.strip()) + 1 + len(group[0].word.strip())
        if len(group) == 1 and len(before) >= 3 and cut_for_length and joined <= max_chars:
            group.insert(0, before.pop())


def shift_cues(cues: Sequence[Cue], offset: float) -> list[Cue]:
    """Move scene-relative cues to video time (the scene starts `offset` seconds in)."""
    return [Cue(c.text, c.start + offset, c.end + offset) for c in cues]


def srt_timestamp(seconds: float) -> str:
    """`HH:MM:SS,mmm`, the SRT time format."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def write_srt(cues: Sequence[Cue], path: Path, language: str = "en") -> Path:
    """Write video-time cues as a UTF-8 SubRip file (players load it beside the MP4).

    Right-to-left cues start with a right-to-left mark, so players that take a line's direction
    from its first strong character (the Unicode default) do not show "GlucoSense يقيس…" left to
    right.
    """
    mark = RLM if language_info(language).rtl else ""
    blocks = [
        f"{n}\n{srt_timestamp(c.start)} --> {srt_timestamp(c.end)}\n{mark}{c.text}\n"
        for n, c in enumerate(cues, start=1)
    ]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def render_cue(
    text: str,
    frame_size: tuple[int, int],
    placement: Placement = "lower_third",
    language: str = "en",
) -> tuple[Image.Image, tuple[int, int]]:
    """Draw a cue as an RGBA box and say where it goes: white Medium type on a dark pill.

    Sizes scale with the frame's short side; portrait frames place captions higher so platform
    buttons and descriptions at the bottom do not cover them. The type is the language's
    (`pipeline.media.text`): Roboto for Latin, Greek and Cyrillic, Noto for the other scripts.
    """
    how = lettering_for(language)
    width, height = frame_size
    scale = min(width, height) / 1080
    size = max(10, round(BASE_FONT_PX * scale))
    max_width = 0.84 * width

    def wrap(size: int) -> list[str]:
        return linebreak.wrap(text, max_width, lambda line: line_width(line, size, "Medium", how))

    lines = wrap(size)
    while len(lines) > MAX_LINES and size > 10:
        size = max(10, int(size * 0.9))
        lines = wrap(size)
    pad_x, pad_y, line_h = round(0.6 * size), round(0.38 * size), round(1.22 * size)
    text_w = max(line_width(line, size, "Medium", how) for line in lines)
    box_w = min(width, round(text_w) + 2 * pad_x)
    box_h = len(lines) * line_h + 2 * pad_y
    box = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
    ImageDraw.Draw(box).rounded_rectangle(
        (0, 0, box_w - 1, box_h - 1), radius=round(0.4 * size), fill=BOX_RGBA
    )
    ink = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(ink)
    for n, line in enumerate(lines):
        xy = (box_w / 2, pad_y + (n + 0.5) * line_h)
        draw_line(draw, xy, line, size, "Medium", (255, 255, 255, 255), "mm", how)
    picture = Image.alpha_composite(box, ink)
    if placement == "centre":
        centre_y = 0.5 * height
    elif height > width:
        centre_y = 0.74 * height
    else:
        centre_y = 0.84 * height
    top = round(min(max(0, centre_y - box_h / 2), height - box_h))
    return picture, ((width - box_w) // 2, top)


@dataclass
class CaptionOverlay(Effect):
    """Burn timed cues into frames, compositing only over each caption's small box."""

    cues: Sequence[Cue]
    size: tuple[int, int]
    placement: Placement = "lower_third"
    language: str = "en"
    _drawn: dict[int, tuple[Image.Image, tuple[int, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def cue_index(self, t: float) -> int | None:
        """Index of the cue on screen at `t`, if any."""
        i = bisect.bisect_right([c.start for c in self.cues], t) - 1
        return i if i >= 0 and t < self.cues[i].end else None

    def draw(self, frame: Image.Image, t: float) -> Image.Image:
        """Paste the cue showing at `t` onto `frame` (in place; also returned for chaining)."""
        i = self.cue_index(t)
        if i is None:
            return frame
        if i not in self._drawn:  # each cue is drawn once, then pasted every frame it shows
            self._drawn[i] = render_cue(self.cues[i].text, self.size, self.placement, self.language)
        picture, position = self._drawn[i]
        frame.paste(picture, position, picture)
        return frame

    def apply(self, clip: Clip) -> Clip:
        """Burn the cues into an RGB clip of `size`."""

        def burn(get_frame: Callable[[float], np.ndarray], t: float) -> np.ndarray:
            picture = Image.fromarray(np.asarray(get_frame(t), dtype=np.uint8))
            return np.asarray(self.draw(picture, t))

        return clip.transform(burn)
