"""Stage 3: a designed still per scene, and a contact sheet reviewers approve them from.

Stills are drawn larger than the frame (the profile's overscan) so the renderer can pan and zoom
across them. File names carry scene, variant and a hash of the inputs, so a regenerated slide
never overwrites the one a reviewer is comparing it with.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from pipeline.errors import StageError
from pipeline.media.fonts import font
from pipeline.outputs import Scene, Scenes, SceneVisual, Script, ScriptLine, Visuals
from pipeline.profile import RenderProfile
from pipeline.providers.images import SlideArtist
from pipeline.revision import Revision
from pipeline.video_types import Brief
from pipeline.workspace import Workspace, content_hash, file_hash

SHEET_BACKGROUND = (24, 27, 34)
SHEET_COLOURS = 128  # a palette PNG keeps the sheet small enough to inline as a data: URL


def draw_scene_visual(
    brief: Brief,
    scene: Scene,
    line: ScriptLine | None,
    *,
    profile: RenderProfile,
    workspace: Workspace,
    artist: SlideArtist,
    notes: list[str],
    variant: int,
) -> SceneVisual:
    """Draw one scene's still at `profile.still_size` and describe it for the next stages."""
    size = profile.still_size
    key = content_hash(artist.name, brief, scene, line, notes, variant, size)[:10]
    out = workspace.folder("visuals") / f"scene-{scene.index:02d}-v{variant}-{key}.png"
    try:
        artist.draw(brief, scene, line, size, out, notes=notes, variant=variant)
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


def make_visuals(
    brief: Brief,
    scenes: Scenes,
    script: Script,
    *,
    revision: Revision,
    profile: RenderProfile,
    workspace: Workspace,
    artist: SlideArtist,
) -> Visuals:
    """Draw every scene; each gets its own notes and draft number from `revision`."""
    lines = {line.scene_index: line for line in script.lines}
    items = [
        draw_scene_visual(
            brief,
            scene,
            lines.get(scene.index),
            profile=profile,
            workspace=workspace,
            artist=artist,
            notes=revision.notes_for_scene(scene.index),
            variant=revision.scene_version(scene.index),
        )
        for scene in scenes.scenes
    ]
    return Visuals(items=items, version=revision.version, provider=artist.name)


def storyboard_sheet(
    visuals: Visuals, workspace: Workspace, *, columns: int = 4, thumb_width: int = 320
) -> Path:
    """A contact sheet of every still with its scene number: one small PNG to review at a glance."""
    thumbs = []
    for item in sorted(visuals.items, key=lambda v: v.scene_index):
        with Image.open(workspace.path(item.image)) as image:
            height = max(1, round(image.height * thumb_width / image.width))
            thumbs.append(
                (
                    item.scene_index,
                    image.convert("RGB").resize((thumb_width, height), Image.Resampling.LANCZOS),
                )
            )
    gap, label = 16, 28
    columns = max(1, min(columns, len(thumbs)))
    rows = -(-len(thumbs) // columns)
    cell_h = max(t.height for _, t in thumbs) + label
    sheet = Image.new(
        "RGB", (gap + columns * (thumb_width + gap), gap + rows * (cell_h + gap)), SHEET_BACKGROUND
    )
    draw = ImageDraw.Draw(sheet)
    for n, (index, thumb) in enumerate(thumbs):
        x = gap + (n % columns) * (thumb_width + gap)
        y = gap + (n // columns) * (cell_h + gap)
        sheet.paste(thumb, (x, y + label))
        draw.text(
            (x, y + label // 2),
            f"Scene {index}",
            font=font(18, "Bold"),
            fill=(235, 238, 243),
            anchor="lm",
        )
    key = content_hash([item.sha256 for item in visuals.items], columns, thumb_width)[:10]
    out = workspace.folder("visuals") / f"storyboard-v{visuals.version}-{key}.png"
    small = sheet.quantize(
        colors=SHEET_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    small.save(out, format="PNG", optimize=True)
    return out
