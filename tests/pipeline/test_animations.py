"""Animations stage: the motion plan, retakes of one scene, and the reviewer's GIF preview."""

from __future__ import annotations

import numpy as np
import pytest
from moviepy import ImageClip
from PIL import Image, ImageDraw, ImageSequence

from pipeline.briefs import Aspect, Brand
from pipeline.errors import StageError
from pipeline.media.motion import BlendIn, KenBurns, crop_box
from pipeline.outputs import Scene, Scenes, SceneVisual, Visuals
from pipeline.profile import RenderProfile
from pipeline.revision import Revision
from pipeline.stages.animations import MOTIONS, plan_animations
from pipeline.video_types import MoaBrief
from pipeline.workspace import Workspace, file_hash

PROFILE = RenderProfile.for_aspect(Aspect.landscape, short_side=360, fps=12)
BRIEF = MoaBrief(brand=Brand(name="Acme"), drug_name="Zolvex", condition="asthma")
KINDS = ["title", "bullets", "mechanism", "stat", "cta"]


def make_inputs(workspace: Workspace, count: int = 5) -> tuple[Scenes, Visuals]:
    scenes, visuals = [], []
    for i in range(1, count + 1):
        path = workspace.folder("visuals") / f"scene-{i:02d}.png"
        image = Image.new("RGB", PROFILE.still_size, (40 * i % 255, 90, 200 - 30 * i))
        draw = ImageDraw.Draw(image)
        w, h = image.size
        draw.rectangle((w * 0.1, h * 0.2, w * 0.5, h * 0.45), fill=(250, 250, 250))
        draw.ellipse((w * 0.6, h * 0.3, w * 0.85, h * 0.8), fill=(20, 20, 20))
        image.save(path)
        scenes.append(
            Scene(
                index=i,
                title=f"Scene {i}",
                purpose="test",
                visual_kind=KINDS[(i - 1) % len(KINDS)],
                duration_hint_s=4,
            )
        )
        visuals.append(
            SceneVisual(
                scene_index=i,
                image=workspace.relative(path),
                width=w,
                height=h,
                sha256=file_hash(path),
            )
        )
    return Scenes(scenes=scenes), Visuals(items=visuals)


@pytest.fixture
def planned(tmp_path):
    workspace = Workspace(root=tmp_path)
    scenes, visuals = make_inputs(workspace)
    animations = plan_animations(
        BRIEF, scenes, visuals, revision=Revision(), profile=PROFILE, workspace=workspace
    )
    return workspace, scenes, visuals, animations


def test_every_scene_gets_a_gentle_motion_and_an_entry(planned):
    _, scenes, _, animations = planned
    items = animations.items
    assert [a.scene_index for a in items] == [s.index for s in scenes.scenes]
    assert items[0].transition_in == "fade_from_black"
    assert all(a.transition_in == "crossfade" for a in items[1:])
    assert all(a.caption_style == "lower_third" for a in items)
    for a in items:
        zooms = (a.motion.start[2], a.motion.end[2])
        assert all(1.0 <= z <= 1.08 for z in zooms) and a.motion.start != a.motion.end
        for progress in (0.0, 0.5, 1.0):  # the window never needs clamping: the motion is real
            box = crop_box(a.motion, PROFILE.still_size, (PROFILE.width, PROFILE.height), progress)
            assert box[0] >= 0 and box[1] >= 0
            assert box[2] <= PROFILE.still_size[0] and box[3] <= PROFILE.still_size[1]
    motions = [a.motion for a in items]
    assert all(a != b for a, b in zip(motions, motions[1:], strict=False))


def test_a_retake_of_one_scene_changes_only_its_motion(planned, tmp_path):
    workspace, scenes, visuals, first = planned
    revision = Revision().next("scene 2: more movement please")
    second = plan_animations(
        BRIEF, scenes, visuals, revision=revision, profile=PROFILE, workspace=workspace
    )
    assert second.version == 2
    assert second.for_scene(2).motion != first.for_scene(2).motion
    for index in (1, 3, 4, 5):
        assert second.for_scene(index) == first.for_scene(index)
    assert second.preview != first.preview


def test_preview_gif_is_small_and_moves(planned):
    workspace, scenes, _, animations = planned
    assert animations.preview and animations.preview.startswith("animations/preview-")
    path = workspace.path(animations.preview)
    assert path.stat().st_size < 2_000_000
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.width <= 360
        assert gif.info.get("loop") == 0
        frames, delays = [], []
        for frame in ImageSequence.Iterator(gif):
            frames.append(np.asarray(frame.convert("RGB"), dtype=np.int16))
            delays.append(frame.info["duration"])
    # 1.5 s per scene at 8 fps; Pillow merges identical neighbours, adding up their delays
    assert sum(delays) == 1500 * len(scenes.scenes)
    assert 8 * len(scenes.scenes) <= len(frames) <= 12 * len(scenes.scenes)
    assert frames[0].mean() < frames[5].mean()  # fades in from black
    first_scene = frames[3:12]
    assert any(
        np.abs(a - b).mean() > 0.5 for a, b in zip(first_scene, first_scene[1:], strict=False)
    )


def test_preview_is_reused_when_nothing_changed(planned):
    workspace, scenes, visuals, animations = planned
    path = workspace.path(animations.preview)
    stamp = path.stat().st_mtime_ns
    again = plan_animations(
        BRIEF, scenes, visuals, revision=Revision(), profile=PROFILE, workspace=workspace
    )
    assert again == animations and path.stat().st_mtime_ns == stamp


def test_portrait_preview_keeps_its_shape(tmp_path):
    workspace = Workspace(root=tmp_path)
    profile = RenderProfile.for_aspect(Aspect.portrait, short_side=360)
    scenes, visuals = make_inputs(workspace, 2)
    animations = plan_animations(
        BRIEF, scenes, visuals, revision=Revision(), profile=profile, workspace=workspace
    )
    with Image.open(workspace.path(animations.preview)) as gif:
        assert gif.height <= 360 and gif.width < gif.height


def test_a_scene_without_a_visual_is_a_clear_error(tmp_path):
    workspace = Workspace(root=tmp_path)
    scenes, visuals = make_inputs(workspace, 2)
    with pytest.raises(StageError, match="scene 2 has no visual"):
        plan_animations(
            BRIEF,
            scenes,
            Visuals(items=visuals.items[:1]),
            revision=Revision(),
            profile=PROFILE,
            workspace=workspace,
        )


def test_effects_work_as_moviepy_effects():
    still = np.zeros((120, 200, 3), np.uint8)
    still[:, 100:] = 255
    clip = ImageClip(still, duration=1.0)
    moving = clip.with_effects([KenBurns(MOTIONS[1], (160, 90))])
    assert moving.get_frame(0).shape == (90, 160, 3)
    assert not np.array_equal(moving.get_frame(0), moving.get_frame(1.0))
    faded = moving.with_effects([BlendIn(0.5)])
    assert faded.get_frame(0).max() == 0 and faded.get_frame(0.8).max() > 200
