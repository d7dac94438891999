"""Stage 4: plan how each slide moves and enters, and show reviewers a small moving preview.

Motion is chosen, not generated: a short list of gentle zooms and pans, stepped scene by scene so
neighbours move in different directions. A reviewer who asks for another take of a scene moves
that scene along the list, leaving approved scenes as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image
from pydantic import BaseModel

from pipeline.errors import StageError
from pipeline.media.motion import BlendIn, KenBurns
from pipeline.outputs import Animations, Motion, SceneAnimation, Scenes, SceneVisual, Visuals
from pipeline.profile import RenderProfile
from pipeline.revision import Revision
from pipeline.workspace import Workspace, content_hash

# Neighbouring entries differ in kind and direction (in, right, out, left, ...), so stepping
# through the list one scene at a time never repeats a move back to back.
MOTIONS: tuple[Motion, ...] = (
    Motion(start=(0.5, 0.5, 1.0), end=(0.5, 0.5, 1.08)),  # zoom in
    Motion(start=(0.465, 0.5, 1.08), end=(0.535, 0.5, 1.08)),  # pan right
    Motion(start=(0.5, 0.5, 1.08), end=(0.5, 0.5, 1.0)),  # zoom out
    Motion(start=(0.535, 0.5, 1.08), end=(0.465, 0.5, 1.08)),  # pan left
    Motion(start=(0.5, 0.53, 1.01), end=(0.5, 0.47, 1.08)),  # zoom in, drifting up
    Motion(start=(0.52, 0.48, 1.08), end=(0.48, 0.52, 1.02)),  # zoom out, drifting down-left
)
# The major statement is read on a still picture entered by a cut: nothing moves or fades while
# it is said (88 FR 80958: no visual element that interferes with comprehension), and its text is
# on screen from the frame the speech starts (compliance rules major-statement-sync and
# major-statement-interference check both on the rendered timeline).
READING_MOTION = Motion(start=(0.5, 0.5, 1.0), end=(0.5, 0.5, 1.0))
READING_KINDS = frozenset({"safety"})
TAKE_STEP = 3  # a new take jumps half the list, so it looks clearly different
OPENING_FADE_S = 0.6
CROSSFADE_S = 0.5

PREVIEW_LONG_SIDE = 360
PREVIEW_FPS = 8
PREVIEW_SCENE_S = 1.5
# A long video's preview shortens each scene instead of growing: it stays small enough to show
# inline in the review dialog, and its frames (all held until the GIF is written) stay few.
PREVIEW_MAX_FRAMES = 144
PREVIEW_MIN_SCENE_FRAMES = 4
PREVIEW_FADE_S = 0.375


def motion_for(scene_index: int, visual_kind: str, take: int) -> Motion:
    """Pick a scene's motion: its place in the list, moved on by each new take (`take`)."""
    if visual_kind in READING_KINDS:
        return READING_MOTION
    return MOTIONS[(scene_index - 1 + TAKE_STEP * (take - 1)) % len(MOTIONS)]


def plan_animations(
    brief: BaseModel,
    scenes: Scenes,
    visuals: Visuals,
    *,
    revision: Revision,
    profile: RenderProfile,
    workspace: Workspace,
) -> Animations:
    """Give every scene a gentle motion, an entry transition and captions, plus a GIF preview."""
    items = [
        SceneAnimation(
            scene_index=scene.index,
            motion=motion_for(scene.index, scene.visual_kind, revision.take(scene.index)),
            transition_in=_entry(n, scene.visual_kind),
            transition_s=OPENING_FADE_S if n == 0 else CROSSFADE_S,
            caption_style="lower_third",
        )
        for n, scene in enumerate(scenes.scenes)
    ]
    stills = [_visual_for(visuals, scene.index) for scene in scenes.scenes]
    preview = write_preview(items, stills, profile=profile, workspace=workspace)
    return Animations(items=items, preview=workspace.relative(preview), version=revision.version)


def _entry(n: int, visual_kind: str) -> Literal["fade_from_black", "crossfade", "cut"]:
    """How scene number `n` (0-based) enters: a reading scene by a cut, so no fade runs into it."""
    if n == 0:
        return "fade_from_black"
    return "cut" if visual_kind in READING_KINDS else "crossfade"


def _visual_for(visuals: Visuals, index: int) -> SceneVisual:
    """Find the still for scene `index`, or raise a StageError naming the missing scene."""
    for item in visuals.items:
        if item.scene_index == index:
            return item
    raise StageError(
        "animations",
        "pillow",
        f"scene {index} has no visual",
        hint="Run the visuals stage again so every scene has a slide.",
    )


def preview_size(profile: RenderProfile) -> tuple[int, int]:
    """Size the preview like the video, with its long side at most 360 px."""
    factor = min(1.0, PREVIEW_LONG_SIDE / max(profile.width, profile.height))
    return max(2, round(profile.width * factor)), max(2, round(profile.height * factor))


def write_preview(
    items: list[SceneAnimation],
    visuals: list[SceneVisual],
    *,
    profile: RenderProfile,
    workspace: Workspace,
) -> Path:
    """Write `animations/preview-<hash8>.gif`, each scene's motion sped up to at most 1.5 s.

    Past a dozen scenes each scene gets less time (half a second at least). Scenes are joined by
    their real transitions, so reviewers judge the movement without waiting for a full render.
    The file is content-addressed and reused when nothing changed.
    """
    size = preview_size(profile)
    key = content_hash(
        "preview-3", size, [v.sha256 or v.image for v in visuals], [i.model_dump() for i in items]
    )
    path = workspace.folder("animations") / f"preview-{key[:8]}.gif"
    if path.is_file():
        return path
    frames_per_scene = max(
        PREVIEW_MIN_SCENE_FRAMES,
        min(round(PREVIEW_SCENE_S * PREVIEW_FPS), PREVIEW_MAX_FRAMES // max(1, len(items))),
    )
    frames: list[Image.Image] = []
    previous_end: Image.Image | None = None
    for item, visual in zip(items, visuals, strict=True):
        with Image.open(workspace.path(visual.image)) as opened:
            still = _shrunk(opened.convert("RGB"), size)
        motion = KenBurns(item.motion, size)
        fade = 0.0 if item.transition_in == "cut" else PREVIEW_FADE_S
        source = previous_end if item.transition_in == "crossfade" else None
        entry = BlendIn(fade, source)
        for k in range(frames_per_scene):
            frame = motion.frame(still, k / (frames_per_scene - 1))
            blended = entry.blend(frame, k / PREVIEW_FPS)
            # Kept as palette images (a third of RGB's memory): a long video's preview must not
            # grow the worker by hundreds of MB.
            frames.append(_as_palette(blended))
        previous_end = motion.frame(still, 1.0)
    partial = path.with_name(f"{path.stem}.partial.gif")
    # GIF delays are whole centiseconds: alternate 130/120 ms so the preview averages 8 fps.
    delays = [130 if n % 2 == 0 else 120 for n in range(len(frames))]
    frames[0].save(
        partial, save_all=True, append_images=frames[1:], duration=delays, loop=0, optimize=True
    )
    partial.replace(path)
    return path


def _shrunk(still: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The still reduced (box average, in C) to no less than twice the preview's size.

    The motion's crop box is relative to the still's size, so the preview moves the same; each
    frame then resamples a few hundred pixels instead of the full-size slide.
    """
    factor = max(1, min(still.width // (2 * size[0]), still.height // (2 * size[1])))
    return still.reduce(factor) if factor > 1 else still


def _as_palette(frame: Image.Image | np.ndarray) -> Image.Image:
    """One GIF frame with its own 256-colour palette (fast octree: slides are flat colours)."""
    image = frame if isinstance(frame, Image.Image) else Image.fromarray(frame)
    return image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
