"""The timeline against a rendered MP4: every time it states is where ffprobe finds it.

Scene boundaries are checked against the frame counts of the rendered segments and the frame
times ffprobe reports; caption changes, cuts and the crossfade against the frames that actually
change in the decoded video (the picture holds still otherwise, see `tests.support.rendered`).
"""

from __future__ import annotations

import pytest

from pipeline.compliance.timeline import video_timeline
from pipeline.media.ffmpeg import count_video_frames
from tests.support.probe import needs_ffprobe
from tests.support.rendered import changed_frames, frame_times, grey_frames, render_product_ad

pytestmark = [pytest.mark.e2e, needs_ffprobe]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    made = render_product_ad(tmp_path_factory.mktemp("timeline"))
    inputs = made.inputs
    timeline = video_timeline(
        inputs.brief, inputs.scenes, inputs.script, made.animations, inputs.narration, made.video
    )
    return made, timeline


def test_scene_boundaries_are_where_the_segments_put_them(rendered):
    made, timeline = rendered
    fps = timeline.fps
    times = frame_times(made.mp4)
    assert len(times) == timeline.frames
    start = 0
    for scene, item in zip(timeline.scenes, made.video.scenes, strict=True):
        counted = sum(count_video_frames(made.inputs.workspace.path(p)) for p in item.files)
        assert (scene.span.start_frame, scene.span.frames) == (start, counted)
        assert abs(times[start] - scene.span.start_s) <= 1 / fps
        start += counted
    assert abs(times[-1] + 1 / fps - timeline.duration_s) <= 1 / fps


def test_captions_cuts_and_the_crossfade_change_the_picture_on_their_frames(rendered):
    made, timeline = rendered
    fps = timeline.fps
    frames = grey_frames(made.mp4, timeline.width, timeline.height)
    measured = set(changed_frames(frames))
    times = frame_times(made.mp4)
    captions = [t for t in timeline.texts if t.kind == "caption"]
    expected = {c.span.start_frame for c in captions} | {c.span.end_frame for c in captions}
    expected |= {s.span.start_frame for s in timeline.scenes}
    for move in timeline.transitions:
        expected |= set(range(move.span.start_frame, move.span.end_frame))
    expected = {f for f in expected if 0 < f < timeline.frames}
    crossfades = [t for t in timeline.transitions if t.kind == "crossfade"]
    assert crossfades and crossfades[0].span.frames == 6  # 0.5 s at 12 fps
    # every change the timeline states is seen in the video within one frame, and vice versa
    for frame in expected:
        near = [m for m in measured if abs(m - frame) <= 1]
        assert near, f"nothing changes near frame {frame} ({frame / fps:.3f} s)"
        assert min(abs(times[m] - frame / fps) for m in near) <= 1 / fps
    for frame in measured:
        assert any(abs(frame - e) <= 1 for e in expected), f"unexplained change at frame {frame}"
    assert len(captions) >= 8


def test_the_major_statement_is_spoken_inside_the_safety_scene(rendered):
    made, timeline = rendered
    major = timeline.major_statement
    assert major is not None
    scene = timeline.scene(major.scene_index)
    assert scene.visual_kind == "safety"
    assert scene.span.start_frame <= major.span.start_frame < major.span.end_frame
    assert major.span.end_frame <= scene.span.end_frame + 1
    assert any(
        "safety" in t.text.casefold() for t in timeline.visible(major.span, kinds=("title",))
    )
