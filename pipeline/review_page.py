"""The page a reviewer reads in Prefect's resume dialog.

Where they are, what they approve, and what they said before. Pure text in, markdown out, so it
is tested without a server.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from pipeline.audit import DecisionRecord
from pipeline.outputs import Animations, Narration, Scenes, Script, Video, Visuals
from pipeline.previews import (
    animations_markdown,
    narration_markdown,
    scenes_markdown,
    script_markdown,
    video_markdown,
    visuals_markdown,
)
from pipeline.workspace import Workspace

HOW_TO = (
    "**accept** moves on to the next stage · **regenerate** redoes this stage with your "
    "feedback (name scenes to redo only them, e.g. `scene 3: shorter title`) · **stop** ends the "
    "run here and keeps everything made so far."
)


def stage_preview(
    stage: str,
    output: BaseModel,
    done: dict[str, BaseModel],
    workspace: Workspace,
    media_url: str | None = None,
) -> str:
    """The markdown preview of one stage's output."""
    match output:
        case Scenes():
            return scenes_markdown(output)
        case Script():
            return script_markdown(done["scenes"], output)  # type: ignore[arg-type]
        case Visuals():
            return visuals_markdown(output, workspace)
        case Animations():
            return animations_markdown(output, workspace)
        case Narration():
            return narration_markdown(output, media_url, workspace)
        case Video():
            return video_markdown(output, workspace, media_url)
    raise TypeError(f"no preview for stage {stage!r} output {type(output).__name__}")


def review_page(
    *,
    title: str,
    stage: str,
    number: int,
    total: int,
    version: int,
    preview: str,
    history: list[DecisionRecord],
    regenerations_left: int,
    message: str = "",
    error: str = "",
    earlier: Sequence[str] = (),
) -> str:
    """Everything the reviewer needs on one page; `earlier` are the stages one can go back to."""
    parts = [
        f"## {title}",
        f"**Stage {number} of {total}: {stage}** · version {version} · "
        f"{regenerations_left} regenerate(s) left",
    ]
    if message:
        parts.append(f"> ⚠️ {message}")
    if error:
        parts.append(
            f"### This stage failed\n\n```\n{error[-1500:]}\n```\n\n"
            "Choose **regenerate** to try again (feedback optional) or **stop**."
        )
    else:
        parts.append(preview)
    if history:
        rows = ["| Version | Decision | Feedback | When |", "|---|---|---|---|"]
        for record in history:
            feedback = record.feedback.replace("|", "\\|").replace("\n", " ") or "—"
            version, decision = f"v{record.version}", record.decision
            if record.stage != stage:  # the reviewer came back here from a later stage
                version, decision = f"{record.stage} v{record.version}", "back to this stage"
            rows.append(f"| {version} | {decision} | {feedback} | {record.at:%Y-%m-%d %H:%M} UTC |")
        parts.append("### Feedback so far on this stage\n\n" + "\n".join(rows))
    parts.append(HOW_TO)
    if earlier:
        parts.append(
            f"**back** with `back_to` ({', '.join(earlier)}) and feedback redoes that earlier "
            "stage; the stages after it are made again only where their inputs change."
        )
    return "\n\n".join(parts)
