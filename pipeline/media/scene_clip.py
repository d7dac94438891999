"""One scene's frames, drawn straight in the encoder's YUV planes and streamed to x264.

A frame is the still's moving crop window (three SIMD resizes of planes converted and padded once
per scene), blended with the entry transition for its first moments, with the current caption
laid over its own small box. Frames are drawn one at a time as ffmpeg reads them from a pipe, so
memory stays flat however long the scene is, and no pixel is converted or copied by moviepy on
the way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.errors import StageError
from pipeline.media.captions import Cue, Placement, caption_cues, render_cue
from pipeline.media.ffmpeg import count_video_frames, encode_yuv_frames
from pipeline.media.motion import KenBurns, ease
from pipeline.media.yuv import MovingPicture, YuvOverlay, YuvPicture
from pipeline.outputs import NarrationClip, SceneAnimation, SceneVisual
from pipeline.profile import RenderProfile
from pipeline.workspace import Workspace


def load_still(visual: SceneVisual, workspace: Workspace) -> Image.Image:
    """Decode the scene's still as RGB (once per scene, never per frame)."""
    path = workspace.path(visual.image)
    if not path.is_file():
        raise StageError(
            "render",
            "pillow",
            f"scene {visual.scene_index} image {visual.image!r} is missing",
            hint="Run the visuals stage again to redraw it.",
        )
    with Image.open(path) as image:
        return image.convert("RGB")


def end_frame(
    visual: SceneVisual, animation: SceneAnimation, profile: RenderProfile, workspace: Workspace
) -> YuvPicture:
    """Draw a scene's last frame (motion end state, no caption): what the next scene fades from."""
    still = YuvPicture.from_rgb(load_still(visual, workspace))
    motion = KenBurns(animation.motion, (profile.width, profile.height))
    return still.window(motion.size, motion.box(still.size, 1.0))


@dataclass
class TimedCaptions:
    """Caption cues as overlays, each converted to YUV when it first shows.

    Frames are drawn in time order, so only the cue on screen is kept: an overlay's float
    weights are a few MB at 1080p, too many to hold for every cue of every scene in flight.
    """

    cues: list[Cue]
    size: tuple[int, int]
    placement: Placement
    language: str = "en"
    _current: tuple[int, YuvOverlay] | None = field(default=None, repr=False)

    def at(self, t: float) -> YuvOverlay | None:
        """The overlay on screen at `t` seconds into the scene, if any."""
        for i, cue in enumerate(self.cues):
            if cue.start <= t < cue.end:
                if self._current is None or self._current[0] != i:
                    picture, position = render_cue(
                        cue.text, self.size, self.placement, self.language
                    )
                    self._current = (i, YuvOverlay.from_rgba(picture, position))
                return self._current[1]
        return None


@dataclass
class SceneFrames:
    """Draws frame `t` of one scene: motion, then entry transition, then caption."""

    still: MovingPicture
    motion: KenBurns
    motion_span_s: float
    fade_s: float = 0.0
    fade_from: YuvPicture | None = None
    captions: TimedCaptions | None = None

    def picture(self, t: float) -> YuvPicture:
        """The frame at `t` seconds into the scene, as YUV planes."""
        frame = self.still.window(
            self.motion.size, self.motion.box(self.still.size, t / self.motion_span_s)
        )
        if self.fade_s > 0 and t < self.fade_s:
            source = self.fade_from or YuvPicture.filled(frame.size)
            frame = frame.blended_over(source, ease(t / self.fade_s, "ease_in_out"))
        overlay = self.captions.at(t) if self.captions is not None else None
        return overlay.draw_on(frame) if overlay is not None else frame

    def __call__(self, t: float) -> np.ndarray:
        """The frame at `t` as the HxWx3 RGB array a moviepy `VideoClip` expects."""
        return np.asarray(self.picture(t).to_rgb())


def build_scene_frames(
    *,
    visual: SceneVisual,
    animation: SceneAnimation,
    clip: NarrationClip,
    frames: int,
    previous: tuple[SceneVisual, SceneAnimation] | None,
    profile: RenderProfile,
    workspace: Workspace,
    with_entry: bool = True,
    language: str = "en",
) -> SceneFrames:
    """Assemble the frame function for one scene from its inputs.

    The motion spans first to last frame, so the last frame is exactly the end state the next
    scene crossfades from. A transition never takes more than half the scene. Without
    `with_entry` (only the body is to be drawn) the previous scene's end frame is not drawn.
    """
    size = (profile.width, profile.height)
    duration = frames / profile.fps
    fade_s, fade_from = 0.0, None
    if animation.transition_in in ("crossfade", "fade_from_black"):
        fade_s = min(animation.transition_s, duration / 2)
        if animation.transition_in == "crossfade" and previous is not None and with_entry:
            fade_from = end_frame(*previous, profile, workspace)
    captions = None
    if animation.caption_style != "none":
        cues = caption_cues(clip.words, duration, language=language)
        captions = TimedCaptions(cues, size, animation.caption_style, language) if cues else None
    return SceneFrames(
        still=MovingPicture.of(YuvPicture.from_rgb(load_still(visual, workspace))),
        motion=KenBurns(animation.motion, size),
        motion_span_s=max((frames - 1) / profile.fps, 1 / profile.fps),
        fade_s=fade_s,
        fade_from=fade_from,
        captions=captions,
    )


def entry_frames(animation: SceneAnimation, frames: int, fps: int) -> int:
    """Frames of a scene's entry transition (those drawn while `t < fade_s`), 0 for a cut.

    These frames depend on the previous scene's end frame, so they go in their own short segment:
    a change to one scene then re-encodes only the next scene's entry, never its body.
    """
    if animation.transition_in not in ("crossfade", "fade_from_black"):
        return 0
    fade_s = min(animation.transition_s, frames / fps / 2)
    return min(frames, math.ceil(fade_s * fps - 1e-9))


def write_segment(
    scene: SceneFrames,
    path: Path,
    frames: int,
    profile: RenderProfile,
    *,
    first: int = 0,
    threads: int = 0,
) -> Path:
    """Encode `frames` frames of `scene` from frame `first` as a video-only H.264 MP4, atomically.

    Writing to a temporary name first means a crash never leaves a half-file that the cache
    would later mistake for a finished segment. `threads` 0 lets x264 choose.
    """
    partial = path.with_name(f"{path.stem}.partial.mp4")
    try:
        encode_yuv_frames(
            (scene.picture(k / profile.fps).planes() for k in range(first, first + frames)),
            partial,
            size=(profile.width, profile.height),
            fps=profile.fps,
            preset=profile.x264_preset,
            crf=profile.crf,
            threads=threads,
        )
        written = count_video_frames(partial)
        if written != frames:
            raise StageError(
                "render", "ffmpeg", f"{path.name} has {written} frames, expected {frames}"
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return path
