"""The benchmark's video: N designed slides with timed narration, drawn the way the flow draws.

Slides come from the real offline slide artist and the narration is a synthetic tone with evenly
spread word timings, so every row of the benchmark renders exactly the same scenes.
"""

from __future__ import annotations

import json
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.media.encoders import ENCODERS, scene_key
from pipeline.outputs import (
    Animations,
    Narration,
    NarrationClip,
    Scene,
    Scenes,
    SceneVisual,
    Script,
    ScriptLine,
    Video,
    Visuals,
    WordTiming,
)
from pipeline.profile import RenderProfile
from pipeline.providers.images import SlideRequest
from pipeline.providers.images.pillow_slides import PillowSlides
from pipeline.revision import Revision
from pipeline.stages.animations import plan_animations
from pipeline.stages.render import (
    SceneRenderInput,
    assemble,
    narration_track,
    plan_render,
    render_scene,
)
from pipeline.video_types import MoaBrief, parse_brief
from pipeline.workspace import Workspace, file_hash

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "moa.json"
KINDS = ("title", "bullets", "mechanism", "process", "stat", "contact", "safety", "cta")
LINES = (
    "Atorvastatin lowers LDL cholesterol, the kind that clogs arteries.",
    "High LDL often has no symptoms, so checks matter.",
    "It blocks HMG-CoA reductase, the enzyme your liver uses.",
    "With less made, the liver pulls LDL out of the blood.",
    "Many people see LDL fall within a few weeks.",
    "Your care team checks your levels and adjusts the dose.",
    "Tell your doctor about muscle pain or other side effects.",
    "Ask your doctor whether atorvastatin is right for you.",
)
SAMPLE_RATE = 22_050


@dataclass
class Inputs:
    """Everything the animations and render stages take, for one benchmark video."""

    brief: MoaBrief
    scenes: Scenes
    script: Script
    visuals: Visuals
    narration: Narration
    profile: RenderProfile
    workspace: Workspace


def brief() -> MoaBrief:
    """The shipped moa example brief."""
    brief = parse_brief(json.loads(EXAMPLE.read_text()))
    assert isinstance(brief, MoaBrief)
    return brief


def build_inputs(
    root: Path, *, scenes: int, seconds: float, profile: RenderProfile, take: int = 1
) -> Inputs:
    """Draw `scenes` slides and narration clips adding up to `seconds`, in `root`."""
    workspace = Workspace(root=root)
    each = seconds / scenes
    the_brief = brief()
    items, lines, visuals, clips = [], [], [], []
    for index in range(1, scenes + 1):
        kind, text = KINDS[(index - 1) % len(KINDS)], LINES[(index - 1) % len(LINES)]
        scene = Scene(
            index=index,
            title=text.split(",")[0][:48],
            purpose="benchmark",
            bullets=[w.capitalize() for w in text.split()[:3]],
            visual_kind=kind,
            duration_hint_s=each,
        )
        items.append(scene)
        lines.append(ScriptLine(scene_index=index, narration=text))
        visuals.append(draw_visual(workspace, the_brief, scene, lines[-1], profile, take))
        clips.append(write_clip(workspace, index, text, each))
    return Inputs(
        brief=the_brief,
        scenes=Scenes(scenes=items),
        script=Script(lines=lines),
        visuals=Visuals(items=visuals),
        narration=Narration(clips=clips, provider="bench", voice="tone"),
        profile=profile,
        workspace=workspace,
    )


def draw_visual(
    workspace: Workspace,
    the_brief: MoaBrief,
    scene: Scene,
    line: ScriptLine,
    profile: RenderProfile,
    take: int,
) -> SceneVisual:
    """Draw one slide with the real slide artist (`take` > 1 is a regenerated take)."""
    out = workspace.folder("visuals") / f"scene-{scene.index:02d}-v{take}.png"
    request = SlideRequest(
        brief=the_brief,
        scene=scene,
        line=line,
        size=profile.still_size,
        overscan=profile.overscan,
        take=take,
    )
    PillowSlides().draw(request, out)
    width, height = profile.still_size
    return SceneVisual(
        scene_index=scene.index,
        image=workspace.relative(out),
        width=width,
        height=height,
        sha256=file_hash(out),
    )


def write_clip(workspace: Workspace, index: int, text: str, seconds: float) -> NarrationClip:
    """A soft tone of `seconds` with the words of `text` spread evenly over it."""
    path = workspace.folder("narration") / f"scene-{index:02d}.wav"
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    tone = (0.2 * np.sin(2 * np.pi * (220 + 20 * index) * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(tone.tobytes())
    words = text.split()
    step = (seconds - 0.4) / len(words)
    timings = [
        WordTiming(word=w, start=round(0.2 + i * step, 3), end=round(0.2 + (i + 0.85) * step, 3))
        for i, w in enumerate(words)
    ]
    return NarrationClip(
        scene_index=index, audio=workspace.relative(path), duration_s=seconds, words=timings
    )


def animate(inputs: Inputs, revision: Revision | None = None) -> Animations:
    """The animations stage, as the flow runs it."""
    return plan_animations(
        inputs.brief,
        inputs.scenes,
        inputs.visuals,
        revision=revision or Revision(),
        profile=inputs.profile,
        workspace=inputs.workspace,
    )


def render(inputs: Inputs, animations: Animations, *, workers: int = 2) -> Video:
    """The render stage, as the render task runs it: scenes in parallel, then the join."""
    plan = plan_render(
        inputs.scenes, inputs.visuals, animations, inputs.narration, inputs.profile.fps
    )
    counts = [scene.frames for scene in plan]

    def one(scene: SceneRenderInput) -> object:
        return render_scene(scene, profile=inputs.profile, workspace=inputs.workspace)

    # One more thread than encoders: the narration's AAC encode runs beside the scenes.
    with ThreadPoolExecutor(max_workers=workers + 1) as pool:
        clips = [scene.clip for scene in plan]
        audio = pool.submit(narration_track, clips, sum(counts), inputs.profile, inputs.workspace)
        with ENCODERS.expecting(scene_key(inputs.workspace.root, s.scene_index) for s in plan):
            rendered = list(pool.map(one, plan))
        audio.result()
    return assemble(
        inputs.brief,
        inputs.scenes,
        inputs.script,
        inputs.narration,
        rendered,
        profile=inputs.profile,
        workspace=inputs.workspace,
        stage_versions={"render": 1},
        providers={"speech": "bench"},
    )
