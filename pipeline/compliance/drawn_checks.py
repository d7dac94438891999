"""The render checks that read the text as drawn: its size, its contrast, risk against benefits.

They take the timeline (which lines are the major statement's, which scenes present benefits:
`statement.py`) and the measured drawing (`legibility.py`: pixel heights and the colours behind
the text on the slide as laid out and scaled to the frame).
"""

from __future__ import annotations

from pipeline.compliance import statement as st
from pipeline.compliance.checks import Found
from pipeline.compliance.legibility import DrawnScreen, DrawnText
from pipeline.compliance.models import Evidence
from pipeline.compliance.timeline import Timeline

MIN_TEXT_PX_AT_1080 = 30.0  # reelflow floor, in line with broadcast subtitle sizes (BBC)
MIN_CONTRAST = 4.5  # WCAG 2.1 SC 1.4.3, normal text


def _statement_drawn(timeline: Timeline, drawn: DrawnScreen) -> list[tuple[str, DrawnText]]:
    major = timeline.major_statement
    if major is None:
        return []
    lines = [
        ("slide", line)
        for line in drawn.slides.get(major.scene_index, [])
        if st.part_of(line.text, major.text)
    ]
    return lines + [
        ("caption", drawn.captions[t.text])
        for t in st.captions(timeline, major)
        if t.text in drawn.captions
    ]


def text_size(timeline: Timeline, drawn: DrawnScreen) -> Found:
    """The statement's slide text and captions at least 30 px high at 1080 lines."""
    major = timeline.major_statement
    for where, line in _statement_drawn(timeline, drawn):
        at_1080 = line.px_at_1080(timeline.height, timeline.width)
        if at_1080 < MIN_TEXT_PX_AT_1080:
            yield (
                None,
                f"the {where} text of the major statement is too small to read",
                (
                    Evidence(
                        text=line.text,
                        where=f"{where}, scene {major.scene_index if major else '?'}",
                        measured=f"{line.px:.1f} px on {timeline.width}×{timeline.height} "
                        f"= {at_1080:.1f} px at 1080 lines",
                        limit=f"≥ {MIN_TEXT_PX_AT_1080:g} px at 1080 lines",
                    ),
                ),
            )


def contrast(timeline: Timeline, drawn: DrawnScreen) -> Found:
    """The statement's text at least 4.5:1 against the colours drawn behind it."""
    for where, line in _statement_drawn(timeline, drawn):
        if line.contrast < MIN_CONTRAST:
            yield (
                None,
                f"the {where} text of the major statement has too little contrast",
                (
                    Evidence(
                        text=line.text,
                        where=where,
                        measured=f"{line.contrast:.2f}:1 (text {_hex(line.fill)} on "
                        f"{_hex(line.background)})",
                        limit=f"≥ {MIN_CONTRAST:g}:1",
                    ),
                ),
            )


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def risk_text_size(timeline: Timeline, drawn: DrawnScreen) -> Found:
    """The risk text on its slide not drawn smaller than the benefit slides' running text."""
    risk = [line for where, line in _statement_drawn(timeline, drawn) if where == "slide"]
    benefit = [
        line
        for index in st.benefit_scenes(timeline)
        for line in drawn.slides.get(index, [])
        if len(st.words_of(line.text)) >= 3  # running text, not a kicker or a label
        and any(st.part_of(line.text, s.text) for s in timeline.sentences if s.scene_index == index)
    ]
    if not risk or not benefit:
        return
    smallest_risk = min(risk, key=lambda line: line.px)
    smallest_benefit = min(benefit, key=lambda line: line.px)
    if smallest_risk.px < smallest_benefit.px - 0.5:
        yield (
            None,
            "the risk text is drawn smaller than the benefit text",
            (
                Evidence(
                    text=smallest_risk.text,
                    where="safety slide",
                    measured=f"{smallest_risk.px:.1f} px vs benefit “{smallest_benefit.text}” "
                    f"{smallest_benefit.px:.1f} px",
                    limit="risk text at least the benefit text's size",
                ),
            ),
        )
