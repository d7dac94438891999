"""The video's timeline: for every sentence, when it is spoken and what is on screen meanwhile.

MLR reviewers and the render-timing checks ask the same questions: when is this sentence said,
which scene is showing, which text is on screen, is a transition running, when does the major
statement start and end. Everything here is computed from the stage outputs with the very
functions the render uses (frame counts per scene, entry-transition frames, caption cues), so the
times are the rendered video's to the frame, not estimates.

Two clocks meet in a video. Pictures change on frames: scene `i` starts on frame
round(narration up to i x fps) (`render.scene_frame_counts`), and a caption shows on frame `k` of
its scene when `cue.start <= k / fps < cue.end`. Speech is continuous: the scenes' WAVs are joined
back to back, so a word starts at (earlier clips' lengths + its own start) seconds. A `Span` holds
both: frames [start_frame, end_frame) and the exact seconds; timecodes are HH:MM:SS:FF at the
video's frame rate, the out point being the first frame after the span (the editing convention).
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.compliance.frames import EPS, first_frame_from, frame_showing, timecode
from pipeline.compliance.onscreen import SlideRole, slide_texts
from pipeline.media.captions import caption_cues
from pipeline.media.scene_clip import entry_frames
from pipeline.outputs import Animations, Narration, Scenes, Script, Video, WordTiming
from pipeline.providers.speech.timing import clean_word
from pipeline.stages.render import scene_frame_counts
from pipeline.video_types import Brief, spec_for


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    """A stretch of the video: frames [start_frame, end_frame), its seconds and timecodes."""

    start_frame: int = Field(ge=0)
    end_frame: int = Field(ge=0)
    start_s: float
    end_s: float
    tc_in: str = Field(description="HH:MM:SS:FF of the first frame.")
    tc_out: str = Field(description="HH:MM:SS:FF of the first frame after the span.")

    @classmethod
    def of_frames(cls, start: int, end: int, fps: int) -> Span:
        """Frames [start, end) at `fps`."""
        return cls(
            start_frame=start,
            end_frame=end,
            start_s=start / fps,
            end_s=end / fps,
            tc_in=timecode(start, fps),
            tc_out=timecode(end, fps),
        )

    @classmethod
    def of_seconds(cls, start_s: float, end_s: float, fps: int) -> Span:
        """Continuous time (speech): the frames showing while it lasts, and the exact seconds."""
        first = frame_showing(start_s, fps)
        last = max(first + 1, math.ceil(end_s * fps - EPS))
        return cls(
            start_frame=first,
            end_frame=last,
            start_s=round(start_s, 4),
            end_s=round(end_s, 4),
            tc_in=timecode(first, fps),
            tc_out=timecode(last, fps),
        )

    @property
    def frames(self) -> int:
        """How many frames the span covers."""
        return self.end_frame - self.start_frame

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share a frame."""
        return self.start_frame < other.end_frame and other.start_frame < self.end_frame


class TimedWord(_Model):
    """One spoken word in video time."""

    word: str
    span: Span


TextKind = Literal["caption", SlideRole]


class ScreenText(_Model):
    """A piece of text on screen: a slide's title, bullet or body, or a caption phrase.

    `span` is every frame it can be seen on (a slide fades in with its entry transition and out
    under the next scene's crossfade); `steady` the frames it shows at full strength.
    """

    kind: TextKind
    text: str
    scene_index: int
    span: Span
    steady: Span
    burned_in: bool = Field(
        default=True, description="False for a caption only in the .srt (caption_style none)."
    )


class Transition(_Model):
    """How a scene enters: its kind and the frames it takes (a cut takes none)."""

    scene_index: int
    kind: Literal["fade_from_black", "crossfade", "cut"]
    span: Span


class TimelineScene(_Model):
    """One scene on the frame grid, with the speech that plays under it."""

    index: int
    title: str
    visual_kind: str
    span: Span
    speech: Span = Field(description="The scene's narration clip on the audio clock.")
    moving: bool = Field(description="Whether the picture pans or zooms during the scene.")


class TimelineSentence(_Model):
    """One sentence of the script: its words with their times and what shows meanwhile."""

    number: str = Field(description='"scene.sentence", e.g. "3.2".')
    scene_index: int
    text: str
    span: Span | None = Field(description="First word's start to last word's end; None unspoken.")
    words: tuple[TimedWord, ...] = ()
    on_screen: tuple[str, ...] = Field(default=(), description="Texts visible while it is said.")
    major_statement: bool = False


class MajorStatement(_Model):
    """The brief's safety information as spoken: its words, their span and the scene."""

    text: str
    scene_index: int
    span: Span
    words: tuple[TimedWord, ...]


class Timeline(_Model):
    """Everything the video shows and says, in video time."""

    fps: int
    width: int
    height: int
    frames: int
    duration_s: float
    scenes: tuple[TimelineScene, ...]
    sentences: tuple[TimelineSentence, ...]
    texts: tuple[ScreenText, ...]
    transitions: tuple[Transition, ...]
    major_statement: MajorStatement | None = None

    def scene(self, index: int) -> TimelineScene:
        """The scene numbered `index`."""
        return next(scene for scene in self.scenes if scene.index == index)

    def visible(self, span: Span, *, kinds: tuple[str, ...] = ()) -> list[ScreenText]:
        """Texts (of `kinds`, or any) on screen during any frame of `span`."""
        return [
            text
            for text in self.texts
            if text.span.overlaps(span) and text.burned_in and (not kinds or text.kind in kinds)
        ]


def video_timeline(
    brief: Brief,
    scenes: Scenes,
    script: Script,
    animations: Animations,
    narration: Narration,
    video: Video,
) -> Timeline:
    """The timeline of a rendered video (its frame counts are the rendered segments')."""
    counts = [item.frames for item in sorted(video.scenes, key=lambda s: s.scene_index)]
    return build_timeline(
        brief,
        scenes,
        script,
        animations,
        narration,
        fps=video.fps,
        size=(video.width, video.height),
        frame_counts=counts or None,
    )


def build_timeline(
    brief: Brief,
    scenes: Scenes,
    script: Script,
    animations: Animations,
    narration: Narration,
    *,
    fps: int,
    size: tuple[int, int],
    frame_counts: list[int] | None = None,
) -> Timeline:
    """The timeline the render plans (`frame_counts` default to `render.scene_frame_counts`)."""
    counts = frame_counts or scene_frame_counts(narration, fps)
    if len(counts) != len(scenes.scenes):
        raise ValueError(f"{len(counts)} frame counts for {len(scenes.scenes)} scenes")
    timed_scenes, texts, transitions, sentences = [], [], [], []
    statement = spec_for(brief).fair_balance(brief)
    major: MajorStatement | None = None
    start, audio_start = 0, 0.0
    entries = [
        entry_frames(animations.for_scene(s.index), n, fps)
        for s, n in zip(scenes.scenes, counts, strict=True)
    ]
    for n, (scene, count) in enumerate(zip(scenes.scenes, counts, strict=True)):
        animation, clip = animations.for_scene(scene.index), narration.for_scene(scene.index)
        line = next((li for li in script.lines if li.scene_index == scene.index), None)
        end, entry = start + count, entries[n]
        fade_out = entries[n + 1] if n + 1 < len(counts) else 0
        next_kind = (
            animations.for_scene(scenes.scenes[n + 1].index).transition_in if fade_out else ""
        )
        shown_until = end + (fade_out if next_kind == "crossfade" else 0)
        hidden_from = end - (fade_out if next_kind == "fade_from_black" else 0)
        timed_scenes.append(
            TimelineScene(
                index=scene.index,
                title=scene.title,
                visual_kind=scene.visual_kind,
                span=Span.of_frames(start, end, fps),
                speech=Span.of_seconds(audio_start, audio_start + clip.duration_s, fps),
                moving=animation.motion.start != animation.motion.end,
            )
        )
        transitions.append(
            Transition(
                scene_index=scene.index,
                kind=animation.transition_in,
                span=Span.of_frames(start, start + entry, fps),
            )
        )
        texts += [
            ScreenText(
                kind=role,
                text=text,
                scene_index=scene.index,
                span=Span.of_frames(start, shown_until, fps),
                steady=Span.of_frames(start + entry, max(start + entry, hidden_from), fps),
            )
            for role, text in slide_texts(brief, scene, line)
            if text.strip()
        ]
        for cue in caption_cues(clip.words, count / fps):
            first, last = first_frame_from(cue.start, fps), first_frame_from(cue.end, fps)
            if last > first:
                texts.append(
                    ScreenText(
                        kind="caption",
                        text=cue.text,
                        scene_index=scene.index,
                        span=Span.of_frames(start + first, start + last, fps),
                        steady=Span.of_frames(start + first, start + last, fps),
                        burned_in=animation.caption_style != "none",
                    )
                )
        words = [_timed(word, audio_start, fps) for word in clip.words]
        if line is not None:
            scene_sentences, said = _sentences(line.narration, words, statement, scene.index, fps)
            sentences += scene_sentences
            if said and major is None:
                major = MajorStatement(
                    text=statement or "",
                    scene_index=scene.index,
                    span=_covering([w.span for w in said], fps),
                    words=tuple(said),
                )
        start, audio_start = end, audio_start + clip.duration_s
    timeline = Timeline(
        fps=fps,
        width=size[0],
        height=size[1],
        frames=start,
        duration_s=start / fps,
        scenes=tuple(timed_scenes),
        sentences=(),
        texts=tuple(texts),
        transitions=tuple(transitions),
        major_statement=major,
    )
    return timeline.model_copy(update={"sentences": tuple(_with_screen(sentences, timeline))})


def _timed(word: WordTiming, offset: float, fps: int) -> TimedWord:
    return TimedWord(
        word=word.word, span=Span.of_seconds(offset + word.start, offset + word.end, fps)
    )


def _covering(spans: list[Span], fps: int) -> Span:
    return Span.of_seconds(spans[0].start_s, spans[-1].end_s, fps)


def _sentences(
    narration: str, words: list[TimedWord], statement: str | None, scene_index: int, fps: int
) -> tuple[list[TimelineSentence], list[TimedWord]]:
    """The line's sentences with their words, and the words of the major statement in it.

    Engines time one word per written token that holds a letter or digit (`clean_word`), so the
    n-th such token of the line is the n-th timed word; when an engine's count differs the words
    are shared out in proportion, which keeps every sentence's span inside its own speech.
    """
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", narration)]
    tokens = [(a, b) for a, b in tokens if clean_word(narration[a:b])]
    timed = _align(tokens, words)
    statement_at = _find(narration, statement)
    major_words = [w for (a, b), w in timed if statement_at and _inside(a, b, statement_at)]
    rows = []
    for n, (a, b) in enumerate(_sentence_bounds(narration), start=1):
        said = [w for (x, _), w in timed if a <= x < b]
        rows.append(
            TimelineSentence(
                number=f"{scene_index}.{n}",
                scene_index=scene_index,
                text=narration[a:b].strip(),
                span=_covering([w.span for w in said], fps) if said else None,
                words=tuple(said),
                major_statement=bool(statement_at) and statement_at[0] < b and a < statement_at[1],
            )
        )
    return rows, major_words


def _align(
    tokens: list[tuple[int, int]], words: list[TimedWord]
) -> list[tuple[tuple[int, int], TimedWord]]:
    if not tokens or not words:
        return []
    if len(tokens) == len(words):
        return list(zip(tokens, words, strict=True))
    return [
        (tokens[min(len(tokens) - 1, i * len(tokens) // len(words))], w)
        for i, w in enumerate(words)
    ]


def _find(narration: str, statement: str | None) -> tuple[int, int] | None:
    if not statement:
        return None
    at = narration.casefold().find(statement.casefold().strip())
    return (at, at + len(statement.strip())) if at >= 0 else None


def _inside(a: int, b: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= a and b <= bounds[1] + 1


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character ranges of `text`'s sentences, split as `claims.sentences` splits them."""
    bounds, start = [], 0
    for gap in re.finditer(r"(?<=[.!?])\s+", text):
        bounds.append((start, gap.start()))
        start = gap.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def _with_screen(sentences: list[TimelineSentence], timeline: Timeline) -> list[TimelineSentence]:
    return [
        s.model_copy(
            update={"on_screen": tuple(dict.fromkeys(t.text for t in timeline.visible(s.span)))}
        )
        if s.span is not None
        else s
        for s in sentences
    ]
