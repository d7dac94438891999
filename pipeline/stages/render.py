"""Stage 6: render each scene to its own H.264 segment, then join them with the narration.

Each scene renders into two content-addressed files: a short entry segment (the transition that
fades from the previous scene's end frame) and a body segment (the rest), so changing one slide
re-encodes that scene and only the next scene's entry; the join copies the video streams (no
second encode) and encodes the narration once.
Scene lengths come from the narration, rounded to frames cumulatively so the video is never more
than half a frame off the speech however many scenes there are.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from pipeline.errors import StageError
from pipeline.manifest import manifest
from pipeline.media.captions import Cue, caption_cues, shift_cues, write_srt
from pipeline.media.encoders import ENCODERS, scene_key
from pipeline.media.ffmpeg import (
    concat_copy,
    count_video_frames,
    encode_aac,
    extract_frame_png,
    mux,
)
from pipeline.media.scene_clip import build_scene_frames, entry_frames, write_segment
from pipeline.media.soundtrack import join_wavs
from pipeline.outputs import (
    Animations,
    Narration,
    NarrationClip,
    RenderedScene,
    SceneAnimation,
    Scenes,
    SceneVisual,
    Script,
    Video,
    Visuals,
)
from pipeline.profile import RenderProfile
from pipeline.workspace import Workspace, content_hash, file_hash, slug

T = TypeVar("T")
RENDER_FORMAT = 4  # bump when frame drawing changes, so cached segments are redrawn
POSTER_AT_S = 1.0
POST_CAPTION_FILE = "post-caption.txt"  # a social post's caption, beside the video in final/


def scene_frame_counts(narration: Narration, fps: int) -> list[int]:
    """Frames per scene: boundary i sits at round(narration up to scene i x fps).

    Rounding each boundary (not each length) keeps the total at round(total x fps), so rounding
    errors never accumulate into drift between captions, pictures and speech.
    """
    counts: list[int] = []
    elapsed = 0.0
    boundary = 0
    for clip in narration.clips:
        elapsed += clip.duration_s
        next_boundary = max(round(elapsed * fps), boundary + 1)
        counts.append(next_boundary - boundary)
        boundary = next_boundary
    return counts


class SceneRenderInput(BaseModel):
    """Everything one scene's pixels depend on, planned before any scene renders."""

    model_config = ConfigDict(frozen=True)

    scene_index: int
    visual: SceneVisual
    animation: SceneAnimation
    clip: NarrationClip
    frames: int
    previous: tuple[SceneVisual, SceneAnimation] | None = None
    language: str = "en"  # the brief's: the captions' fonts, direction and phrase length


def plan_render(
    scenes: Scenes,
    visuals: Visuals,
    animations: Animations,
    narration: Narration,
    fps: int,
    language: str = "en",
) -> list[SceneRenderInput]:
    """Each scene's inputs, in order.

    A scene's frame count comes from the narration, and it carries the scene before it: a
    crossfade starts from that scene's end frame.
    """
    frames = scene_frame_counts(narration, fps)
    plan: list[SceneRenderInput] = []
    previous: tuple[SceneVisual, SceneAnimation] | None = None
    for scene, count in zip(scenes.scenes, frames, strict=True):
        visual, animation = visuals.for_scene(scene.index), animations.for_scene(scene.index)
        plan.append(
            SceneRenderInput(
                scene_index=scene.index,
                visual=visual,
                animation=animation,
                clip=narration.for_scene(scene.index),
                frames=count,
                previous=previous,
                language=language,
            )
        )
        previous = (visual, animation)
    return plan


def segment_key(
    part: str, scene: SceneRenderInput, profile: RenderProfile, workspace: Workspace
) -> str:
    """Hash of everything one segment's pixels depend on (the audio itself is not in it).

    Only the `entry` part shows the previous scene (it fades from its end frame); the `body`
    does not, so its key leaves `previous` out and survives a change to the scene before.
    """

    def picture(item: SceneVisual) -> str:
        return item.sha256 or file_hash(workspace.path(item.image))

    previous = scene.previous
    before = [picture(previous[0]), previous[1].model_dump()] if previous else None
    return content_hash(
        RENDER_FORMAT,
        part,
        scene.scene_index,
        [picture(scene.visual), scene.visual.width, scene.visual.height],
        scene.animation,
        [scene.clip.duration_s, [w.model_dump() for w in scene.clip.words]],
        scene.frames,
        before if part == "entry" else None,
        profile,
        scene.language,
    )


def render_scene(
    scene: SceneRenderInput, *, profile: RenderProfile, workspace: Workspace
) -> RenderedScene:
    """Encode one scene as an entry segment and a body segment, or reuse identical ones on disk.

    Both are encoded with the same x264 settings and start on a keyframe, so the join can copy
    them back to back without re-encoding.
    """
    index, frames = scene.scene_index, scene.frames
    entry = entry_frames(scene.animation, frames, profile.fps)
    parts = [("entry", 0, entry), ("body", entry, frames - entry)]
    folder = workspace.folder("render", "scenes")
    paths: list[Path] = []
    todo: list[tuple[str, int, int, Path]] = []
    for part, first, count in parts:
        if count <= 0:
            continue
        key = segment_key(part, scene, profile, workspace)
        path = folder / f"scene-{index:02d}-{part}-{key[:8]}.mp4"
        if not (path.is_file() and _has_frames(path, count)):
            todo.append((part, first, count, path))
        paths.append(path)
    key = scene_key(workspace.root, index)
    if not todo:
        ENCODERS.arrive(key)
    else:
        with ENCODERS.scene(key):
            drawn = build_scene_frames(
                visual=scene.visual,
                animation=scene.animation,
                clip=scene.clip,
                frames=frames,
                previous=scene.previous,
                profile=profile,
                workspace=workspace,
                with_entry=todo[0][0] == "entry",
                language=scene.language,
            )
            for _, first, count, path in todo:
                write_segment(drawn, path, count, profile, first=first, threads=ENCODERS.threads())
    return RenderedScene(
        scene_index=index,
        video=workspace.relative(paths[-1]),
        frames=frames,
        duration_s=frames / profile.fps,
        segments=[workspace.relative(path) for path in paths],
    )


class Pending(Protocol[T]):
    """A started piece of work (a Prefect or concurrent future)."""

    def result(self) -> T:
        """Wait for it and return its result."""
        ...

    def add_done_callback(self, fn: Callable[[Any], object]) -> None:
        """Call `fn` when it is done."""
        ...


def render_scenes(
    scenes: list[SceneRenderInput],
    start: Callable[[SceneRenderInput], Pending[RenderedScene]],
    *,
    workspace: Workspace,
    ready: Callable[[int, int], None] | None = None,
) -> list[RenderedScene]:
    """Start every scene with `start` on this process's threads, and wait for them in order.

    The whole encoder-budget protocol lives here and in `render_scene`: the scenes are submitted
    together but start one by one, so they are announced first (`expecting`), or the first to
    start would see itself alone and take every core. A scene stops being expected when it
    starts encoding (`render_scene`) or, if it never starts (Prefect found it in its cache),
    when its future is done.
    """
    keys = [scene_key(workspace.root, scene.scene_index) for scene in scenes]
    with ENCODERS.expecting(keys):
        pending = []
        for scene, key in zip(scenes, keys, strict=True):
            started = start(scene)
            started.add_done_callback(lambda _, key=key: ENCODERS.arrive(key))
            pending.append(started)
        return results_in_order(pending, ready)


def results_in_order(
    pending: list[Pending[T]], ready: Callable[[int, int], None] | None = None
) -> list[T]:
    """Each scene's result in scene order; `ready(done, total)` after each one."""
    results = []
    for done, started in enumerate(pending, start=1):
        results.append(started.result())
        if ready is not None:
            ready(done, len(pending))
    return results


def _has_frames(path: Path, frames: int) -> bool:
    """Whether a cached segment is complete (a damaged file is rendered again, not trusted)."""
    try:
        return count_video_frames(path) == frames
    except StageError:
        return False


def narration_track(
    clips: list[NarrationClip], frames: int, profile: RenderProfile, workspace: Workspace
) -> Path:
    """The scenes' speech joined to the video's exact length and encoded to AAC, once.

    It depends on the audio alone, so the render task encodes it while the scenes render, and a
    new take of a slide reuses it. The file is content-addressed and written atomically.
    """
    duration = frames / profile.fps
    key = content_hash(
        "narration-1",
        [clip.sha256 or file_hash(workspace.path(clip.audio)) for clip in clips],
        [clip.duration_s for clip in clips],
        duration,
    )
    path = workspace.folder("render") / f"narration-{key[:8]}.m4a"
    if path.is_file():
        return path
    with tempfile.TemporaryDirectory(dir=workspace.folder("render")) as scratch:
        work = Path(scratch)
        track = join_wavs(
            [workspace.path(clip.audio) for clip in clips], work / "track.wav", duration
        )
        encode_aac(track, work / "narration.m4a").replace(path)
    return path


def assemble(
    brief: BaseModel,
    scenes: Scenes,
    script: Script,
    narration: Narration,
    rendered: list[RenderedScene],
    *,
    profile: RenderProfile,
    workspace: Workspace,
    stage_versions: dict[str, int],
    providers: dict[str, str],
) -> Video:
    """Join the segments and the narration into the final MP4, with SRT, poster and manifest."""
    if not rendered:
        raise StageError(
            "render",
            "ffmpeg",
            "no rendered scenes to assemble",
            hint="Render the scenes before assembling the video.",
        )
    rendered = sorted(rendered, key=lambda item: item.scene_index)
    clips = [narration.for_scene(item.scene_index) for item in rendered]
    total_frames = sum(item.frames for item in rendered)
    duration = total_frames / profile.fps
    final = workspace.folder("final")
    name = slug(str(getattr(brief, "title", "video")))
    mp4, srt = final / f"{name}.mp4", final / f"{name}.srt"
    poster, record = final / f"{name}-poster.png", final / f"{name}-manifest.json"

    audio = narration_track(clips, total_frames, profile, workspace)
    files = {"mp4": mp4, "srt": srt, "poster": poster, "manifest": record}
    if script.post_caption:  # the text the platform shows beside a social post
        files["post_caption"] = final / POST_CAPTION_FILE
    with tempfile.TemporaryDirectory(dir=workspace.folder("render")) as scratch:
        # Everything is made in scratch and moved into final/ at the end (intermediates in their
        # own folder, so no title can name a final file after one): a full disk or a crash
        # never leaves a half-written file where a finished one belongs.
        work, made = Path(scratch) / "work", Path(scratch) / "made"
        work.mkdir()
        made.mkdir()
        video_only = concat_copy(
            [workspace.path(name) for item in rendered for name in item.files], work / "video.mp4"
        )
        muxed = mux(video_only, audio, made / mp4.name)
        language = str(getattr(brief, "language", "en"))
        write_srt(video_cues(rendered, clips, profile.fps, language), made / srt.name, language)
        extract_frame_png(muxed, min(POSTER_AT_S, duration / 2), made / poster.name)
        document = manifest(
            brief,
            scenes,
            script,
            narration,
            rendered,
            profile=profile,
            workspace=workspace,
            stage_versions=stage_versions,
            providers=providers,
            files={key: path.name for key, path in files.items()},
        )
        (made / record.name).write_text(json.dumps(document, indent=2), encoding="utf-8")
        if script.post_caption:
            (made / POST_CAPTION_FILE).write_text(script.post_caption + "\n", encoding="utf-8")
        for path in (*(p for p in files.values() if p != mp4), mp4):  # the MP4 last: "delivered"
            (made / path.name).replace(path)
    return Video(
        mp4=workspace.relative(mp4),
        srt=workspace.relative(srt),
        poster=workspace.relative(poster),
        manifest=workspace.relative(record),
        duration_s=duration,
        width=profile.width,
        height=profile.height,
        fps=profile.fps,
        scenes=rendered,
        version=stage_versions.get("render", 1),
        post_caption=workspace.relative(files["post_caption"]) if "post_caption" in files else None,
    )


def video_cues(
    rendered: list[RenderedScene], clips: list[NarrationClip], fps: int, language: str = "en"
) -> list[Cue]:
    """Every scene's caption cues in video time (scene start on the frame grid + cue time)."""
    cues: list[Cue] = []
    start_frame = 0
    for item, clip in zip(rendered, clips, strict=True):
        scene_cues = caption_cues(clip.words, item.frames / fps, language=language)
        cues.extend(shift_cues(scene_cues, start_frame / fps))
        start_frame += item.frames
    return cues
