"""Motion and transition effects, written the way moviepy 2 writes its `video/fx` effects.

Each effect is a small dataclass with one `apply(clip)` method, so it composes with any moviepy
clip. The render calls the same objects' PIL-level methods directly (`frame`, `blend`), which keeps
a frame's cost to one crop-and-resize in C plus a blend only while a transition runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from moviepy import Clip, Effect, VideoClip
from PIL import Image

from pipeline.outputs import Motion

Box = tuple[float, float, float, float]


def ease(progress: float, easing: str) -> float:
    """Map linear progress 0..1 to eased progress; ease_in_out starts and stops at rest."""
    p = min(1.0, max(0.0, progress))
    if easing == "ease_in_out":
        return 0.5 - 0.5 * math.cos(math.pi * p)
    return p


def crop_box(
    motion: Motion, image_size: tuple[int, int], frame_size: tuple[int, int], progress: float
) -> Box:
    """Return the frame-shaped window (left, top, right, bottom) shown at `progress`.

    Zoom 1.0 is the largest frame-shaped box that fits the image; the centre is clamped so the box
    never leaves the image (a motion asking for the impossible stops at the edge, not past it).
    Zoom is interpolated geometrically, so a zoom-in moves at an even apparent speed.
    """
    image_w, image_h = image_size
    frame_w, frame_h = frame_size
    aspect = frame_w / frame_h
    full_w, full_h = (
        (image_h * aspect, image_h) if image_w / image_h >= aspect else (image_w, image_w / aspect)
    )
    e = ease(progress, motion.easing)
    (x0, y0, z0), (x1, y1, z1) = motion.start, motion.end
    zoom = max(1.0, z0 * (z1 / z0) ** e)
    box_w, box_h = full_w / zoom, full_h / zoom
    cx = min(max((x0 + (x1 - x0) * e) * image_w, box_w / 2), image_w - box_w / 2)
    cy = min(max((y0 + (y1 - y0) * e) * image_h, box_h / 2), image_h - box_h / 2)
    return cx - box_w / 2, cy - box_h / 2, cx + box_w / 2, cy + box_h / 2


@dataclass
class KenBurns(Effect):
    """A slow zoom/pan across an oversized still: one crop box + one C resize per frame."""

    motion: Motion
    size: tuple[int, int]

    def box(self, image_size: tuple[int, int], progress: float) -> Box:
        """Return the crop window at `progress` (0 = motion start, 1 = motion end)."""
        return crop_box(self.motion, image_size, self.size, progress)

    def frame(self, still: Image.Image, progress: float) -> Image.Image:
        """Cut the window at `progress` from `still` and scale it to `size` in one C step."""
        return still.resize(
            self.size, resample=Image.Resampling.BILINEAR, box=self.box(still.size, progress)
        )

    def apply(self, clip: Clip) -> Clip:
        """Turn a still clip (e.g. `ImageClip`) into a moving clip of `size` and the same length."""
        if clip.duration is None:
            raise ValueError("Attribute 'duration' not set")
        still = Image.fromarray(np.asarray(clip.get_frame(0), dtype=np.uint8)).convert("RGB")
        duration = clip.duration
        moving = VideoClip(
            frame_function=lambda t: np.asarray(self.frame(still, t / duration)),
            duration=duration,
        )
        return moving.with_fps(clip.fps) if getattr(clip, "fps", None) else moving


@dataclass
class BlendIn(Effect):
    """Fade in over `duration` seconds from a fixed picture (the previous scene) or from black.

    Unlike moviepy's `CrossFadeIn` this needs no composite of two live clips: the previous scene's
    last frame is a still, so scenes can render independently and still crossfade at the join.
    """

    duration: float
    source: Image.Image | None = None

    def blend(self, frame: Image.Image, t: float) -> Image.Image:
        """`frame` as seen at `t`: mixed with the source until `duration`, untouched after."""
        if self.duration <= 0 or t >= self.duration:
            return frame
        source = self.source if self.source is not None else Image.new(frame.mode, frame.size)
        if source.size != frame.size or source.mode != frame.mode:
            source = source.convert(frame.mode).resize(frame.size, Image.Resampling.BILINEAR)
        return Image.blend(source, frame, ease(t / self.duration, "ease_in_out"))

    def apply(self, clip: Clip) -> Clip:
        """Apply the fade to an RGB clip."""

        def fade(get_frame: Callable[[float], np.ndarray], t: float) -> np.ndarray:
            if t >= self.duration:
                return get_frame(t)
            picture = Image.fromarray(np.asarray(get_frame(t), dtype=np.uint8))
            return np.asarray(self.blend(picture, t))

        return clip.transform(fade)
