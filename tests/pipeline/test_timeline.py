"""The video timeline: scene, caption, transition and sentence times on the render's frame grid."""

from __future__ import annotations

import pytest

from pipeline.compliance.timeline import Span, build_timeline, first_frame_from, timecode
from pipeline.media.captions import caption_cues
from pipeline.media.scene_clip import entry_frames
from pipeline.outputs import Animations, Narration, NarrationClip, SceneAnimation, WordTiming
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.render import scene_frame_counts
from pipeline.video_types import spec_for
from tests.conftest import short_brief
from tests.support.words import spread_words

FPS = 30


def narration_for(script, seconds_per_word: float = 0.37) -> Narration:
    clips = []
    for line in script.lines:
        duration = round(0.6 + seconds_per_word * len(line.narration.split()), 3)
        clips.append(
            NarrationClip(
                scene_index=line.scene_index,
                audio=f"narration/{line.scene_index}.wav",
                duration_s=duration,
                words=spread_words(line.narration, duration),
            )
        )
    return Narration(clips=clips, provider="test", voice="even")


def outputs(video_type: str = "product_ad", seconds: float = 30, **animation):
    brief = short_brief(video_type, seconds)
    writer = OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    script = writer.write_script(brief, scenes, Revision())
    animations = Animations(
        items=[SceneAnimation(scene_index=s.index, **animation) for s in scenes.scenes]
    )
    return brief, scenes, script, animations, narration_for(script)


@pytest.fixture(scope="module")
def product_ad():
    brief, scenes, script, animations, narration = outputs()
    timeline = build_timeline(
        brief, scenes, script, animations, narration, fps=FPS, size=(1920, 1080)
    )
    return brief, scenes, script, animations, narration, timeline


def test_timecodes_are_hh_mm_ss_ff_at_the_frame_rate():
    assert timecode(0, 30) == "00:00:00:00"
    assert timecode(29, 30) == "00:00:00:29"
    assert timecode(30, 30) == "00:00:01:00"
    assert timecode((3600 + 2 * 60 + 3) * 25 + 24, 25) == "01:02:03:24"
    span = Span.of_frames(45, 90, 30)
    assert (span.tc_in, span.tc_out, span.start_s, span.end_s) == (
        "00:00:01:15",
        "00:00:03:00",
        1.5,
        3.0,
    )


def test_first_frame_from_matches_the_renderers_comparison():
    for fps in (12, 24, 25, 30, 60):
        for k in range(200):
            for t in (k / fps, k / fps + 1e-7, (k + 0.5) / fps, 0.1 * k + 0.013):
                frame = first_frame_from(t, fps)
                assert frame / fps >= t and (frame == 0 or (frame - 1) / fps < t)


def test_scenes_tile_the_video_on_the_renders_frame_grid(product_ad):
    *_, narration, timeline = product_ad
    counts = scene_frame_counts(narration, FPS)
    assert [s.span.frames for s in timeline.scenes] == counts
    assert timeline.scenes[0].span.start_frame == 0
    for before, after in zip(timeline.scenes, timeline.scenes[1:], strict=False):
        assert before.span.end_frame == after.span.start_frame
        # speech is continuous, pictures are on frames: never more than half a frame apart
        assert abs(before.speech.end_s - after.span.start_s) <= 0.5 / FPS + 1e-9
    assert timeline.frames == sum(counts) == round(narration.total_s * FPS)


def test_captions_are_on_exactly_the_frames_the_renderer_burns_them(product_ad):
    *_, narration, timeline = product_ad
    for scene in timeline.scenes:
        clip = narration.for_scene(scene.index)
        cues = caption_cues(clip.words, scene.span.frames / FPS)
        captions = [
            t for t in timeline.texts if t.kind == "caption" and t.scene_index == scene.index
        ]
        for k in range(scene.span.frames):
            shown = [c.text for c in cues if c.start <= k / FPS < c.end]  # scene_clip.TimedCaptions
            frame = scene.span.start_frame + k
            listed = [c.text for c in captions if c.span.start_frame <= frame < c.span.end_frame]
            assert listed == shown[:1], (scene.index, k)


def test_transitions_and_slide_texts_follow_the_entry_frames(product_ad):
    *_, animations, _, timeline = product_ad
    for n, (scene, move) in enumerate(zip(timeline.scenes, timeline.transitions, strict=True)):
        entry = entry_frames(animations.for_scene(scene.index), scene.span.frames, FPS)
        assert move.span.start_frame == scene.span.start_frame
        assert move.span.frames == entry > 0
        title = next(
            t for t in timeline.texts if t.kind == "title" and t.scene_index == scene.index
        )
        assert title.steady.start_frame == scene.span.start_frame + entry
        if n + 1 < len(timeline.scenes):  # still visible under the next scene's crossfade
            assert title.span.end_frame == timeline.transitions[n + 1].span.end_frame


def test_cut_transitions_take_no_frames_and_slides_hold_to_the_cut():
    brief, scenes, script, animations, narration = outputs(transition_in="cut")
    timeline = build_timeline(brief, scenes, script, animations, narration, fps=25, size=(640, 360))
    assert all(t.span.frames == 0 for t in timeline.transitions)
    for scene in timeline.scenes:
        titles = [t for t in timeline.texts if t.kind == "title" and t.scene_index == scene.index]
        assert titles[0].span == titles[0].steady == scene.span


def test_sentences_carry_their_words_in_order_inside_their_scene(product_ad):
    _, _, script, _, _, timeline = product_ad
    assert [s.scene_index for s in timeline.sentences] == sorted(
        s.scene_index for s in timeline.sentences
    )
    for line in script.lines:
        rows = [s for s in timeline.sentences if s.scene_index == line.scene_index]
        assert " ".join(s.text for s in rows) == " ".join(line.narration.split())
        assert [w.word for s in rows for w in s.words] == line.narration.split()
        scene = timeline.scene(line.scene_index)
        for row in rows:
            assert scene.speech.start_s <= row.span.start_s < row.span.end_s <= scene.speech.end_s
            starts = [w.span.start_s for w in row.words]
            assert starts == sorted(starts)
            assert any(w.split()[0] in " ".join(row.on_screen) for w in [row.words[0].word])


def test_the_major_statement_is_flagged_and_timed_by_its_words(product_ad):
    brief, *_, timeline = product_ad
    statement = spec_for(brief).fair_balance(brief)
    major = timeline.major_statement
    assert major is not None and major.text == statement
    assert " ".join(w.word for w in major.words) == " ".join(statement.split())
    flagged = [s for s in timeline.sentences if s.major_statement]
    assert " ".join(s.text for s in flagged) == " ".join(statement.split())
    assert (
        major.span.start_s == flagged[0].span.start_s and major.span.end_s == flagged[-1].span.end_s
    )
    assert major.span.start_frame >= timeline.scene(major.scene_index).span.start_frame
    assert not any(
        s.major_statement for s in timeline.sentences if s.scene_index != major.scene_index
    )


def test_a_video_without_safety_information_has_no_major_statement():
    brief, scenes, script, animations, narration = outputs("moa", 20)
    timeline = build_timeline(
        brief, scenes, script, animations, narration, fps=FPS, size=(640, 360)
    )
    assert timeline.major_statement is None
    assert not any(s.major_statement for s in timeline.sentences)


def test_uncaptioned_scenes_list_captions_as_srt_only():
    brief, scenes, script, animations, narration = outputs(caption_style="none")
    timeline = build_timeline(
        brief, scenes, script, animations, narration, fps=FPS, size=(640, 360)
    )
    captions = [t for t in timeline.texts if t.kind == "caption"]
    assert captions and not any(c.burned_in for c in captions)
    assert not timeline.visible(timeline.scenes[0].span, kinds=("caption",))


def test_words_an_engine_counts_differently_still_stay_in_their_sentences():
    brief, scenes, script, animations, narration = outputs()
    first = narration.clips[0]
    merged = [
        *first.words[:2],
        WordTiming(word="x", start=first.words[2].start, end=first.words[-1].end),
    ]
    narration = narration.model_copy(
        update={"clips": [first.model_copy(update={"words": merged}), *narration.clips[1:]]}
    )
    timeline = build_timeline(
        brief, scenes, script, animations, narration, fps=FPS, size=(640, 360)
    )
    rows = [s for s in timeline.sentences if s.scene_index == 1]
    assert sum(len(r.words) for r in rows) == 3
    assert all(timeline.scene(1).speech.overlaps(r.span) for r in rows if r.span)


def test_frame_counts_of_a_rendered_video_win(product_ad):
    brief, scenes, script, animations, narration, _ = product_ad
    counts = [n + 1 for n in scene_frame_counts(narration, FPS)]
    timeline = build_timeline(
        brief, scenes, script, animations, narration, fps=FPS, size=(640, 360), frame_counts=counts
    )
    assert [s.span.frames for s in timeline.scenes] == counts
    with pytest.raises(ValueError, match="frame counts"):
        build_timeline(
            brief, scenes, script, animations, narration, fps=FPS, size=(1, 1), frame_counts=[3]
        )
