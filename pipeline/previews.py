"""Turn each stage's output into the markdown a reviewer reads (artifacts and the resume dialog).

Images are embedded as `data:` URLs because the Prefect UI does not load `file://` images; large
media (audio, the final video) are linked through the media server when one is configured.
"""

from __future__ import annotations

import base64
import mimetypes
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

from pipeline.media.fonts import font
from pipeline.outputs import Animations, Narration, Scenes, Script, Video, Visuals
from pipeline.workspace import Workspace, content_hash

MAX_INLINE_BYTES = 1_500_000


def data_url(path: Path) -> str:
    """The file as a `data:` URL for inline display."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def thumbnail_url(path: Path, width: int = 480) -> str:
    """A small JPEG of an image as a `data:` URL (keeps artifacts and pause forms light)."""
    with Image.open(path) as image:
        image = image.convert("RGB")
        image.thumbnail((width, width * 2))
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=85)
    return f"data:image/jpeg;base64,{base64.b64encode(buffer.getvalue()).decode()}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def media_link(relative: str, workspace: Workspace, media_url: str | None) -> str:
    """A clickable link to a media file: over http when a media server is set, else the path."""
    if media_url:
        return f"{media_url.rstrip('/')}/{workspace.root.name}/{relative}"
    return str(workspace.path(relative))


def scenes_markdown(scenes: Scenes) -> str:
    """The storyboard: a compact table, then each scene's purpose and on-screen points.

    Long text stays out of table cells: the resume dialog is narrow and does not wrap cells.
    """
    rows = ["| # | Title | Layout | ~s |", "|---|---|---|---|"]
    details = []
    for s in scenes.scenes:
        rows.append(
            f"| {s.index} | **{_cell(s.title)}** | {s.visual_kind} | {s.duration_hint_s:.0f} |"
        )
        points = "".join(f"\n- {b}" for b in s.bullets)
        details.append(f"**{s.index}. {s.title}** — _{s.purpose}_{points}")
    return (
        f"### Scenes v{scenes.version} — {len(scenes.scenes)} scenes\n\n"
        + "\n".join(rows)
        + "\n\n"
        + "\n\n".join(details)
    )


def script_markdown(scenes: Scenes, script: Script) -> str:
    """Word counts per scene in a table, then every line of narration in full."""
    rows = ["| # | Scene | Words |", "|---|---|---|"]
    lines = []
    titles = {s.index: s.title for s in scenes.scenes}
    for line in script.lines:
        title = titles.get(line.scene_index, "")
        rows.append(f"| {line.scene_index} | {_cell(title)} | {len(line.narration.split())} |")
        lines.append(f"**{line.scene_index}. {title}**\n\n> {line.narration}")
    seconds = script.word_count / 160 * 60
    caption = ""
    if script.post_caption:  # what the platform shows beside the video, reviewed with the words
        quoted = "\n".join(f"> {row}" if row else ">" for row in script.post_caption.splitlines())
        caption = f"\n\n**Post caption** ({len(script.post_caption)} characters)\n\n{quoted}"
    return (
        f"### Script v{script.version} — {script.word_count} words (~{seconds:.0f} s spoken)\n\n"
        + "\n".join(rows)
        + "\n\n"
        + "\n\n".join(lines)
        + caption
    )


def visuals_markdown(visuals: Visuals, workspace: Workspace) -> str:
    """A storyboard sheet of every slide, inline."""
    sheet = storyboard_sheet(visuals, workspace, columns=2, thumb_width=480)
    return (
        f"### Visuals v{visuals.version} — {len(visuals.items)} slides ({visuals.provider})\n\n"
        f"![storyboard]({data_url(sheet)})"
    )


def animations_markdown(animations: Animations, workspace: Workspace) -> str:
    """The animated preview inline (when small enough) and the motion plan as a table."""
    rows = ["| # | Enters | Motion | Captions |", "|---|---|---|---|"]
    for a in animations.items:
        (x0, y0, z0), (x1, y1, z1) = a.motion.start, a.motion.end
        motion = f"zoom {z0:.2f}→{z1:.2f}, centre ({x0:.2f},{y0:.2f})→({x1:.2f},{y1:.2f})"
        rows.append(
            f"| {a.scene_index} | {a.transition_in} {a.transition_s:.1f}s | {motion} "
            f"| {a.caption_style} |"
        )
    head = f"### Animations v{animations.version}\n\n"
    if animations.preview:
        preview = workspace.path(animations.preview)
        if preview.is_file() and preview.stat().st_size <= MAX_INLINE_BYTES:
            head += f"![animated preview]({data_url(preview)})\n\n"
    return head + "\n".join(rows)


def narration_markdown(
    narration: Narration, media_url: str | None = None, workspace: Workspace | None = None
) -> str:
    """Per-scene audio length and a link to each clip."""
    rows = ["| # | Length | Words timed | Audio |", "|---|---|---|---|"]
    for clip in narration.clips:
        link = media_link(clip.audio, workspace, media_url) if workspace else clip.audio
        rows.append(
            f"| {clip.scene_index} | {clip.duration_s:.2f} s | {len(clip.words)} "
            f"({clip.timing_source}) | [{Path(clip.audio).name}]({link}) |"
        )
    return (
        f"### Narration v{narration.version} — {narration.total_s:.1f} s, "
        f"{narration.provider} voice {narration.voice or 'default'}\n\n" + "\n".join(rows)
    )


def video_markdown(video: Video, workspace: Workspace, media_url: str | None = None) -> str:
    """The poster inline and links to the MP4, captions and manifest."""
    poster = workspace.path(video.poster)
    image = f"![poster]({thumbnail_url(poster)})\n\n" if poster.is_file() else ""
    links = " · ".join(
        f"[{label}]({media_link(rel, workspace, media_url)})"
        for label, rel in (
            ("MP4", video.mp4),
            ("captions", video.srt),
            ("manifest", video.manifest),
        )
    )
    return (
        f"### Video v{video.version} — {video.duration_s:.1f} s, {video.width}×{video.height} "
        f"@ {video.fps} fps, {len(video.scenes)} scenes\n\n{image}{links}"
    )


SHEET_BACKGROUND = (24, 27, 34)
SHEET_COLOURS = 128  # a palette PNG keeps the sheet small enough to inline as a data: URL


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
