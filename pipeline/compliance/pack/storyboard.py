"""The storyboard PDF: the delivered video's own frames, timecode burned in, one per page.

Frames are decoded from the delivered MP4 by the bundled ffmpeg, selected by frame number (`select
=eq(n,k)`) in one pass, so each picture is exactly the frame shown at its timecode, not a nearby
keyframe. The timecode and frame number are drawn into the picture with Pillow (a copy that is
cropped or forwarded keeps them) and printed again under it, with why the frame was picked, the
text on screen and the line being said.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from pipeline.compliance.pack.models import PackInputs, StoryboardFrame
from pipeline.compliance.pack.pdf import FAMILY, MAJOR_FILL, PackPDF
from pipeline.errors import StageError
from pipeline.media.ffmpeg import run_ffmpeg
from pipeline.media.fonts import font

IMAGE_BOX_MM = (260.0, 120.0)
MAX_SIDE_PX = 1280
"""Frames are scaled down to this as they are decoded (plenty for a 26 cm print) and embedded as
JPEG, which keeps a 1080p storyboard of forty frames a few megabytes."""
STAGE = "mlr-pack"


def extract_frames(
    video: Path, frames: list[int], folder: Path, *, max_side: int | None = None
) -> list[Path]:
    """Images of frames `frames` (ascending frame numbers) of `video`, decoded in one pass.

    `max_side` scales them down in the same pass (ffmpeg's area filter); they are written
    uncompressed (BMP), which costs less than compressing pictures that are read straight back.
    """
    if not frames:
        return []
    chain = "select='" + "+".join(f"eq(n\\,{k})" for k in frames) + "'"
    if max_side is not None:
        chain += (
            f",scale=w='min(iw,{max_side})':h='min(ih,{max_side})'"
            ":force_original_aspect_ratio=decrease:flags=area"
        )
    pattern = folder / "frame-%05d.bmp"
    run_ffmpeg(
        ["-i", video, "-map", "0:v:0", "-vf", chain, "-fps_mode", "passthrough", pattern],
        stage=STAGE,
    )
    made = sorted(folder.glob("frame-*.bmp"))
    if len(made) != len(frames):
        raise StageError(
            STAGE,
            "ffmpeg",
            f"asked {video.name} for {len(frames)} frames, got {len(made)}",
            hint="The video is shorter than its timeline: render it again.",
        )
    return made


def burn_timecode(image: Path, item: StoryboardFrame) -> Image.Image:
    """The frame with its timecode and frame number drawn in a box at the bottom left."""
    picture = Image.open(image).convert("RGB")
    draw = ImageDraw.Draw(picture)
    size = max(10, picture.height // 12)
    label = f"{item.timecode}  #{item.frame}"
    face = font(size, "Medium")
    left, top, right, bottom = draw.textbbox((0, 0), label, font=face)
    pad = max(2, size // 4)
    box = (0, picture.height - (bottom - top) - 2 * pad, right - left + 2 * pad, picture.height)
    draw.rectangle(box, fill=(0, 0, 0))
    draw.text((pad - left, box[1] + pad - top), label, font=face, fill=(255, 255, 255))
    return picture


def write_storyboard(
    folder: Path, inputs: PackInputs, frames: list[StoryboardFrame]
) -> tuple[Path, Path]:
    """storyboard.pdf (a page per frame) and storyboard.csv (the same frames, for tools)."""
    if inputs.video is None or inputs.timeline is None:
        raise ValueError("a storyboard needs the rendered video and its timeline")
    pdf = PackPDF(heading="Storyboard", subject=inputs.brief.title, language=inputs.brief.language)
    pdf.set_image_filter("DCTDecode")
    major = inputs.timeline.major_statement
    with tempfile.TemporaryDirectory(prefix="storyboard-") as scratch:
        numbers = [f.frame for f in frames]
        images = extract_frames(inputs.video, numbers, Path(scratch), max_side=MAX_SIDE_PX)
        for n, (item, image) in enumerate(zip(frames, images, strict=True), start=1):
            in_major = major is not None and (
                major.span.start_frame <= item.frame < major.span.end_frame
            )
            _page(pdf, item, burn_timecode(image, item), n, len(frames), in_major)
    pdf.output(str(folder / "storyboard.pdf"))
    return folder / "storyboard.pdf", _write_csv(folder / "storyboard.csv", frames)


def _page(
    pdf: PackPDF,
    item: StoryboardFrame,
    picture: Image.Image,
    number: int,
    total: int,
    in_major: bool,
) -> None:
    pdf.add_page()
    pdf.paragraph(
        f"Frame {number} of {total}: {item.timecode} (frame {item.frame}, {item.seconds:.3f} s), "
        f"scene {item.scene}",
        style="B",
        size=11,
    )
    box_w, box_h = IMAGE_BOX_MM
    scale = min(box_w / picture.width, box_h / picture.height)
    w, h = picture.width * scale, picture.height * scale
    x, y = (pdf.w - w) / 2, pdf.get_y() + 1
    if in_major:
        pdf.set_fill_color(*MAJOR_FILL)
        pdf.rect(x - 2, y - 2, w + 4, h + 4, style="F")
    pdf.image(picture, x=x, y=y, w=w, h=h)
    pdf.set_y(y + h + 4)
    pdf.paragraph("Why this frame: " + "; ".join(item.reasons))
    if in_major:
        pdf.paragraph("During the major statement.", style="B")
    pdf.paragraph("On screen: " + (" | ".join(item.on_screen) or "(no text)"))
    pdf.paragraph("Spoken: " + (item.spoken or "(no speech on this frame)"))
    pdf.set_font(FAMILY, size=9)


def _write_csv(path: Path, frames: list[StoryboardFrame]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ("page", "frame", "timecode", "seconds", "scene", "why", "on_screen", "spoken")
        )
        for page, item in enumerate(frames, start=1):
            writer.writerow(
                (
                    page,
                    item.frame,
                    item.timecode,
                    f"{item.seconds:.4f}",
                    item.scene,
                    "; ".join(item.reasons),
                    " | ".join(item.on_screen),
                    item.spoken,
                )
            )
    return path
