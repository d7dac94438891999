"""A short product ad rendered offline without Prefect: real writer, slides, espeak and x264.

Tests of what is measured on a finished MP4 (the timeline, the MLR pack's frames) share it. The
animations are fixed rather than planned so frame-by-frame measurements stay readable: the picture
holds still (no zoom), scene 2 crossfades in and the others cut, so a frame differs from the one
before only where a caption, a scene or a transition changes.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from imageio_ffmpeg import get_ffmpeg_exe

from bench.fixture import Inputs, render
from pipeline.briefs import Aspect
from pipeline.outputs import Animations, Motion, SceneAnimation, Video
from pipeline.profile import RenderProfile
from pipeline.providers.images.pillow_slides import PillowSlides
from pipeline.providers.speech.espeak import EspeakSpeaker
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.video_types import Brief
from pipeline.workspace import Workspace
from tests.conftest import short_brief
from tests.support.probe import FFPROBE
from tests.support.stages import make_visuals, narrate

STILL = Motion(start=(0.5, 0.5, 1.0), end=(0.5, 0.5, 1.0))


@dataclass
class Rendered:
    """The stage outputs of a rendered video and the video itself."""

    inputs: Inputs
    animations: Animations
    video: Video

    @property
    def mp4(self) -> Path:
        return self.inputs.workspace.path(self.video.mp4)


def render_product_ad(
    root: Path,
    *,
    fps: int = 12,
    short_side: int = 360,
    safety_entry: str = "cut",
    brief: Brief | None = None,
) -> Rendered:
    """Write, draw, speak and render the product ad example (short version) in `root`.

    `safety_entry` is how the safety scene enters ("crossfade" makes a non-compliant video);
    `brief` replaces the example (a changed brief, for the MLR pack's diff).
    """
    brief = brief or short_brief("product_ad", 8)
    workspace = Workspace(root=root)
    profile = RenderProfile.for_aspect(
        Aspect.landscape, short_side=short_side, fps=fps, x264_preset="ultrafast"
    )
    writer, revision = OfflineWriter(), Revision()
    scenes = writer.write_scenes(brief, revision)
    script = writer.write_script(brief, scenes, revision)
    visuals = make_visuals(
        brief,
        scenes,
        script,
        revision=revision,
        profile=profile,
        workspace=workspace,
        artist=PillowSlides(),
    )
    narration = narrate(
        script, language="en", revision=revision, workspace=workspace, speaker=EspeakSpeaker()
    )
    animations = Animations(
        items=[
            SceneAnimation(
                scene_index=s.index,
                motion=STILL,
                transition_in="crossfade"
                if s.index == 2
                else (safety_entry if s.visual_kind == "safety" else "cut"),
                transition_s=0.5,
            )
            for s in scenes.scenes
        ]
    )
    inputs = Inputs(brief, scenes, script, visuals, narration, profile, workspace)
    return Rendered(inputs, animations, render(inputs, animations))


def frame_times(mp4: Path) -> list[float]:
    """Each video frame's presentation time in seconds, as ffprobe reports it."""
    out = subprocess.run(
        [
            FFPROBE or "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "frame=best_effort_timestamp_time",
            "-of",
            "json",
            str(mp4),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [float(f["best_effort_timestamp_time"]) for f in json.loads(out)["frames"]]


def grey_frames(mp4: Path, width: int, height: int) -> np.ndarray:
    """Every frame decoded to 8-bit grey, shape (frames, height, width)."""
    raw = subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(mp4),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "gray",
            "-",
        ],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(-1, height, width)


def changed_frames(frames: np.ndarray, *, level: int = 24, share: float = 0.0005) -> list[int]:
    """Frames that visibly differ from the one before (more than `share` of pixels by `level`)."""
    diff = np.abs(frames[1:].astype(np.int16) - frames[:-1].astype(np.int16)) > level
    moved = diff.reshape(len(diff), -1).mean(axis=1)
    return [k + 1 for k in np.flatnonzero(moved > share)]
