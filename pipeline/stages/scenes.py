"""Stage 1: the storyboard. A writer plans the scenes; this stage's rules hold every writer.

The rules live here, not in each writer, so a model-backed writer is held to the same rules as
the offline one: scenes numbered 1..n with no gaps, a title and at most `MAX_BULLETS` bullets on
each (the `Scene` model carries those limits), the type's mandatory fair-balance scene last, and
none of the names the type keeps out. The writer runs them on each draft (a model is asked to
repair what they reject); the stage runs them only on output the writer did not check.
"""

from __future__ import annotations

from functools import partial

from pipeline.checks import OutputCheck, banned_names_in
from pipeline.errors import StageError
from pipeline.outputs import Scenes
from pipeline.providers.writer import Writer
from pipeline.revision import Revision
from pipeline.video_types import Brief, spec_for


def plan_scenes(
    brief: Brief, *, revision: Revision, writer: Writer, previous: Scenes | None = None
) -> Scenes:
    """Plan the scenes for `brief`; `revision` carries the version and the reviewer's feedback."""
    check = OutputCheck(partial(check_scenes, brief, provider=writer.name))
    scenes = check.ensure(writer.write_scenes(brief, revision, previous=previous, check=check))
    return Scenes(scenes=scenes.scenes, version=revision.version, variant=revision.variant)


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
    spec = spec_for(brief)
    if spec.fair_balance(brief) is not None and scenes.scenes[-1].visual_kind != "safety":
        raise StageError(
            "scenes",
            provider,
            f"a {spec.name} must end with its important safety information scene",
            "regenerate the scenes; fair balance cannot be dropped",
        )
    for scene in scenes.scenes:
        named = banned_names_in(brief, [scene.title, scene.purpose, *scene.bullets])
        if named:
            raise StageError(
                "scenes",
                provider,
                f"scene {scene.index} names {named}, which a {spec.name} video must not",
                "regenerate the scenes without naming any product or medicine",
            )
