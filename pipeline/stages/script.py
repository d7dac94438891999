"""Stage 2: the narration. One line per approved scene, held to the same rules for every writer.

A line per scene, in the scenes' order, is what the speech and render stages pair up; where the
video type has fair balance, the safety line must read it word for word; and no line may say a
name the type keeps out. As with the storyboard, the writer runs these rules on each draft and the
stage only on output the writer did not check.
"""

from __future__ import annotations

from functools import partial

from pipeline.checks import OutputCheck, banned_names_in
from pipeline.errors import StageError
from pipeline.outputs import Scenes, Script
from pipeline.providers.writer import Writer
from pipeline.revision import Revision
from pipeline.video_types import Brief, spec_for


def write_script(
    brief: Brief,
    scenes: Scenes,
    *,
    revision: Revision,
    writer: Writer,
    previous: Script | None = None,
) -> Script:
    """Turn approved scenes into narration; `revision` carries version and feedback history."""
    check = OutputCheck(partial(check_script, brief, scenes, provider=writer.name))
    script = check.ensure(
        writer.write_script(brief, scenes, revision, previous=previous, check=check)
    )
    script = Script(lines=script.lines, version=revision.version, variant=revision.variant)
    return script.model_copy(update={"post_caption": post_caption(brief, script, writer)})


def post_caption(brief: Brief, script: Script, writer: Writer) -> str | None:
    """The text the platform shows beside a social post, written with the script.

    A writer that writes captions (`write_post_caption`: a model) writes it; any other gets the
    type's offline caption, built from the brief. Types published without a caption get None.
    """
    spec = spec_for(brief)
    limit = spec.caption_limit(brief)
    if limit is None:
        return None
    write = getattr(writer, "write_post_caption", None)
    caption = write(brief, script) if write is not None else spec.post_caption(brief, script)
    if caption is not None and len(caption) > limit:
        raise StageError(
            "script",
            writer.name,
            f"the post caption has {len(caption)} characters; the platform shows {limit}",
            "regenerate the script for a shorter caption",
        )
    return caption


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
    spec = spec_for(brief)
    fair_balance = spec.fair_balance(brief)
    if fair_balance is not None:
        safety = [s.index for s in scenes.scenes if s.visual_kind == "safety"]
        if not safety or fair_balance not in script.for_scene(safety[-1]).narration:
            raise StageError(
                "script",
                provider,
                "the safety line does not read the brief's safety information in full",
                "regenerate the script; fair balance must be read verbatim",
            )
    for line in script.lines:
        named = banned_names_in(brief, [line.narration])
        if named:
            raise StageError(
                "script",
                provider,
                f"the line for scene {line.scene_index} says {named}, "
                f"which a {spec.name} video must not",
                "regenerate the script without naming any product or medicine",
            )
