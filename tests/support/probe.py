"""ffprobe-based checks of real media files (what a user would check with their own eyes)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

FFPROBE = shutil.which("ffprobe")
needs_ffprobe = pytest.mark.skipif(
    FFPROBE is None, reason="ffprobe missing: run scripts/system-deps.sh"
)


def probe(path: Path) -> dict:
    """ffprobe's streams and format for `path`."""
    out = subprocess.run(
        [
            FFPROBE or "ffprobe",
            "-v",
            "error",
            "-show_streams",
            "-show_format",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def stream(info: dict, kind: str) -> dict:
    """The first stream of `kind` (video/audio)."""
    return next(s for s in info["streams"] if s["codec_type"] == kind)


def frame_at(path: Path, seconds: float, width: int, height: int) -> np.ndarray:
    """One decoded RGB frame at `seconds`."""
    raw = subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-ss",
            f"{seconds:.3f}",
            "-i",
            str(path),
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(height, width, 3)
