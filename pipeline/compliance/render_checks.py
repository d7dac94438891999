"""The checks that need the rendered video's timeline: is the major statement shown as it is said.

They read the timeline (`timeline.py`: every word, caption, slide text, cut and transition in
video time, on the render's frame grid) and the text as drawn (`legibility.py`), and report with
evidence a reviewer can check against the video: the words, the timecodes (HH:MM:SS:FF) and the
measured value against the limit. The numbers below are the limits the rules name; each cites
where it comes from in the rule profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.compliance.checks import Found, _report
from pipeline.compliance.claims import claim_kind
from pipeline.compliance.legibility import DrawnScreen, DrawnText
from pipeline.compliance.models import CheckReport, Evidence
from pipeline.compliance.timeline import MajorStatement, ScreenText, Span, Timeline, timecode
from pipeline.video_types import Brief

# Netflix Timed Text Style Guide (General Requirements): in-cues on the first frame of speech;
# reelflow allows 3 frames either side in and 12 frames (about half a second) out.
SYNC_IN_FRAMES = 3
SYNC_OUT_FRAMES = 12
# Netflix Timed Text Style Guide: adult reading speed up to 20 characters per second (English),
# an event at least 5/6 of a second on screen.
MAX_CPS = 20.0
MIN_HOLD_S = 5 / 6
MIN_TEXT_PX_AT_1080 = 30.0
MIN_CONTRAST = 4.5  # WCAG 2.1 SC 1.4.3, normal text
PACE_TOLERANCE = 1.10  # letters per second of speech: risk may be up to 10 % faster
RISK_TAIL_SHARE = 0.2  # "the very end": the last fifth of a social cut

_RISK = re.compile(
    r"\b(risks?|side effects?|safety|warnings?|do not use|may cause|irritation|allerg\w*)\b", re.I
)


def check_render(brief: Brief, timeline: Timeline, drawn: DrawnScreen) -> CheckReport:
    """Every render-timing finding for a video whose timeline and drawn text are given."""
    checks: dict[str, Callable[[Brief], Found]] = {
        "major-statement-sync": lambda b: _sync(timeline),
        "major-statement-interference": lambda b: _interference(timeline),
        "major-statement-reading-speed": lambda b: _reading_speed(timeline),
        "major-statement-text-size": lambda b: _text_size(timeline, drawn),
        "major-statement-contrast": lambda b: _contrast(timeline, drawn),
        "risk-pace": lambda b: _pace(timeline),
        "risk-text-size": lambda b: _risk_text_size(timeline, drawn),
        "risk-not-only-at-end": lambda b: _risk_at_end(timeline),
    }
    return _report(brief, "render", checks)


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


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’%.-]+", text.casefold())


def _part_of(text: str, statement: str) -> bool:
    """Whether `text` is (a phrase of) the statement: its own words, shown on screen."""
    flat = lambda s: " ".join(w.strip(".,;:") for w in _words(s))  # noqa: E731
    return bool(flat(text)) and flat(text) in flat(statement)


def _statement_texts(timeline: Timeline, major: MajorStatement) -> list[ScreenText]:
    return [
        t
        for t in timeline.texts
        if t.burned_in
        and t.kind != "caption"
        and t.scene_index == major.scene_index
        and _part_of(major.text[:40], t.text)
    ]


def _captions(timeline: Timeline, span: Span) -> list[ScreenText]:
    return [t for t in timeline.visible(span, kinds=("caption",))]


def _at(span: Span) -> str:
    return f"{span.tc_in}–{span.tc_out}"


def _said(major: MajorStatement) -> Evidence:
    return Evidence(text=major.text, where=f"major statement spoken {_at(major.span)}")


# --- (2) shown with the speech. ---


def _sync(timeline: Timeline) -> Found:
    major = timeline.major_statement
    if major is None:
        return
    shows = [(f"slide {t.kind}", t.steady) for t in _statement_texts(timeline, major)]
    captions = _captions(timeline, major.span)
    if captions:
        first, last = captions[0].span, captions[-1].span
        shows.append(("captions", Span.of_frames(first.start_frame, last.end_frame, timeline.fps)))
    if not shows:
        yield (None, "the major statement is said but never shown on screen", (_said(major),))
        return
    speech = major.span
    for name, shown in shows:
        early_late = shown.start_frame - speech.start_frame
        end_gap = shown.end_frame - speech.end_frame
        if abs(early_late) > SYNC_IN_FRAMES:
            yield (
                None,
                f"the {name} showing it {'appear' if early_late < 0 else 'appears'} "
                f"{abs(early_late)} frames {'before' if early_late < 0 else 'after'} the speech "
                "starts",
                (
                    _said(major),
                    Evidence(
                        text=major.text,
                        where=f"{name} on screen {_at(shown)}",
                        measured=f"starts {early_late:+d} frames ({shown.tc_in} vs {speech.tc_in})",
                        limit=f"within ±{SYNC_IN_FRAMES} frames of the first word",
                    ),
                ),
            )
        if abs(end_gap) > SYNC_OUT_FRAMES:
            yield (
                None,
                f"the {name} showing it {'ends' if end_gap < 0 else 'stays'} {abs(end_gap)} "
                f"frames {'before' if end_gap < 0 else 'after'} the speech ends",
                (
                    _said(major),
                    Evidence(
                        text=major.text,
                        where=f"{name} on screen {_at(shown)}",
                        measured=f"ends {end_gap:+d} frames ({shown.tc_out} vs {speech.tc_out})",
                        limit=f"within ±{SYNC_OUT_FRAMES} frames of the last word's end",
                    ),
                ),
            )


# --- (3) nothing interferes. ---


def _interference(timeline: Timeline) -> Found:
    major = timeline.major_statement
    if major is None:
        return
    span = major.span
    for scene in timeline.scenes:
        if span.start_frame < scene.span.start_frame < span.end_frame:
            yield (
                None,
                f"scene {scene.index} cuts in while it is said",
                (_at_frame(major, scene.span, timeline, "scene starts"),),
            )
    for move in timeline.transitions:
        if move.span.frames and move.span.overlaps(span):
            yield (
                None,
                f"a {move.kind} transition runs while it is said",
                (_at_frame(major, move.span, timeline, move.kind),),
            )
    scene = timeline.scene(major.scene_index)
    if scene.moving:
        yield (
            None,
            "the picture moves (pan or zoom) while it is said",
            (
                Evidence(
                    text=major.text,
                    where=f"scene {scene.index} {_at(scene.span)}",
                    measured="moving",
                    limit="still",
                ),
            ),
        )
    own = set(id(t) for t in _statement_texts(timeline, major))
    for text in timeline.visible(span):
        heading = text.kind == "title" and text.scene_index == major.scene_index
        overlap = min(text.span.end_frame, span.end_frame) - max(
            text.span.start_frame, span.start_frame
        )
        if id(text) in own or heading or _part_of(text.text, major.text):
            continue
        if overlap <= SYNC_IN_FRAMES:  # leaving as the statement starts: within the in-tolerance
            continue
        yield (
            None,
            f"other text is on screen while it is said: “{text.text}”",
            (
                Evidence(
                    text=text.text,
                    where=f"{text.kind} on screen {_at(text.span)}",
                    measured="overlaps " + _at(span),
                    limit="no other text",
                ),
            ),
        )


def _at_frame(major: MajorStatement, span: Span, timeline: Timeline, what: str) -> Evidence:
    return Evidence(
        text=major.text,
        where=f"major statement {_at(major.span)}",
        measured=f"{what} at {span.tc_in} ({span.frames} frames)",
        limit="nothing changes between the first and last word",
    )


# --- (4) readable. ---


def _reading_speed(timeline: Timeline) -> Found:
    """Each rendering of the statement read as a whole.

    The slide text over its hold, captions over
    the time the track takes (a cue follows the speech, so one short phrase can be quick).
    """
    major = timeline.major_statement
    if major is None:
        return
    fps = timeline.fps
    shown = [(f"slide {t.kind}", t.text, t.steady) for t in _statement_texts(timeline, major)]
    captions = _captions(timeline, major.span)
    if captions:
        track = Span.of_frames(captions[0].span.start_frame, captions[-1].span.end_frame, fps)
        shown.append(("captions", " ".join(t.text for t in captions), track))
    for name, text, span in shown:
        hold = span.frames / fps
        cps = len(text) / hold if hold else float("inf")
        need = max(MIN_HOLD_S, len(text) / MAX_CPS)
        if cps > MAX_CPS or hold < need:
            yield (
                None,
                f"the {name} are on screen too briefly to read ({cps:.1f} characters per second)",
                (
                    Evidence(
                        text=text,
                        where=f"{name} on screen {_at(span)}",
                        measured=f"{len(text)} characters held {hold:.2f} s = {cps:.1f} cps",
                        limit=f"≤ {MAX_CPS:g} cps; held ≥ {need:.2f} s",
                    ),
                ),
            )


def _statement_drawn(timeline: Timeline, drawn: DrawnScreen) -> list[tuple[str, DrawnText]]:
    major = timeline.major_statement
    if major is None:
        return []
    lines = [
        ("slide", line)
        for line in drawn.slides.get(major.scene_index, [])
        if _part_of(line.text, major.text)
    ]
    return lines + [
        ("caption", drawn.captions[t.text])
        for t in _captions(timeline, major.span)
        if t.text in drawn.captions
    ]


def _text_size(timeline: Timeline, drawn: DrawnScreen) -> Found:
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


def _contrast(timeline: Timeline, drawn: DrawnScreen) -> Found:
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


def _letters(words: object) -> int:
    return sum(len(re.sub(r"[^\w]", "", w.word)) for w in words)  # type: ignore[attr-defined]


def _pace(timeline: Timeline) -> Found:
    """Speaking pace in letters per second of speech (words differ too much in length)."""
    major = timeline.major_statement
    if major is None or not major.words:
        return
    scenes = set(benefit_scenes(timeline))
    benefit = [
        s
        for s in timeline.sentences
        if not s.major_statement and s.span is not None and s.scene_index in scenes
    ]
    if not benefit:
        return
    risk_pace = _letters(major.words) / max(major.span.end_s - major.span.start_s, 1e-6)
    letters = sum(_letters(s.words) for s in benefit)
    seconds = sum(s.span.end_s - s.span.start_s for s in benefit if s.span)
    benefit_pace = letters / max(seconds, 1e-6)
    if risk_pace > benefit_pace * PACE_TOLERANCE:
        yield (
            None,
            "the risk information is read faster than the benefits",
            (
                Evidence(
                    text=major.text,
                    where=f"major statement {_at(major.span)}",
                    measured=f"{risk_pace:.1f} letters/s vs benefits {benefit_pace:.1f} "
                    f"letters/s ({', '.join(s.number for s in benefit)})",
                    limit=f"≤ {PACE_TOLERANCE:.2f} × the benefits' pace",
                ),
            ),
        )


def _risk_text_size(timeline: Timeline, drawn: DrawnScreen) -> Found:
    risk = [line for where, line in _statement_drawn(timeline, drawn) if where == "slide"]
    benefit = [
        line
        for index in benefit_scenes(timeline)
        for line in drawn.slides.get(index, [])
        if len(_words(line.text)) >= 3  # running text, not a kicker or a label
        and any(_part_of(line.text, s.text) for s in timeline.sentences if s.scene_index == index)
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


def _risk_at_end(timeline: Timeline) -> Found:
    said = [s for s in timeline.sentences if s.span is not None]
    if not any(claim_kind(s.text) for s in said):
        return
    risks = [s for s in said if s.major_statement or _RISK.search(s.text)]
    tail = timeline.frames * (1 - RISK_TAIL_SHARE)
    if risks and all(s.span.start_frame >= tail for s in risks if s.span):
        first = risks[0]
        yield (
            None,
            "the risk information comes only at the very end of the post",
            (
                Evidence(
                    text=first.text,
                    where=f"sentence {first.number} {_at(first.span)}" if first.span else "",
                    measured=f"first risk at {first.span.tc_in if first.span else '?'}",
                    limit=f"some risk information before {timecode(int(tail), timeline.fps)} "
                    f"(the last {RISK_TAIL_SHARE:.0%} of the video)",
                ),
            ),
        )
