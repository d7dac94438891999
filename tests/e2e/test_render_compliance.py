"""Render-timing checks on real renders: the evidence's timecodes are where ffprobe finds them.

A compliant render (the safety scene cut in, still) passes the major-statement rules. A render
whose safety scene crossfades in trips them, and every timecode its findings state is checked
against the MP4: the speech onset and end against ffmpeg's silence detection, the crossfade's
first frame against the frames that change in the decoded video, each within one frame.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from pipeline.compliance.legibility import measure_screen
from pipeline.compliance.render_checks import check_render
from pipeline.compliance.timeline import video_timeline
from tests.support.probe import needs_ffprobe
from tests.support.rendered import changed_frames, frame_times, grey_frames, render_product_ad

pytestmark = [pytest.mark.e2e, needs_ffprobe]
TIMECODE = re.compile(r"(\d\d):(\d\d):(\d\d):(\d\d)")


def checked(made):
    inputs = made.inputs
    timeline = video_timeline(
        inputs.brief, inputs.scenes, inputs.script, made.animations, inputs.narration, made.video
    )
    screen = measure_screen(
        inputs.brief,
        inputs.scenes,
        inputs.script,
        made.animations,
        timeline,
        still_size=inputs.profile.still_size,
        overscan=inputs.profile.overscan,
    )
    return timeline, check_render(inputs.brief, timeline, screen)


def seconds(timecode: str, fps: int) -> float:
    h, m, s, f = (int(x) for x in TIMECODE.search(timecode).groups())
    return h * 3600 + m * 60 + s + f / fps


def speech_edges(mp4, after_s: float) -> tuple[float, float]:
    """Where the audio after `after_s` stops being silent and where it falls silent for good."""
    err = subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "info",
            "-i",
            str(mp4),
            "-af",
            "silencedetect=noise=-45dB:d=0.04",
            "-vn",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", err)]
    starts = [float(x) for x in re.findall(r"silence_start: ([\d.]+)", err)]
    onset = min((t for t in ends if t >= after_s - 0.02), default=after_s)
    last = max((t for t in starts if t > onset), default=float("inf"))
    return onset, last


@pytest.fixture(scope="module")
def compliant(tmp_path_factory):
    return render_product_ad(tmp_path_factory.mktemp("cut"))


@pytest.fixture(scope="module")
def crossfaded(tmp_path_factory):
    return render_product_ad(tmp_path_factory.mktemp("fade"), safety_entry="crossfade")


def test_a_cut_in_still_safety_scene_passes_the_major_statement_rules(compliant):
    timeline, report = checked(compliant)
    assert timeline.major_statement is not None
    assert report.blocking == (), [(f.rule_id, f.evidence) for f in report.blocking]


def test_a_crossfade_into_the_statement_is_found_with_frame_true_timecodes(crossfaded):
    timeline, report = checked(crossfaded)
    fps, major = timeline.fps, timeline.major_statement
    rules = {f.rule_id for f in report.blocking}
    assert {"major-statement-sync", "major-statement-interference"} <= rules
    # the speech: evidence "major statement spoken IN–OUT" against the audio itself
    spoken = next(
        e.where for f in report.blocking for e in f.evidence if e.where.startswith("major")
    )
    tc_in, tc_out = TIMECODE.findall(spoken)[:2]
    scene = timeline.scene(major.scene_index)
    onset, silent = speech_edges(crossfaded.mp4, scene.span.start_s)
    assert abs(seconds(":".join(tc_in), fps) - onset) <= 1 / fps + 0.01
    assert abs(seconds(":".join(tc_out), fps) - silent) <= 1 / fps + 0.01
    # the crossfade: "crossfade at TC" against the frames that change in the decoded video
    fade = next(
        e.measured for f in report.blocking for e in f.evidence if "crossfade at" in e.measured
    )
    at = round(seconds(fade.split(" at ")[1], fps) * fps)
    times = frame_times(crossfaded.mp4)
    moved = changed_frames(grey_frames(crossfaded.mp4, timeline.width, timeline.height))
    first = min(m for m in moved if m >= at - 1)
    assert abs(first - at) <= 1
    assert abs(times[first] - at / fps) <= 1 / fps
    # the slide text: fully shown when the crossfade ends, as the sync finding says
    shown = next(
        e
        for f in report.blocking
        if f.rule_id == "major-statement-sync"
        for e in f.evidence
        if e.measured
    )
    steady = seconds(TIMECODE.search(shown.measured).group(0), fps)
    length = int(re.search(r"\((\d+) frames\)", fade).group(1))
    assert set(range(at + 1, at + length)) <= set(moved)  # the picture blends frame by frame
    assert abs(steady * fps - (at + length)) <= 1
