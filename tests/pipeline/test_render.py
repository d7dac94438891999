"""Render stage: frame counts, motion boxes, captions, per-scene cache and the finished MP4."""

from __future__ import annotations

import json
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.briefs import Aspect, Brand
from pipeline.media.ffmpeg import ffmpeg_exe
from pipeline.outputs import (
    Motion,
    Narration,
    NarrationClip,
    Scene,
    SceneAnimation,
    Scenes,
    SceneVisual,
    Script,
    ScriptLine,
)
from pipeline.profile import RenderProfile
from pipeline.stages.render import (
    SceneRenderInput,
    assemble,
    narration_track,
    render_scene,
    scene_frame_counts,
)
from pipeline.video_types import MoaBrief
from pipeline.workspace import Workspace, file_hash
from tests.support.probe import frame_at as probe_frame_at
from tests.support.words import spread_words

PROFILE = RenderProfile.for_aspect(Aspect.landscape, short_side=144, fps=12)
PROFILE_SIZE = (PROFILE.width, PROFILE.height)
BRIEF = MoaBrief(brand=Brand(name="Acme"), drug_name="Zolvex", condition="asthma")
LINES = [
    "Zolvex opens the airways, so breathing gets easier.",
    "It blocks the signal that tightens muscles.",
    "Ask your doctor today!",
]
DURATIONS = [1.55, 1.3, 1.2]
COLOURS = [(200, 40, 40), (30, 120, 200), (40, 160, 80)]

needs_ffprobe = pytest.mark.skipif(
    shutil.which("ffprobe") is None,
    reason="ffprobe is not installed (apt-get install -y ffmpeg); it checks the rendered files",
)


def make_still(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle((w * 0.1, h * 0.15, w * 0.55, h * 0.5), fill=(250, 250, 250))
    draw.ellipse((w * 0.6, h * 0.2, w * 0.9, h * 0.75), fill=(20, 20, 20))
    draw.line((0, h - 1, w - 1, 0), fill=(255, 220, 0), width=3)
    image.save(path)


def make_wav(path: Path, seconds: float, rate: int = 16_000, channels: int = 1) -> None:
    t = np.arange(round(seconds * rate)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2")
    samples = np.repeat(tone[:, None], channels, axis=1)
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())


def add_visual(workspace: Workspace, index: int, colour: tuple[int, int, int]) -> SceneVisual:
    path = workspace.folder("visuals") / f"scene-{index:02d}-{'-'.join(map(str, colour))}.png"
    make_still(path, PROFILE.still_size, colour)
    return SceneVisual(
        scene_index=index,
        image=workspace.relative(path),
        width=PROFILE.still_size[0],
        height=PROFILE.still_size[1],
        sha256=file_hash(path),
    )


def add_clip(
    workspace: Workspace, index: int, rate: int = 16_000, channels: int = 1
) -> NarrationClip:
    path = workspace.folder("narration") / f"scene-{index:02d}.wav"
    make_wav(path, DURATIONS[index - 1], rate, channels)
    return NarrationClip(
        scene_index=index,
        audio=workspace.relative(path),
        duration_s=DURATIONS[index - 1],
        words=spread_words(LINES[index - 1], DURATIONS[index - 1]),
    )


def animation_for(index: int) -> SceneAnimation:
    return SceneAnimation(
        scene_index=index,
        motion=Motion(start=(0.5, 0.5, 1.0), end=(0.5, 0.5, 1.08))
        if index % 2
        else Motion(start=(0.465, 0.5, 1.08), end=(0.535, 0.5, 1.08)),
        transition_in="fade_from_black" if index == 1 else "crossfade",
    )


def render_all(workspace: Workspace, visuals: list[SceneVisual], narration: Narration):
    counts = scene_frame_counts(narration, PROFILE.fps)
    rendered = []
    for n, (visual, clip, frames) in enumerate(zip(visuals, narration.clips, counts, strict=True)):
        previous = (visuals[n - 1], animation_for(n)) if n else None
        scene = SceneRenderInput(
            scene_index=visual.scene_index,
            visual=visual,
            animation=animation_for(visual.scene_index),
            clip=clip,
            frames=frames,
            previous=previous,
        )
        rendered.append(render_scene(scene, profile=PROFILE, workspace=workspace))
    return rendered


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Three scenes rendered and assembled once; scene 2's WAV has another rate and layout."""
    workspace = Workspace(root=tmp_path_factory.mktemp("video"))
    visuals = [add_visual(workspace, i, COLOURS[i - 1]) for i in (1, 2, 3)]
    clips = [add_clip(workspace, 1), add_clip(workspace, 2, 22_050, 2), add_clip(workspace, 3)]
    narration = Narration(clips=clips, provider="fake", voice="tone")
    scenes = Scenes(
        scenes=[
            Scene(
                index=i,
                title=f"Scene {i}",
                purpose="test",
                visual_kind="bullets",
                duration_hint_s=DURATIONS[i - 1],
            )
            for i in (1, 2, 3)
        ]
    )
    script = Script(lines=[ScriptLine(scene_index=i, narration=LINES[i - 1]) for i in (1, 2, 3)])
    rendered = render_all(workspace, visuals, narration)
    video = assemble(
        BRIEF,
        scenes,
        script,
        narration,
        rendered,
        profile=PROFILE,
        workspace=workspace,
        stage_versions={"scenes": 1, "script": 2, "render": 1},
        providers={"speech": "fake"},
    )
    return workspace, narration, video


def ffprobe(path: Path) -> dict:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-show_streams",
            "-show_format",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def frame_at(path: Path, seconds: float) -> np.ndarray:
    return probe_frame_at(path, seconds, PROFILE.width, PROFILE.height)


# --- pure logic --------------------------------------------------------------------------------


@needs_ffprobe
def test_final_mp4_is_h264_aac_at_the_narration_length(made):
    workspace, narration, video = made
    probe = ffprobe(workspace.path(video.mp4))
    streams = {s["codec_type"]: s for s in probe["streams"]}
    v, a = streams["video"], streams["audio"]
    assert v["codec_name"] == "h264" and a["codec_name"] == "aac"
    assert (v["width"], v["height"], v["pix_fmt"]) == (256, 144, "yuv420p")
    frames = int(v["nb_read_frames"])
    assert frames == sum(s.frames for s in video.scenes) == round(narration.total_s * 12)
    assert abs(frames / 12 - narration.total_s) <= 0.2
    assert abs(float(v["duration"]) - float(a["duration"])) <= 0.1
    assert video.duration_s == pytest.approx(frames / 12)


@needs_ffprobe
def test_segments_are_video_only_with_exact_frames(made):
    workspace, _, video = made
    for scene in video.scenes:
        assert [Path(name).name.split("-")[2] for name in scene.segments] == ["entry", "body"]
        counts = []
        for name in scene.segments:
            probe = ffprobe(workspace.path(name))
            assert [s["codec_type"] for s in probe["streams"]] == ["video"]
            counts.append(int(probe["streams"][0]["nb_read_frames"]))
        assert sum(counts) == scene.frames
        assert counts[0] == round(animation_for(scene.scene_index).transition_s * 12)


@needs_ffprobe
def test_joined_segments_decode_cleanly_and_start_on_keyframes(made):
    workspace, _, video = made
    for scene in video.scenes:
        for name in scene.segments:
            first = subprocess.run(
                ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_frames"]
                + ["-read_intervals", "%+#1", "-show_entries", "frame=key_frame,pict_type"]
                + ["-of", "csv=p=0", str(workspace.path(name))],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[0]
            assert first.startswith("1,I")  # concat copy needs every segment to open on one
    decoded = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(workspace.path(video.mp4)), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert decoded.stderr == ""


def test_frames_show_the_slides_with_captions(made):
    workspace, _, video = made
    mp4 = workspace.path(video.mp4)
    assert frame_at(mp4, 0.02).mean() < 60  # opens from black
    for seconds in (0.9, 2.4, 3.7):
        frame = frame_at(mp4, seconds)
        assert frame.std() > 20
    caption_band = frame_at(mp4, 0.9)[int(144 * 0.75) : int(144 * 0.95), 60:196]
    assert (caption_band.min(axis=2) > 200).any()  # white caption text over the slide
    middle_of_scene_2 = frame_at(mp4, 2.3)
    assert middle_of_scene_2[10:40, 10:40, 2].mean() > middle_of_scene_2[10:40, 10:40, 0].mean()


def test_srt_is_ordered_and_inside_the_video(made):
    workspace, _, video = made
    blocks = workspace.path(video.srt).read_text().strip().split("\n\n")

    def seconds(stamp: str) -> float:
        hms, ms = stamp.split(",")
        h, m, s = map(int, hms.split(":"))
        return h * 3600 + m * 60 + s + int(ms) / 1000

    times = []
    for n, block in enumerate(blocks, start=1):
        number, span, *text = block.split("\n")
        assert int(number) == n and text
        start, end = (seconds(part) for part in span.split(" --> "))
        times.append((start, end))
    assert times == sorted(times)
    assert all(0 <= s < e <= video.duration_s + 0.001 for s, e in times)
    assert any(abs(s - (round(1.55 * 12) / 12 + 0.1)) < 0.01 for s, _ in times)  # scene 2 start


def test_poster_and_manifest(made):
    workspace, narration, video = made
    with Image.open(workspace.path(video.poster)) as poster:
        assert poster.size == (256, 144)
    manifest = json.loads(workspace.path(video.manifest).read_text())
    assert manifest["brief"]["drug_name"] == "Zolvex"
    assert manifest["stage_versions"]["script"] == 2 and manifest["providers"] == {"speech": "fake"}
    assert [s["frames"] for s in manifest["scenes"]] == [s.frames for s in video.scenes]
    assert manifest["duration_s"] == pytest.approx(video.duration_s, abs=0.001)
    assert manifest["profile"]["width"] == 256 and manifest["files"]["mp4"].endswith(".mp4")
    assert manifest["created_at"] and manifest["narration"]["total_s"] == pytest.approx(
        narration.total_s, abs=0.001
    )
    assert video.mp4.startswith("final/") and not Path(video.mp4).is_absolute()


# --- the per-scene cache -------------------------------------------------------------------------


def test_scene_cache_reuses_unchanged_segments(tmp_path):
    workspace = Workspace(root=tmp_path)
    visuals = [add_visual(workspace, i, COLOURS[i - 1]) for i in (1, 2, 3)]
    clips = [add_clip(workspace, i) for i in (1, 2, 3)]
    narration = Narration(clips=clips, provider="f", voice="v")
    first = render_all(workspace, visuals, narration)
    stamps = [workspace.path(r.video).stat().st_mtime_ns for r in first]

    again = render_all(workspace, visuals, narration)
    assert [r.video for r in again] == [r.video for r in first]
    assert [workspace.path(r.video).stat().st_mtime_ns for r in again] == stamps

    visuals[1] = add_visual(workspace, 2, (230, 200, 40))
    changed = render_all(workspace, visuals, narration)
    assert changed[0].segments == first[0].segments
    assert workspace.path(changed[0].video).stat().st_mtime_ns == stamps[0]
    assert not set(changed[1].segments) & set(first[1].segments)  # scene 2: entry and body
    # scene 3 crossfades in from scene 2's last frame: only its short entry segment changes
    (entry_before, body_before), (entry_after, body_after) = first[2].segments, changed[2].segments
    assert entry_after != entry_before
    assert body_after == body_before
    assert workspace.path(body_after).stat().st_mtime_ns == stamps[2]

    visuals[2] = add_visual(workspace, 3, (90, 30, 140))
    last = render_all(workspace, visuals, narration)
    assert [r.segments for r in last[:2]] == [r.segments for r in changed[:2]]
    assert not set(last[2].segments) & set(changed[2].segments)


def test_damaged_cached_segment_is_rendered_again(tmp_path):
    workspace = Workspace(root=tmp_path)
    visuals = [add_visual(workspace, 1, COLOURS[0])]
    narration = Narration(clips=[add_clip(workspace, 1)], provider="f", voice="v")
    (scene,) = render_all(workspace, visuals, narration)
    workspace.path(scene.video).write_bytes(b"not a video")
    (again,) = render_all(workspace, visuals, narration)
    assert again.video == scene.video and workspace.path(again.video).stat().st_size > 1000


def test_narration_is_encoded_once_and_again_only_when_the_speech_changes(tmp_path):
    workspace = Workspace(root=tmp_path)
    clips = [add_clip(workspace, i) for i in (1, 2)]
    frames = sum(scene_frame_counts(Narration(clips=clips, provider="f", voice="v"), PROFILE.fps))
    first = narration_track(clips, frames, PROFILE, workspace)
    stamp = first.stat().st_mtime_ns
    assert narration_track(clips, frames, PROFILE, workspace) == first
    assert first.stat().st_mtime_ns == stamp  # a new slide take reuses the encoded speech
    make_wav(workspace.path(clips[1].audio), DURATIONS[1] + 0.5)
    retaken = clips[0], clips[1].model_copy(update={"sha256": "", "duration_s": DURATIONS[1] + 0.5})
    changed = narration_track(list(retaken), frames + 15, PROFILE, workspace)
    assert changed != first and changed.is_file()
    assert not list(workspace.folder("render").glob("*.partial*"))
