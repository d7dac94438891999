"""The major statement and the benefit scenes on a video's timeline, as the render checks find them.

Shared by the timing checks (`render_checks.py`) and the drawn-text checks (`drawn_checks.py`):
which on-screen texts are the statement's, which caption cues run while it is said, and which
scenes present the benefits the risk information is compared with.
"""

from __future__ import annotations

import re

from pipeline.compliance.claims import claim_kind
from pipeline.compliance.models import Evidence
from pipeline.compliance.timeline import MajorStatement, ScreenText, Span, Timeline

BENEFIT_KINDS = ("bullets", "stat", "process")
MAX_BENEFIT_SLIDES = 2  # slides measured for the risk/benefit size comparison (each ~0.4 s)


def benefit_scenes(timeline: Timeline) -> list[int]:
    """The scenes that present benefits (at most `MAX_BENEFIT_SLIDES`).

    Those whose sentences make a claim, else the content slides other than the statement's.
    """
    major = timeline.major_statement
    claims = sorted(
        {s.scene_index for s in timeline.sentences if not s.major_statement and claim_kind(s.text)}
    )
    if not claims:
        claims = [
            scene.index
            for scene in timeline.scenes
            if scene.visual_kind in BENEFIT_KINDS
            and (major is None or scene.index != major.scene_index)
        ]
    return claims[:MAX_BENEFIT_SLIDES]


def words_of(text: str) -> list[str]:
    """The words of `text`, casefolded (numbers, % and abbreviations kept whole)."""
    return re.findall(r"[\w'’%.-]+", text.casefold())


def part_of(text: str, statement: str) -> bool:
    """Whether `text` is (a phrase of) the statement: its own words, shown on screen."""
    flat = lambda s: " ".join(w.strip(".,;:") for w in words_of(s))  # noqa: E731
    return bool(flat(text)) and flat(text) in flat(statement)


def statement_texts(timeline: Timeline, major: MajorStatement) -> list[ScreenText]:
    """The slide texts of the statement's scene that show the statement's own words."""
    return [
        t
        for t in timeline.texts
        if t.burned_in
        and t.kind != "caption"
        and t.scene_index == major.scene_index
        and part_of(major.text[:40], t.text)
    ]


def captions(timeline: Timeline, major: MajorStatement) -> list[ScreenText]:
    """The caption cues that show the statement: its own scene's, on screen while it is said.

    The scene before may still show its last cue for a frame: a scene starts on the frame grid
    (its narration's start, rounded) while speech does not, so a statement whose first word
    starts its clip can begin a frame before its scene does. That cue is not the statement's.
    """
    return [
        t
        for t in timeline.visible(major.span, kinds=("caption",))
        if t.scene_index == major.scene_index
    ]


def at(span: Span) -> str:
    """`span` as "in–out" timecodes (HH:MM:SS:FF)."""
    return f"{span.tc_in}–{span.tc_out}"


def said(major: MajorStatement) -> Evidence:
    """Evidence: the statement's words and when they are spoken."""
    return Evidence(text=major.text, where=f"major statement spoken {at(major.span)}")
