"""A brief in each script renders end to end offline: title, slides, voice and captions."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from flows.registry import FLOWS
from pipeline.video_types import VideoType
from tests.support.probe import frame_at, needs_ffprobe, probe, stream
from tests.support.scripts import AWARENESS, SCRIPTS, awareness_brief

pytestmark = [pytest.mark.e2e, needs_ffprobe]

# Japanese and Arabic first: the named pair; the rest cover every other script.
ORDER = ["ja", "ar", *(tag for tag in SCRIPTS if tag not in ("ja", "ar"))]


def script_of(text: str) -> set[str]:
    """The Unicode scripts of the letters in `text`, by their character names' first word."""
    return {unicodedata.name(c).split()[0] for c in text if c.isalpha() and ord(c) > 0x24F}


@pytest.mark.parametrize("tag", ORDER)
def test_a_brief_in_each_script_renders_offline(tag, prefect_harness, tiny_render):
    brief = awareness_brief(tag, seconds=4)
    delivery = FLOWS[VideoType.disease_awareness](brief=brief, review="none")

    mp4 = Path(delivery.mp4)
    assert mp4.stem not in ("video", "") and mp4.stem.isascii()  # a transliterated name
    info = probe(mp4)
    video, audio = stream(info, "video"), stream(info, "audio")
    assert video["codec_name"] == "h264" and audio["codec_name"] == "aac"
    w, h = int(video["width"]), int(video["height"])
    assert min(w, h) == 144
    assert frame_at(mp4, 0.5, w, h).std() > 8

    manifest = json.loads(Path(delivery.manifest).read_text(encoding="utf-8"))
    title = AWARENESS[tag][0]
    assert manifest["brief"]["language"] == tag
    assert manifest["storyboard"]["scenes"][0]["title"] == title  # the title in its script
    shown = " ".join(
        " ".join([s["title"], *s["bullets"]]) for s in manifest["storyboard"]["scenes"]
    )
    assert script_of(title) <= script_of(shown)
    captions = Path(delivery.srt).read_text(encoding="utf-8")
    assert captions.count("-->") >= 2
