"""Every video type end to end, offline, at low resolution: checked with ffprobe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.registry import FLOWS
from pipeline.video_types import VideoType
from tests.conftest import VIDEO_TYPES, short_brief
from tests.support.probe import frame_at, needs_ffprobe, probe, stream

pytestmark = [pytest.mark.e2e, needs_ffprobe]

ASPECTS = {"social_media": (9, 16)}


@pytest.mark.parametrize("video_type", VIDEO_TYPES)
def test_video_type_renders_a_watchable_mp4(video_type, prefect_harness, tiny_render):
    delivery = FLOWS[VideoType(video_type)](brief=short_brief(video_type), review="none")

    mp4 = Path(delivery.mp4)
    info = probe(mp4)
    video, audio = stream(info, "video"), stream(info, "audio")
    assert video["codec_name"] == "h264" and audio["codec_name"] == "aac"

    w, h = int(video["width"]), int(video["height"])
    aw, ah = ASPECTS.get(video_type, (16, 9))
    assert abs(w / h - aw / ah) < 0.02, f"{video_type} is {w}x{h}"
    assert min(w, h) == 144

    manifest = json.loads(Path(delivery.manifest).read_text())
    narration_total = sum(s["narration_s"] for s in manifest["scenes"])
    v_dur, a_dur = float(video["duration"]), float(audio["duration"])
    assert abs(v_dur - narration_total) <= 0.2, (v_dur, narration_total)
    assert abs(v_dur - a_dur) <= 0.1, (v_dur, a_dur)

    for t in (0.8, v_dur / 2, v_dur - 0.3):
        frame = frame_at(mp4, t, w, h)
        assert frame.std() > 8, f"frame at {t:.1f}s looks blank"

    assert Path(delivery.srt).read_text().count("-->") >= 3
    assert Path(delivery.poster).is_file()
    caption = Path(delivery.folder) / "final" / "post-caption.txt"  # beside a social post only
    assert caption.is_file() == (video_type == "social_media")
    if caption.is_file():
        assert caption.read_text().startswith(short_brief(video_type).topic)
        assert manifest["files"]["post_caption"] == caption.name
        assert delivery.post_caption == str(caption)
    assert manifest["brief"]["video_type"] == video_type
    assert set(manifest["stage_versions"]) == {
        "scenes",
        "script",
        "visuals",
        "animations",
        "tts",
        "render",
    }
