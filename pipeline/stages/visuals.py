"""Stage 3: a designed still per scene.

Stills are drawn larger than the frame (the profile's overscan) so the renderer can pan and zoom
across them. File names carry scene, take and a hash of the inputs, so a regenerated slide
never overwrites the one a reviewer is comparing it with.
"""

from __future__ import annotations

from PIL import Image
from pydantic import BaseModel, ConfigDict

from pipeline.errors import StageError
from pipeline.outputs import Scene, Scenes, SceneVisual, Script, ScriptLine, Visuals
from pipeline.profile import RenderProfile
from pipeline.providers.images import SlideArtist, SlideRequest
from pipeline.revision import Revision
from pipeline.video_types import Brief
from pipeline.workspace import Workspace, content_hash, file_hash


class SlideWork(BaseModel):
    """One scene's slide to draw: the scene, its line, the reviewer's notes on it, its take."""

    model_config = ConfigDict(frozen=True)

    scene: Scene
    line: ScriptLine | None
    notes: tuple[str, ...] = ()
    take: int = 1

    @property
    def scene_index(self) -> int:
        """The scene this slide is for."""
        return self.scene.index


def slide_work(scenes: Scenes, script: Script, revision: Revision) -> list[SlideWork]:
    """A slide per scene, each with its own notes and take from `revision`.

    Variant k of a revision draws the scenes its feedback applies to k - 1 takes further on, so
    the variants side by side differ in layout, pattern and emphasis (SlideStyle.for_scene).
    """
    lines = {line.scene_index: line for line in script.lines}
    return [
        SlideWork(
            scene=scene,
            line=lines.get(scene.index),
            notes=tuple(revision.notes_for_scene(scene.index)),
            take=revision.take(scene.index) + revision.variant_shift(scene.index),
        )
        for scene in scenes.scenes
    ]


def draw_scene_visual(
    brief: Brief,
    work: SlideWork,
    *,
    profile: RenderProfile,
    workspace: Workspace,
    artist: SlideArtist,
) -> SceneVisual:
    """Draw one scene's still at `profile.still_size` and describe it for the next stages."""
    scene, line, notes, take = work.scene, work.line, list(work.notes), work.take
    size = profile.still_size
    key = content_hash(artist.name, brief, scene, line, notes, take, size)[:10]
    out = workspace.folder("visuals") / f"scene-{scene.index:02d}-v{take}-{key}.png"
    try:
        request = SlideRequest(
            brief=brief,
            scene=scene,
            line=line,
            size=size,
            overscan=profile.overscan,
            notes=tuple(notes),
            take=take,
        )
        artist.draw(request, out)
    except (OSError, ValueError) as exc:
        raise StageError(
            "visuals", artist.name, f"scene {scene.index} could not be drawn: {exc}"
        ) from exc
    if not out.is_file():
        raise StageError(
            "visuals", artist.name, f"scene {scene.index}: no image was written to {out}"
        )
    with Image.open(out) as image:
        drawn = image.size
    if drawn != size:
        raise StageError(
            "visuals",
            artist.name,
            f"scene {scene.index} is {drawn[0]}x{drawn[1]}, expected {size[0]}x{size[1]}",
        )
    return SceneVisual(
        scene_index=scene.index,
        image=workspace.relative(out),
        width=size[0],
        height=size[1],
        sha256=file_hash(out),
    )


def collect_visuals(items: list[SceneVisual], *, revision: Revision, provider: str) -> Visuals:
    """The stage's output from its slides, in scene order."""
    return Visuals(
        items=sorted(items, key=lambda item: item.scene_index),
        version=revision.version,
        provider=provider,
        variant=revision.variant,
    )
