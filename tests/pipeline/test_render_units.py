"""Render building blocks without media: frame counts, motion boxes, captions, YUV drawing."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.briefs import Aspect
from pipeline.media.captions import caption_cues, render_cue, srt_timestamp, write_srt
from pipeline.media.motion import KenBurns, crop_box
from pipeline.media.yuv import YuvOverlay, YuvPicture
from pipeline.outputs import Motion, Narration, NarrationClip
from pipeline.profile import RenderProfile
from pipeline.stages.render import scene_frame_counts
from tests.support.words import spread_words

PROFILE = RenderProfile.for_aspect(Aspect.landscape, short_side=144, fps=12)
PROFILE_SIZE = (PROFILE.width, PROFILE.height)


def test_frame_counts_round_boundaries_so_total_matches_narration():
    durations = [1.23, 0.77, 1.511, 2.049, 0.9]
    clips = [
        NarrationClip(scene_index=i + 1, audio="x.wav", duration_s=d)
        for i, d in enumerate(durations)
    ]
    counts = scene_frame_counts(Narration(clips=clips, provider="p", voice="v"), 12)
    assert sum(counts) == round(sum(durations) * 12)
    assert all(c > 0 for c in counts)
    elapsed, frames = 0.0, 0
    for count, duration in zip(counts, durations, strict=True):
        elapsed, frames = elapsed + duration, frames + count
        assert abs(frames / 12 - elapsed) <= 0.5 / 12  # every scene boundary within half a frame


def test_ken_burns_boxes_start_end_and_stay_inside():
    image, frame = (2150, 1210), (1920, 1080)
    zoom_in = Motion(start=(0.5, 0.5, 1.0), end=(0.5, 0.5, 1.08))
    left, top, right, bottom = crop_box(zoom_in, image, frame, 0.0)
    assert (right - left) / (bottom - top) == pytest.approx(1920 / 1080)
    assert (left, right) == (0, 2150) and 0 <= top < bottom <= 1210  # largest frame-shaped box
    end = crop_box(zoom_in, image, frame, 1.0)
    assert end[2] - end[0] == pytest.approx(2150 / 1.08)
    assert (end[0] + end[2]) / 2 == pytest.approx(1075)
    wild = Motion(start=(0.0, 0.0, 1.0), end=(1.0, 1.0, 1.5), easing="linear")
    for progress in np.linspace(0, 1, 11):
        box = crop_box(wild, image, frame, float(progress))
        assert box[0] >= -1e-9 and box[1] >= -1e-9 and box[2] <= 2150 + 1e-9
        assert box[3] <= 1210 + 1e-9
    mid = crop_box(zoom_in, image, frame, 0.5)
    assert 1210 / 1.08 < mid[3] - mid[1] < 1210
    still = Image.new("RGB", image, (9, 9, 9))
    assert KenBurns(zoom_in, frame).frame(still, 0.3).size == frame


def test_caption_cues_are_short_phrases_timed_to_the_words():
    words = spread_words(
        "Zolvex opens the airways, so breathing gets much easier for most "
        "people who use it every day.",
        6.0,
    )
    cues = caption_cues(words, 6.0)
    assert [c.text for c in cues][0] == "Zolvex opens the airways,"
    assert all(len(c.text.split()) <= 5 and len(c.text) <= 32 for c in cues)
    assert " ".join(c.text for c in cues) == " ".join(w.word for w in words)
    assert cues[0].start == words[0].start
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.end == b.start
    assert cues[-1].end == 6.0


def test_caption_picture_fits_the_lower_third():
    picture, (x, y) = render_cue("so breathing gets much easier", (1920, 1080))
    assert picture.mode == "RGBA" and x > 0 and y > 1080 * 2 / 3
    assert y + picture.height <= 1080 and picture.width < 1920 * 0.9
    portrait, (_, py) = render_cue("so breathing gets much easier", (1080, 1920))
    assert py + portrait.height < 1920 * 0.85


def test_srt_timestamps_and_file(tmp_path):
    assert srt_timestamp(3661.5) == "01:01:01,500"
    assert srt_timestamp(0.0004) == "00:00:00,000"
    cues = caption_cues(spread_words("One two three, four five.", 2.0), 2.0)
    text = write_srt(cues, tmp_path / "a.srt").read_text()
    assert text.startswith("1\n00:00:00,100 --> ")
    assert "one two three," in text.lower()


# --- the rendered video --------------------------------------------------------------------------


def test_yuv_frames_look_like_the_rgb_motion():
    """Frames drawn in YUV planes show the same picture as KenBurns' RGB crop-and-resize."""
    still = Image.new("RGB", PROFILE.still_size, (30, 120, 200))
    draw = ImageDraw.Draw(still)
    draw.rectangle((20, 20, 140, 90), fill=(250, 250, 250))
    motion = KenBurns(Motion(start=(0.5, 0.5, 1.0), end=(0.5, 0.5, 1.08)), PROFILE_SIZE)
    picture = YuvPicture.from_rgb(still)
    for progress in (0.0, 0.5, 1.0):
        rgb = np.asarray(motion.frame(still, progress), dtype=np.int16)
        drawn = picture.window(PROFILE_SIZE, motion.box(still.size, progress)).to_rgb()
        assert drawn.size == PROFILE_SIZE
        assert np.abs(np.asarray(drawn, dtype=np.int16) - rgb).mean() < 4


def test_yuv_caption_overlay_lands_where_the_rgb_caption_would():
    picture, position = render_cue("so breathing gets easier", PROFILE_SIZE)
    frame = YuvPicture.filled(PROFILE_SIZE, (16, 128, 128))
    YuvOverlay.from_rgba(picture, position).draw_on(frame)
    expected = Image.new("RGB", PROFILE_SIZE)
    expected.paste(picture, position, picture)
    difference = np.abs(
        np.asarray(frame.to_rgb(), dtype=np.int16) - np.asarray(expected, dtype=np.int16)
    )
    assert difference.mean() < 4
