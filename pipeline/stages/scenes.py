"""Stage 1: the storyboard. A writer plans the scenes; this stage checks them before review.

The check lives here, not in each writer, so a model-backed writer is held to the same rules as
the offline one: scenes numbered 1..n with no gaps, at most four bullets, and for a product ad the
fair-balance safety scene last.
"""

from __future__ import annotations

from pipeline.briefs import Brief, ProductAdBrief
from pipeline.errors import StageError
from pipeline.outputs import Scenes
from pipeline.providers.writer import Writer
from pipeline.revision import Revision

MAX_BULLETS = 4


def plan_scenes(
    brief: Brief, *, revision: Revision, writer: Writer, previous: Scenes | None = None
) -> Scenes:
    """Plan the scenes for `brief`; `revision` carries the version and the reviewer's feedback."""
    scenes = writer.write_scenes(brief, revision, previous=previous)
    check_scenes(brief, scenes, provider=writer.name)
    return Scenes(scenes=scenes.scenes, version=revision.version)


def check_scenes(brief: Brief, scenes: Scenes, *, provider: str) -> None:
    """Raise `StageError` if the storyboard breaks a rule later stages or regulators rely on."""
    indexes = [scene.index for scene in scenes.scenes]
    if indexes != list(range(1, len(indexes) + 1)):
        raise StageError(
            "scenes",
            provider,
            f"scene indexes are {indexes}, not 1..{len(indexes)}",
            "regenerate the scenes",
        )
    for scene in scenes.scenes:
        if len(scene.bullets) > MAX_BULLETS:
            raise StageError(
                "scenes",
                provider,
                f"scene {scene.index} has {len(scene.bullets)} bullets "
                f"(at most {MAX_BULLETS} fit on a slide)",
                "regenerate, or ask for fewer points in that scene",
            )
        if not scene.title.strip():
            raise StageError(
                "scenes", provider, f"scene {scene.index} has no title", "regenerate the scenes"
            )
    if isinstance(brief, ProductAdBrief) and scenes.scenes[-1].visual_kind != "safety":
        raise StageError(
            "scenes",
            provider,
            "a product ad must end with its important safety information scene",
            "regenerate the scenes; fair balance cannot be dropped",
        )
