"""Stage 2: the narration. One line per approved scene, checked before review.

A line per scene, in the scenes' order, is what the speech and render stages pair up; for a product
ad the safety line must read the brief's safety information word for word (fair balance).
"""

from __future__ import annotations

from pipeline.briefs import Brief, ProductAdBrief
from pipeline.errors import StageError
from pipeline.outputs import Scenes, Script
from pipeline.providers.writer import Writer
from pipeline.revision import Revision


def write_script(
    brief: Brief,
    scenes: Scenes,
    *,
    revision: Revision,
    writer: Writer,
    previous: Script | None = None,
) -> Script:
    """Turn approved scenes into narration; `revision` carries version and feedback history."""
    script = writer.write_script(brief, scenes, revision, previous=previous)
    check_script(brief, scenes, script, provider=writer.name)
    return Script(lines=script.lines, version=revision.version)


def check_script(brief: Brief, scenes: Scenes, script: Script, *, provider: str) -> None:
    """Raise `StageError` unless every scene has exactly one line and fair balance is intact."""
    wanted = [scene.index for scene in scenes.scenes]
    got = [line.scene_index for line in script.lines]
    if got != wanted:
        raise StageError(
            "script",
            provider,
            f"script lines are for scenes {got}, but the scenes are {wanted}",
            "regenerate the script from the approved scenes",
        )
    if isinstance(brief, ProductAdBrief):
        safety = [s.index for s in scenes.scenes if s.visual_kind == "safety"]
        if not safety or brief.safety_information not in script.for_scene(safety[-1]).narration:
            raise StageError(
                "script",
                provider,
                "the safety line does not read the brief's safety information in full",
                "regenerate the script; fair balance must be read verbatim",
            )
