"""One scene as a moviepy clip whose frames are computed on demand, and its H.264 segment.

A frame is the still's moving crop window (one C resize), blended with the entry transition for
its first moments, with the current caption pasted over its own small box. Frames are computed
one at a time as moviepy streams them to ffmpeg, so memory stays flat however long the scene is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from moviepy import VideoClip
from PIL import Image

from pipeline.errors import StageError
from pipeline.media.captions import CaptionOverlay, caption_cues
from pipeline.media.ffmpeg import count_video_frames
from pipeline.media.motion import BlendIn, KenBurns
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
) -> Image.Image:
    """Draw a scene's last frame (motion end state, no caption): what the next scene fades from."""
    still = load_still(visual, workspace)
    return KenBurns(animation.motion, (profile.width, profile.height)).frame(still, 1.0)


@dataclass
class SceneFrames:
    """Computes frame `t` of one scene: motion, then entry transition, then caption."""

    still: Image.Image
    motion: KenBurns
    motion_span_s: float
    transition: BlendIn | None = None
    captions: CaptionOverlay | None = None

    def image(self, t: float) -> Image.Image:
        """Draw the frame at `t` seconds into the scene, as a PIL image."""
        frame = self.motion.frame(self.still, t / self.motion_span_s)
        if self.transition is not None:
            frame = self.transition.blend(frame, t)
        if self.captions is not None:
            frame = self.captions.draw(frame, t)
        return frame

    def __call__(self, t: float) -> np.ndarray:
        """Return the frame at `t` as the HxWx3 uint8 array moviepy expects."""
        return np.asarray(self.image(t))


def build_scene_frames(
    *,
    visual: SceneVisual,
    animation: SceneAnimation,
    clip: NarrationClip,
    frames: int,
    previous: tuple[SceneVisual, SceneAnimation] | None,
    profile: RenderProfile,
    workspace: Workspace,
) -> SceneFrames:
    """Assemble the frame function for one scene from its inputs.

    The motion spans first to last frame, so the last frame is exactly the end state the next
    scene crossfades from. A transition never takes more than half the scene.
    """
    size = (profile.width, profile.height)
    duration = frames / profile.fps
    fade_s = min(animation.transition_s, duration / 2)
    transition: BlendIn | None = None
    if animation.transition_in == "crossfade" and previous is not None:
        transition = BlendIn(fade_s, end_frame(*previous, profile, workspace))
    elif animation.transition_in in ("crossfade", "fade_from_black"):
        transition = BlendIn(fade_s)
    captions = None
    if animation.caption_style != "none":
        cues = caption_cues(clip.words, duration)
        captions = CaptionOverlay(cues, size, animation.caption_style) if cues else None
    return SceneFrames(
        still=load_still(visual, workspace),
        motion=KenBurns(animation.motion, size),
        motion_span_s=max((frames - 1) / profile.fps, 1 / profile.fps),
        transition=transition,
        captions=captions,
    )


def scene_clip(frame_function: SceneFrames, frames: int, fps: int) -> VideoClip:
    """Wrap the frame function in a moviepy clip that yields exactly `frames` frames at `fps`.

    moviepy writes int(duration * fps) frames; half a frame of slack keeps float rounding from
    dropping the last one.
    """
    return VideoClip(frame_function=frame_function, duration=(frames + 0.5) / fps)


def write_segment(clip: VideoClip, path: Path, frames: int, profile: RenderProfile) -> Path:
    """Encode `clip` as a video-only H.264 MP4 at `path`, atomically, and check its frame count.

    Writing to a temporary name first means a crash never leaves a half-file that the cache
    would later mistake for a finished segment.
    """
    partial = path.with_name(f"{path.stem}.partial.mp4")
    try:
        clip.write_videofile(
            str(partial),
            fps=profile.fps,
            codec="libx264",
            audio=False,
            preset=profile.x264_preset,
            ffmpeg_params=["-crf", str(profile.crf), "-pix_fmt", "yuv420p"],
            logger=None,
        )
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StageError("render", "moviepy", f"encoding {path.name} failed: {exc}") from exc
    written = count_video_frames(partial)
    if written != frames:
        partial.unlink(missing_ok=True)
        raise StageError(
            "render", "moviepy", f"{path.name} has {written} frames, expected {frames}"
        )
    partial.replace(path)
    return path
