"""The MLR pack of a rendered product ad, read the way MLR reads it.

The PDFs are read back with pdftotext and rendered page by page with pdftoppm; every timecode in
the pack is checked against the frame times ffprobe measures in the MP4, every storyboard picture
against the video's decoded frame, every manifest hash against the file. A second render of a
changed brief must produce a diff naming the change.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re

import numpy as np
import pytest
from PIL import Image

from pipeline.compliance import check_brief, check_outputs
from pipeline.compliance.pack import PackInputs, build_pack
from pipeline.compliance.pack.frames import storyboard_frames
from pipeline.compliance.pack.storyboard import extract_frames
from pipeline.compliance.report import merged
from pipeline.compliance.timeline import video_timeline
from pipeline.video_types import parse_brief
from tests.conftest import example_data
from tests.support.pdf import ink, needs_poppler, page_texts, pdf_text, render_pages
from tests.support.probe import needs_ffprobe
from tests.support.rendered import frame_times, grey_frames, render_product_ad

pytestmark = [pytest.mark.e2e, needs_ffprobe, needs_poppler]
SHORT_SIDE = 144
CHANGED_CTA = "Talk to your doctor about GlucoSense today"


def pack_of(made, root):
    inputs = made.inputs
    timeline = video_timeline(
        inputs.brief, inputs.scenes, inputs.script, made.animations, inputs.narration, made.video
    )
    report = merged(
        check_brief(inputs.brief), check_outputs(inputs.brief, inputs.scenes, inputs.script)
    )
    pack = PackInputs(
        brief=inputs.brief,
        report=report,
        status="delivered",
        stage_versions={"scenes": 1, "script": 1, "render": 1},
        providers={"writer": "offline", "images": "pillow", "speech": "espeak"},
        scenes=inputs.scenes,
        script=inputs.script,
        timeline=timeline,
        video=made.mp4,
    )
    return timeline, build_pack(pack, root)


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    out = tmp_path_factory.mktemp("mlr") / "out"
    made = render_product_ad(out / "first", short_side=SHORT_SIDE)
    timeline, pack = pack_of(made, out / "first")
    return made, timeline, pack


def rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def seconds(tc: str, fps: int) -> float:
    hours, minutes, secs, frames = map(int, tc.split(":"))
    return (hours * 3600 + minutes * 60 + secs) + frames / fps


def test_pdftotext_reads_back_every_line_timecode_and_footnote(packed):
    _, _, pack = packed
    raw = flat(pdf_text(pack / "annotated-script.pdf", raw=True))
    script = rows(pack / "annotated-script.csv")
    assert len(script) >= 8
    for row in script:
        assert f"{row['line']} {row['tc_in']} {row['tc_out']}" in raw
        assert flat(row["spoken"]) in raw
        for mark in filter(None, row["claims"].split("; ")):
            assert mark in raw
    claims = json.loads((pack / "claims.json").read_text())["claims"]
    for claim in claims:
        assert f"[{claim['footnote']}] {claim['id']} “{claim['text']}”" in raw
        assert claim["citation"] in raw and claim["locator"] in raw
    flagged = [r for r in script if r["major_statement"] == "yes"]
    assert flagged and raw.count("MAJOR STATEMENT") == len(flagged)


def test_every_page_renders_with_content(packed, tmp_path):
    _, _, pack = packed
    for name in ("annotated-script.pdf", "storyboard.pdf"):
        pages = render_pages(pack / name, tmp_path / name)
        assert pages
        for page in pages:
            assert ink(page) > 0.01, f"{name} {page.name} is blank"


def test_the_storyboard_has_a_page_per_chosen_frame_each_the_videos_own(packed, tmp_path):
    made, timeline, pack = packed
    expected = storyboard_frames(timeline)
    pages = page_texts(pack / "storyboard.pdf")
    board = rows(pack / "storyboard.csv")
    assert len(pages) == len(board) == len(expected)
    assert json.loads((pack / "manifest.json").read_text())["storyboard"]["pages"] == len(pages)
    kinds = {t.kind for t in timeline.texts}
    assert (
        len(expected)
        >= len(timeline.scenes) + sum(1 for t in timeline.texts if t.kind == "caption") // 2
    )
    assert "caption" in kinds
    for page, row in zip(pages, board, strict=True):
        assert row["timecode"] in page and f"frame {row['frame']}," in page
    # the pictures are the video's frames at those numbers (decoded independently)
    decoded = grey_frames(made.mp4, timeline.width, timeline.height)
    numbers = [int(r["frame"]) for r in board]
    for number, png in zip(numbers, extract_frames(made.mp4, numbers, tmp_path), strict=True):
        grey = np.asarray(Image.open(png).convert("L"), dtype=np.int16)
        assert np.abs(grey - decoded[number]).mean() < 2, f"frame {number} differs"


def test_pack_timecodes_agree_with_ffprobe_within_one_frame(packed):
    made, timeline, pack = packed
    fps = timeline.fps
    times = frame_times(made.mp4)
    assert len(times) == timeline.frames
    for row in rows(pack / "storyboard.csv"):
        assert abs(times[int(row["frame"])] - seconds(row["timecode"], fps)) <= 1 / fps
    for row in rows(pack / "annotated-script.csv"):
        start = round(seconds(row["tc_in"], fps) * fps)
        assert abs(times[start] - seconds(row["tc_in"], fps)) <= 1 / fps
        end = round(seconds(row["tc_out"], fps) * fps)
        measured_end = times[end] if end < len(times) else times[-1] + 1 / fps
        assert abs(measured_end - seconds(row["tc_out"], fps)) <= 1 / fps
    major = [r for r in rows(pack / "annotated-script.csv") if r["major_statement"] == "yes"]
    statement = timeline.major_statement.span
    assert major[0]["tc_in"] == statement.tc_in and major[-1]["tc_out"] == statement.tc_out


def test_the_manifest_hashes_match_the_files_and_the_video(packed):
    made, _, pack = packed
    manifest = json.loads((pack / "manifest.json").read_text())
    on_disk = {p.relative_to(pack).as_posix() for p in pack.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {"manifest.json"}
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((pack / name).read_bytes()).hexdigest() == entry["sha256"]
    assert manifest["video"]["sha256"] == hashlib.sha256(made.mp4.read_bytes()).hexdigest()
    assert manifest["video"]["frames"] == len(frame_times(made.mp4))
    assert manifest["rule_profile"]["id"] == "us-fda"


def test_a_changed_brief_rendered_again_diffs_against_the_first_pack(packed):
    _, _, first = packed
    out = first.parent.parent.parent
    brief = parse_brief(
        example_data("product_ad") | {"target_duration_s": 8, "call_to_action": CHANGED_CTA}
    )
    made = render_product_ad(out / "second", short_side=SHORT_SIDE, brief=brief)
    _, second = pack_of(made, out / "second")
    diff = json.loads((second / "diff.json").read_text())
    assert diff["previous"]["folder"] == str(out / "first")
    assert [c["field"] for c in diff["brief"]] == ["call_to_action"]
    said = [c for c in diff["lines"]["changed"] if "spoken" in c["fields"]]
    assert said and CHANGED_CTA in said[0]["after"]["spoken"]
    text = (second / "diff.txt").read_text()
    assert (
        f"BRIEF call_to_action: 'Ask your doctor if GlucoSense is right for you' -> '{CHANGED_CTA}'"
        in text
    )
    assert "LINE CHANGED 4.1 -> 4.1" in text
