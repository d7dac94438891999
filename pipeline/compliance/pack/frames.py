"""Which frames the storyboard shows, and why: each scene, each text change, the major statement.

A reviewer checks a video's pictures against its words without scrubbing through it: one frame
per scene (its first steady frame, after the entry transition), one per change of burned-in text
(a slide appearing, each caption phrase), and the first, middle and last frames of the major
statement. Frames picked for several reasons appear once, with all the reasons.
"""

from __future__ import annotations

from pipeline.compliance.pack.models import StoryboardFrame
from pipeline.compliance.timeline import Timeline, timecode


def storyboard_frames(timeline: Timeline) -> list[StoryboardFrame]:
    """The storyboard's frames in video order."""
    picks: dict[int, list[str]] = {}
    last = max(0, timeline.frames - 1)

    def pick(frame: int, reason: str) -> None:
        picks.setdefault(min(max(frame, 0), last), []).append(reason)

    entry = {move.scene_index: move.span.end_frame for move in timeline.transitions}
    for scene in timeline.scenes:
        steady = min(entry.get(scene.index, scene.span.start_frame), scene.span.end_frame - 1)
        pick(steady, f"scene {scene.index} starts: {scene.title}")
    for text in timeline.texts:
        if not text.burned_in:
            continue
        start = text.steady.start_frame if text.steady.frames else text.span.start_frame
        label = "caption" if text.kind == "caption" else f"slide {text.kind}"
        pick(start, f"{label} appears: \u201c{text.text}\u201d")
    major = timeline.major_statement
    if major is not None:
        first, end = major.span.start_frame, major.span.end_frame - 1
        pick(first, "major statement starts")
        pick((first + end) // 2, "major statement, middle")
        pick(end, "major statement ends")
    return [_frame(timeline, frame, tuple(reasons)) for frame, reasons in sorted(picks.items())]


def _frame(timeline: Timeline, frame: int, reasons: tuple[str, ...]) -> StoryboardFrame:
    scene = next(
        (s for s in timeline.scenes if s.span.start_frame <= frame < s.span.end_frame),
        timeline.scenes[-1],
    )
    shown = [
        t.text
        for t in timeline.texts
        if t.burned_in and t.span.start_frame <= frame < t.span.end_frame
    ]
    spoken = next(
        (
            s.text
            for s in timeline.sentences
            if s.span is not None and s.span.start_frame <= frame < s.span.end_frame
        ),
        "",
    )
    return StoryboardFrame(
        frame=frame,
        timecode=timecode(frame, timeline.fps),
        seconds=round(frame / timeline.fps, 4),
        scene=scene.index,
        reasons=reasons,
        on_screen=tuple(dict.fromkeys(shown)),
        spoken=spoken,
    )
