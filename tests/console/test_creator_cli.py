"""`reelflow creator --auto`: the terminal client reviews a whole run over the socket."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest

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
