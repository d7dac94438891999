"""The checks that need the rendered video's timeline: is the major statement shown as it is said.

They read the timeline (`timeline.py`: every word, caption, slide text, cut and transition in
video time, on the render's frame grid); the checks on the text as drawn (size, contrast) are in
`drawn_checks.py`. Both report with
evidence a reviewer can check against the video: the words, the timecodes (HH:MM:SS:FF) and the
measured value against the limit. The numbers below are the limits the rules name; each cites
where it comes from in the rule profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.compliance import statement as st
from pipeline.compliance.checks import Found, _report
from pipeline.compliance.claims import claim_kind
from pipeline.compliance.drawn_checks import contrast, risk_text_size, text_size
from pipeline.compliance.legibility import DrawnScreen
from pipeline.compliance.models import CheckReport, Evidence
from pipeline.compliance.profiles import profile_for
from pipeline.compliance.timeline import MajorStatement, Span, Timeline, timecode
from pipeline.languages import language_info
from pipeline.video_types import Brief, spec_for

# Netflix Timed Text Style Guide (General Requirements): in-cues on the first frame of speech;
# reelflow allows 3 frames either side in and 12 frames (about half a second) out.
SYNC_IN_FRAMES = 3
SYNC_OUT_FRAMES = 12
# Netflix Timed Text Style Guide: adult reading speed up to 20 characters per second (English),
# an event at least 5/6 of a second on screen. Other languages read at their own guide's limit
# (`pipeline.languages`: 17 for most alphabetic languages, Japanese 4, Chinese 9, Korean 12).
MAX_CPS = 20.0
MIN_HOLD_S = 5 / 6
PACE_TOLERANCE = 1.10  # letters per second of speech: risk may be up to 10 % faster
RISK_TAIL_SHARE = 0.2  # "the very end": the last fifth of a social cut

_RISK = re.compile(
    r"\b(risks?|side effects?|safety|warnings?|do not use|may cause|irritation|allerg\w*)\b", re.I
)


def render_rules_apply(brief: Brief) -> bool:
    """Whether the brief's profile has a render rule for its type (else nothing to measure)."""
    profile, kind = profile_for(brief.market), spec_for(brief).name
    return any(r.stage == "render" and (not r.types or kind in r.types) for r in profile.rules)


def no_render_rules(brief: Brief) -> CheckReport:
    """The (empty) render report of a video no render rule applies to."""
    return _report(brief, "render", {})


def check_render(brief: Brief, timeline: Timeline, drawn: DrawnScreen) -> CheckReport:
    """Every render-timing finding for a video whose timeline and drawn text are given."""
    checks: dict[str, Callable[[Brief], Found]] = {
        "major-statement-sync": lambda b: _sync(timeline),
        "major-statement-interference": lambda b: _interference(timeline),
        "major-statement-reading-speed": lambda b: _reading_speed(timeline, max_cps(b.language)),
        "major-statement-text-size": lambda b: text_size(timeline, drawn),
        "major-statement-contrast": lambda b: contrast(timeline, drawn),
        "risk-pace": lambda b: _pace(timeline),
        "risk-text-size": lambda b: risk_text_size(timeline, drawn),
        "risk-not-only-at-end": lambda b: _risk_at_end(timeline),
    }
    return _report(brief, "render", checks)


# --- (2) shown with the speech. ---


def _sync(timeline: Timeline) -> Found:
    major = timeline.major_statement
    if major is None:
        return
    shows = [(f"slide {t.kind}", t.steady) for t in st.statement_texts(timeline, major)]
    captions = st.captions(timeline, major)
    if captions:
        first, last = captions[0].span, captions[-1].span
        shows.append(("captions", Span.of_frames(first.start_frame, last.end_frame, timeline.fps)))
    if not shows:
        yield (None, "the major statement is said but never shown on screen", (st.said(major),))
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
                    st.said(major),
                    Evidence(
                        text=major.text,
                        where=f"{name} on screen {st.at(shown)}",
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
                    st.said(major),
                    Evidence(
                        text=major.text,
                        where=f"{name} on screen {st.at(shown)}",
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
        entry = scene.index == major.scene_index  # its own cut, on the frame grid after the word
        if entry and scene.span.start_frame - span.start_frame <= SYNC_IN_FRAMES:
            continue
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
                    where=f"scene {scene.index} {st.at(scene.span)}",
                    measured="moving",
                    limit="still",
                ),
            ),
        )
    own = set(id(t) for t in st.statement_texts(timeline, major))
    for text in timeline.visible(span):
        heading = text.kind == "title" and text.scene_index == major.scene_index
        overlap = min(text.span.end_frame, span.end_frame) - max(
            text.span.start_frame, span.start_frame
        )
        if id(text) in own or heading or st.part_of(text.text, major.text):
            continue
        if overlap <= SYNC_IN_FRAMES:  # leaving as the statement starts: within the in-tolerance
            continue
        yield (
            None,
            f"other text is on screen while it is said: “{text.text}”",
            (
                Evidence(
                    text=text.text,
                    where=f"{text.kind} on screen {st.at(text.span)}",
                    measured="overlaps " + st.at(span),
                    limit="no other text",
                ),
            ),
        )


def _at_frame(major: MajorStatement, span: Span, timeline: Timeline, what: str) -> Evidence:
    return Evidence(
        text=major.text,
        where=f"major statement {st.at(major.span)}",
        measured=f"{what} at {span.tc_in} ({span.frames} frames)",
        limit="nothing changes between the first and last word",
    )


# --- (4) readable. ---


def max_cps(language: str) -> float:
    """The reading speed on-screen text in `language` may ask of a viewer, characters a second."""
    if language.replace("_", "-").split("-")[0].lower() == "en":
        return MAX_CPS
    return language_info(language).cps


def _reading_speed(timeline: Timeline, limit: float) -> Found:
    """Each rendering of the statement read as a whole.

    The slide text over its hold, captions over
    the time the track takes (a cue follows the speech, so one short phrase can be quick).
    """
    major = timeline.major_statement
    if major is None:
        return
    fps = timeline.fps
    shown = [(f"slide {t.kind}", t.text, t.steady) for t in st.statement_texts(timeline, major)]
    captions = st.captions(timeline, major)
    if captions:
        track = Span.of_frames(captions[0].span.start_frame, captions[-1].span.end_frame, fps)
        shown.append(("captions", " ".join(t.text for t in captions), track))
    for name, text, span in shown:
        hold = span.frames / fps
        cps = len(text) / hold if hold else float("inf")
        need = max(MIN_HOLD_S, len(text) / limit)
        if cps > limit or hold < need:
            yield (
                None,
                f"the {name} are on screen too briefly to read ({cps:.1f} characters per second)",
                (
                    Evidence(
                        text=text,
                        where=f"{name} on screen {st.at(span)}",
                        measured=f"{len(text)} characters held {hold:.2f} s = {cps:.1f} cps",
                        limit=f"≤ {limit:g} cps; held ≥ {need:.2f} s",
                    ),
                ),
            )


def _letters(words: object) -> int:
    return sum(len(re.sub(r"[^\w]", "", w.word)) for w in words)  # type: ignore[attr-defined]


def _pace(timeline: Timeline) -> Found:
    """Speaking pace in letters per second of speech (words differ too much in length)."""
    major = timeline.major_statement
    if major is None or not major.words:
        return
    scenes = set(st.benefit_scenes(timeline))
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
                    where=f"major statement {st.at(major.span)}",
                    measured=f"{risk_pace:.1f} letters/s vs benefits {benefit_pace:.1f} "
                    f"letters/s ({', '.join(s.number for s in benefit)})",
                    limit=f"≤ {PACE_TOLERANCE:.2f} × the benefits' pace",
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
                    where=f"sentence {first.number} {st.at(first.span)}" if first.span else "",
                    measured=f"first risk at {first.span.tc_in if first.span else '?'}",
                    limit=f"some risk information before {timecode(int(tail), timeline.fps)} "
                    f"(the last {RISK_TAIL_SHARE:.0%} of the video)",
                ),
            ),
        )
