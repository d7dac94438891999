"""`reelflow creator`: the terminal client reviews runs over the socket, with --auto or typed."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest

from pipeline.audit import DecisionLog
from pipeline.video_types import parse_brief
from pipeline.workspace import Workspace
from tests.console.conftest import moa_brief

pytestmark = [pytest.mark.server, pytest.mark.e2e]


def test_the_terminal_client_accepts_every_stage_to_a_playable_video(console, tmp_path):
    brief = tmp_path / "moa.json"
    brief.write_text(json.dumps(moa_brief(6)))
    done = subprocess.run(
        [sys.executable, "-m", "reelflow", "creator", "moa", "--brief", str(brief), "--auto"]
        + ["--console", console.url, "--auth", console.auth, "--timeout", "240"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0, said[-3000:]
    for stage in ("scenes", "script", "visuals", "animations", "tts", "render"):
        assert f": {stage} v1" in said
    video_url = said.strip().splitlines()[-1]
    response = httpx.get(video_url, auth=tuple(console.auth.split(":", 1)), timeout=30)
    assert response.status_code == 200 and response.content[4:8] == b"ftyp"


def test_a_bad_brief_is_refused_before_connecting(tmp_path):
    brief = tmp_path / "bad.json"
    brief.write_text("[]")
    done = subprocess.run(
        [sys.executable, "-m", "reelflow", "creator", "moa", "--brief", str(brief), "--auto"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "holds a JSON list" in done.stderr


def test_the_terminal_client_asks_variants_picks_one_and_goes_back(console, tmp_path):
    payload = moa_brief(7.25)
    brief = tmp_path / "moa.json"
    brief.write_text(json.dumps(payload))
    typed = [
        "a",  # scenes-v1
        "r",  # script-v1: regenerate as two variants
        "more formal",
        "2",
        "a",  # script-v2 shows two variants: accept needs a pick (5 is refused, asked again)
        "5",
        "2",
        "checked with legal",  # the offline writer's variant 2 says "the best": a waiver
        "back",  # visuals-v1: go back (render is no earlier stage: refused, asked again)
        "render",
        "script",
        "simpler",
        "s",  # script-v3-b1: stop
    ]
    done = subprocess.run(
        [sys.executable, "-m", "reelflow", "creator", "moa", "--brief", str(brief)]
        + ["--console", console.url, "--auth", console.auth, "--timeout", "240"]
        + ["--reviewer", "ana"],
        input="\n".join(typed) + "\n",
        capture_output=True,
        text=True,
        timeout=600,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 1 and "stopped" in said, said[-3000:]
    assert "--- Variant 2 of 2 ---" in said and "'5' is not a number from 1 to 2" in said
    assert "'render' is not a stage before visuals" in said and "Traceback" not in said

    workspace = Workspace.for_brief(console.output_dir, parse_brief(payload, "moa"))
    made = [
        (r.stage, r.version, r.decision, r.variants, r.pick, r.back_to, r.feedback, r.reviewer)
        for r in DecisionLog(workspace).records()
    ]
    assert made == [
        ("scenes", 1, "accept", 1, None, "", "", "ana"),
        ("script", 1, "regenerate", 2, None, "", "more formal", "ana"),
        ("script", 2, "accept", 1, 2, "", "", "ana"),  # waiver checked below
        ("visuals", 1, "back", 1, None, "script", "simpler", "ana"),
        ("script", 3, "stop", 1, None, "", "", "ana"),
    ]
    picked = DecisionLog(workspace).records()[2]
    assert picked.waiver == "checked with legal"
    assert len(picked.variant_sha256) == 2 and len(set(picked.variant_sha256)) == 2
