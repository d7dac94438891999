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
    data_url,
    narration_markdown,
    scenes_markdown,
    script_markdown,
    storyboard_sheet,
    video_markdown,
    visuals_markdown,
)
from pipeline.workspace import Workspace

VARIANT_THUMB_PX = 220
"""Width of a slide in the variants' strips: three or four strips fit the dialog side by side."""
PICK_HOW_TO = (
    "**accept** with `pick` takes that variant and moves on · **regenerate** (with `pick`: from "
    "that variant) redoes this stage with your feedback · **stop** ends the run here."
)
HOW_TO = (
    "**accept** moves on to the next stage · **regenerate** redoes this stage with your "
    "feedback (name scenes to redo only them, e.g. `scene 3: shorter title`; `variants` 2-4 "
    "makes scenes, script or slides side by side to pick from) · **stop** ends the run here "
    "and keeps everything made so far."
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
    variants: int = 0,
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
    parts.append(PICK_HOW_TO if variants else HOW_TO)
    if earlier:
        parts.append(
            f"**back** with `back_to` ({', '.join(earlier)}) and feedback redoes that earlier "
            "stage; the stages after it are made again only where their inputs change."
        )
    return "\n\n".join(parts)


def variants_preview(
    stage: str, variants: list[BaseModel], done: dict[str, BaseModel], workspace: Workspace
) -> str:
    """Variants side by side: a short table (a column each), then each one in full below.

    The resume dialog is narrow and does not wrap cells, so the table holds only what tells the
    variants apart at a glance: each scene's title, each line's word count and opening words, or
    each variant's slides as one narrow strip (a column of thumbnails).
    """
    count = len(variants)
    head = "| # | " + " | ".join(f"Variant {n}" for n in range(1, count + 1)) + " |"
    rows = [head, "|---" * (count + 1) + "|"]
    if stage == "scenes":
        storyboards = [v for v in variants if isinstance(v, Scenes)]
        longest = max(len(s.scenes) for s in storyboards)
        for index in range(1, longest + 1):
            cells = [_scene_title(s, index) for s in storyboards]
            rows.append(f"| {index} | " + " | ".join(cells) + " |")
        full = [scenes_markdown(s) for s in storyboards]
    elif stage == "visuals":
        slides = [v for v in variants if isinstance(v, Visuals)]
        strips = [
            storyboard_sheet(v, workspace, columns=1, thumb_width=VARIANT_THUMB_PX) for v in slides
        ]
        rows.append(
            "| slides | "
            + " | ".join(f"![variant {n}]({data_url(p)})" for n, p in enumerate(strips, start=1))
            + " |"
        )
        full = [_slides_differing(v, slides[0]) for v in slides]
    else:
        scripts = [v for v in variants if isinstance(v, Script)]
        indexes = sorted({line.scene_index for s in scripts for line in s.lines})
        for index in indexes:
            cells = [_opening(s, index) for s in scripts]
            rows.append(f"| {index} | " + " | ".join(cells) + " |")
        rows.append("| words | " + " | ".join(str(s.word_count) for s in scripts) + " |")
        full = [script_markdown(done["scenes"], s) for s in scripts]  # type: ignore[arg-type]
    parts = [
        f"### {count} variants side by side: pick one (`pick`: 1-{count})",
        "\n".join(rows),
    ]
    parts += [f"#### Variant {n}\n\n{text}" for n, text in enumerate(full, start=1)]
    return "\n\n".join(parts)


def _slides_differing(visuals: Visuals, first: Visuals) -> str:
    """What sets a variant's slides apart from variant 1's, by scene."""
    if visuals is first:
        return f"{len(visuals.items)} slides, as drawn for this version."
    changed = [
        item.scene_index
        for item in visuals.items
        if item.sha256 != first.for_scene(item.scene_index).sha256
    ]
    if not changed:
        return "The same slides as variant 1."
    listed = ", ".join(str(i) for i in changed)
    scenes = f"Scene{'s' if len(changed) > 1 else ''} {listed}"
    return f"{scenes} drawn with another layout, pattern and emphasis than variant 1."


def _scene_title(scenes: Scenes, index: int) -> str:
    found = next((s for s in scenes.scenes if s.index == index), None)
    return _cell(found.title) if found else "—"


def _opening(script: Script, index: int, words: int = 5) -> str:
    line = next((x for x in script.lines if x.scene_index == index), None)
    if line is None:
        return "—"
    said = line.narration.split()
    more = " …" if len(said) > words else ""
    return f"{_cell(' '.join(said[:words]))}{more} ({len(said)} w)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
