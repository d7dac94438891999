"""Variants side by side: a regenerate of the script asks for three, the reviewer picks one."""

from __future__ import annotations

import asyncio
import io
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.settings import load_settings
from tests.flows.test_review import ACCEPT, _task_runs, ran, run_with_reviewer
from tests.support.probe import needs_ffprobe

pytestmark = [pytest.mark.server, needs_ffprobe]
THREE = {"decision": "regenerate", "feedback": "more formal", "variants": 3, "reviewer": "qa"}


def test_three_script_variants_are_made_side_by_side_and_the_pick_goes_on(
    prefect_harness, tiny_render, monkeypatch
):
    monkeypatch.setenv("REELFLOW_REVIEW_POLL_S", "1")
    load_settings.cache_clear()
    # A variant may carry its own blocking findings: accepting it then needs a waiver, as always.
    pick_two = ACCEPT | {"pick": 2, "waiver": "claim wording reviewed by MLR"}
    state, reviewer = run_with_reviewer([ACCEPT, THREE, ACCEPT, pick_two] + [ACCEPT] * 4)
    assert state.is_completed(), state.message

    # Reviews, not attempts: a transient SQLite lock may make one answer arrive twice, and the
    # refused copy asks the same review again under the next attempt number.
    reviews = [pause.review for pause in reviewer.seen]
    assert reviews[:4] == ["scenes-v1", "script-v1", "script-v2", "script-v2"]
    page = json.loads(reviewer.seen[2].description)
    assert "3 variants side by side" in page and "| # | Variant 1 | Variant 2 | Variant 3 |" in page
    assert "#### Variant 3" in page
    refused = json.loads(reviewer.seen[3].description)  # accept without a pick is refused
    assert "Pick the variant to accept (pick: 1-3)" in refused

    first_line = re.search(r"^\| 1 \| (.+) \|$", page, re.MULTILINE).group(1).split(" | ")
    openings = [cell.split(" …")[0].split(" (")[0] for cell in first_line]
    assert len(set(openings)) == 3, openings  # three different wordings

    runs = asyncio.run(_task_runs(state.state_details.flow_run_id))
    assert len(ran(runs, "script")) == 4  # v1, then the three variants of v2 as mapped runs

    delivery = state.result()
    assert delivery.stage_versions["script"] == 2
    captions = " ".join(Path(delivery.srt).read_text().split())
    assert " ".join(openings[1].split()[:3]) in captions  # the video says variant 2's words
    assert " ".join(openings[0].split()[:3]) not in captions

    audit = json.loads(Path(delivery.audit).read_text())
    asked, picked = audit["decisions"][1], audit["decisions"][2]  # a refused answer is no decision
    assert (asked["decision"], asked["variants"]) == ("regenerate", 3)
    assert (picked["stage"], picked["version"], picked["decision"]) == ("script", 2, "accept")
    assert picked["pick"] == 2 and len(set(picked["variant_sha256"])) == 3


def test_two_slide_variants_side_by_side_and_the_video_shows_the_pick(
    prefect_harness, tiny_render, monkeypatch
):
    monkeypatch.setenv("REELFLOW_REVIEW_POLL_S", "1")
    load_settings.cache_clear()
    two = {"decision": "regenerate", "feedback": "bolder", "variants": 2, "reviewer": "qa"}
    answers = [ACCEPT, ACCEPT, two, ACCEPT | {"pick": 2}] + [ACCEPT] * 3
    state, reviewer = run_with_reviewer(answers)
    assert state.is_completed(), state.message

    reviews = [pause.review for pause in reviewer.seen]
    assert reviews[2:5] == ["visuals-v1", "visuals-v2", "animations-v1"]
    page = json.loads(reviewer.seen[3].description)
    assert "2 variants side by side" in page
    assert len(re.findall(r"!\[variant \d\]\(data:image/png;base64,", page)) == 2

    runs = asyncio.run(_task_runs(state.state_details.flow_run_id))
    assert len(ran(runs, "visuals")) == 3  # v1, then the two variants of v2 as mapped runs

    delivery = state.result()
    audit = json.loads(Path(delivery.audit).read_text())
    picked = next(d for d in audit["decisions"] if d["stage"] == "visuals" and d["version"] == 2)
    assert picked["pick"] == 2 and len(set(picked["variant_sha256"])) == 2

    # The video shows variant 2's first slide, not variant 1's: a frame from the middle of the
    # first caption, against each variant's scene-1 slide (variant k of v2 is take 1 + k).
    folder = Path(delivery.folder)
    slides = {
        k: Image.open(next(folder.rglob(f"visuals/scene-01-v{1 + k}-*.png"))).convert("RGB")
        for k in (1, 2)
    }
    first = Path(delivery.srt).read_text().split("\n\n")[0].splitlines()[1]
    start, end = (_seconds(t) for t in first.split(" --> "))
    frame = _frame(Path(delivery.mp4), (start + end) / 2)
    distance = {k: _distance(frame, slide) for k, slide in slides.items()}
    assert distance[2] < distance[1], distance


def _seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.strip().split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest.replace(",", "."))


def _frame(mp4: Path, at: float) -> Image.Image:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-ss", f"{at:.3f}", "-i", str(mp4), "-frames:v", "1",
         "-f", "image2pipe", "-vcodec", "png", "-"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    return Image.open(io.BytesIO(raw)).convert("RGB")


def _distance(frame: Image.Image, slide: Image.Image) -> float:
    """Mean absolute difference after cropping the overscanned slide to the frame's shape."""
    scale = min(slide.width / frame.width, slide.height / frame.height)
    w, h = frame.width * scale, frame.height * scale
    left, top = (slide.width - w) / 2, (slide.height - h) / 2
    crop = slide.crop((round(left), round(top), round(left + w), round(top + h))).resize(frame.size)
    a = np.asarray(frame, dtype=np.float32)
    b = np.asarray(crop, dtype=np.float32)
    return float(np.abs(a - b).mean())
