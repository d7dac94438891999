"""The disk fills up during the render: a clear error, no half-written final file, nothing
accepted lost; with space again, the same brief finishes from its cached stages."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from flows.registry import run_here
from flows.review import ReviewPolicy
from pipeline.settings import load_settings
from tests.conftest import short_brief
from tests.support.probe import needs_ffprobe, probe

pytestmark = [
    pytest.mark.server,
    needs_ffprobe,
    pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root"),
]


@pytest.fixture
def small_disk(tmp_path, monkeypatch):
    """A 2.2 MB tmpfs as the output folder: room for slides and speech, not for the render."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2200k", "tmpfs", str(mount)], check=True)
    monkeypatch.setenv("REELFLOW_OUTPUT_DIR", str(mount))
    monkeypatch.setenv("REELFLOW_SHORT_SIDE", "360")
    monkeypatch.setenv("REELFLOW_FPS", "24")
    load_settings.cache_clear()
    try:
        yield mount
    finally:
        load_settings.cache_clear()
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_the_render_clearly_and_a_rerun_finishes(prefect_harness, small_disk):
    brief = short_brief("moa", seconds=20)
    state = run_here("moa", brief, ReviewPolicy.none)

    assert state.is_failed()
    message = str(state.message)
    assert "render" in message and "No space left on device" in message
    assert str(small_disk) in message and "free" in message
    folder = next(small_disk.iterdir())
    finals = list((folder / "final").glob("*")) if (folder / "final").exists() else []
    assert not [f for f in finals if f.suffix in (".mp4", ".srt", ".png", ".json")]
    assert list((folder / "visuals").glob("scene-*.png"))  # accepted work is still there

    subprocess.run(["mount", "-o", "remount,size=200m", str(small_disk)], check=True)
    again = run_here("moa", brief, ReviewPolicy.none)
    assert again.is_completed(), again.message
    delivery = again.result()
    assert float(probe(Path(delivery.mp4))["format"]["duration"]) > 5
