"""The straightforward moviepy 2 render other tools do, for comparison.

ImageClip per slide with `CrossFadeIn` and a `resized(lambda t: ...)` slow zoom, each slide held
under the next one's crossfade, ImageClip captions (drawn by Pillow) in a CompositeVideoClip,
`write_videofile` with the audio.

The fade goes on before the zoom so the slide's mask is resized with it: the other way round the
mask keeps the slide's first size and a zooming slide shows black bars at its right and bottom.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from moviepy import AudioFileClip, CompositeVideoClip, ImageClip, concatenate_audioclips, vfx

from bench.fixture import Inputs
from pipeline.media.captions import caption_cues, render_cue
from pipeline.media.motion import KenBurns
from pipeline.outputs import Animations
from pipeline.stages.render import scene_frame_counts


def render_baseline(inputs: Inputs, animations: Animations, output: Path) -> Path:
    """Render `inputs` the plain moviepy way to `output` (H.264 + AAC, same preset and CRF).

    The slide moves along the same crop window as reelflow's (a resize by frame width / window
    width, positioned at the window's corner), so the two renders can be compared frame by frame.
    """
    profile = inputs.profile
    size = (profile.width, profile.height)
    counts = scene_frame_counts(inputs.narration, profile.fps)
    layers, start = [], 0.0
    items = [animations.for_scene(v.scene_index) for v in inputs.visuals.items]
    for n, (visual, frames) in enumerate(zip(inputs.visuals.items, counts, strict=True)):
        duration = frames / profile.fps
        animation = items[n]
        # Held (at its end state: the motion's easing stops at 1) under the next crossfade.
        following = items[n + 1] if n + 1 < len(items) else None
        held = (
            following.transition_s
            if following is not None and following.transition_in == "crossfade"
            else 0.0
        )
        motion, still = KenBurns(animation.motion, size), (visual.width, visual.height)
        span = max((frames - 1) / profile.fps, 1 / profile.fps)

        def scale(t: float, motion=motion, span=span, still=still) -> float:
            left, _, right, _ = motion.box(still, t / span)
            return size[0] / (right - left)

        def corner(t: float, motion=motion, span=span, still=still) -> tuple[float, float]:
            left, top, _, _ = motion.box(still, t / span)
            return -left * scale(t), -top * scale(t)

        slide = ImageClip(str(inputs.workspace.path(visual.image))).with_duration(duration + held)
        if animation.transition_in != "cut":
            slide = slide.with_effects([vfx.CrossFadeIn(animation.transition_s)])
        layers.append(slide.resized(scale).with_position(corner).with_start(start))
        clip = inputs.narration.clips[n]
        for cue in caption_cues(clip.words, duration):
            picture, position = render_cue(cue.text, size)
            layers.append(
                ImageClip(np.asarray(picture))
                .with_start(start + cue.start)
                .with_duration(cue.end - cue.start)
                .with_position(position)
            )
        start += duration
    audio = concatenate_audioclips(
        [AudioFileClip(str(inputs.workspace.path(c.audio))) for c in inputs.narration.clips]
    )
    video = CompositeVideoClip(layers, size=size, bg_color=(0, 0, 0)).with_duration(start)
    video = video.with_audio(audio.with_duration(start))
    video.write_videofile(
        str(output),
        fps=profile.fps,
        codec="libx264",
        audio_codec="aac",
        preset=profile.x264_preset,
        ffmpeg_params=["-crf", str(profile.crf), "-pix_fmt", "yuv420p"],
        logger=None,
    )
    return output
