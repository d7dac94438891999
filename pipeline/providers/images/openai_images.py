"""A slide artist whose pictures come from an images API, set in the brand's own slide layout.

The generated illustration replaces the Pillow deck's icon disc: the slide keeps the shared grid
(kicker, headline, accent rule, footer, logo) and the text column, and the picture sits in the
grid's picture box inside a rounded frame. Layouts whose picture carries meaning (mechanism and
process diagrams, contact cards, dense safety text) and slides a reviewer asked to show without
art stay with the Pillow layouts, so no model can redraw a mechanism or crowd fair balance.

Each illustration is saved beside its slide in the run's folder (`…-art.png`) and reused when the
same slide is drawn again, so a rerun or a retried task pays for an image once.
"""

from __future__ import annotations

import base64
import binascii
from io import BytesIO
from pathlib import Path

import httpx2
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from pipeline.media.text import lettering
from pipeline.outputs import Scene, ScriptLine
from pipeline.providers.images import SlideRequest, wording
from pipeline.providers.images.canvas import Slide, SlideStyle
from pipeline.providers.images.geometry import Box, fit_text
from pipeline.providers.images.grid import Item, header, split, stack
from pipeline.providers.images.pillow_slides import PillowSlides
from pipeline.providers.images.prompt import image_prompt
from pipeline.providers.openai_client import MalformedResponse, OpenAIEndpoint
from pipeline.video_types import Brief

ILLUSTRATED_KINDS = frozenset({"title", "bullets", "stat", "cta"})
SIZES = {"square": "1024x1024", "landscape": "1536x1024", "portrait": "1024x1536"}
DALL_E_SIZES = {"square": "1024x1024", "landscape": "1792x1024", "portrait": "1024x1792"}


class OpenAIImages:
    """`SlideArtist` that illustrates title, bullet, stat and call-to-action slides with a model."""

    name = "openai"

    def __init__(self, endpoint: OpenAIEndpoint, model: str) -> None:
        self.endpoint = endpoint
        self.model = model
        self.plain = PillowSlides()

    def draw(self, request: SlideRequest, out: Path) -> None:
        """Write a PNG of `request.size` to `out`: brand layout, generated picture in its box."""
        brief, scene, line = request.brief, request.scene, request.line
        notes, take = list(request.notes), request.take
        style = SlideStyle.for_scene(scene.visual_kind, take, notes)
        if scene.visual_kind not in ILLUSTRATED_KINDS or not style.show_art:
            self.plain.draw(request, out)
            return
        brand = wording.slide_brand(brief)
        with lettering(brief.language):
            slide = Slide(request.size, brand, style, request.overscan)
            bottom = slide.content_bottom(slide.footer(scene.index))
            frame = _text_and_frame(slide, brief, scene, line, bottom)
            art_path = out.with_name(f"{out.stem}-art.png")
            picture = self.illustration(brief, scene, notes, take, frame, art_path)
            image = slide.render(brand.logo)
        _paste_framed(image, picture, slide.physical(frame), radius=slide.px(28))
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(out, format="PNG", optimize=False, compress_level=6)

    def illustration(
        self, brief: Brief, scene: Scene, notes: list[str], take: int, frame: Box, path: Path
    ) -> Image.Image:
        """The scene's picture: reused from `path` if drawn before, else generated and saved."""
        if path.is_file():
            try:
                with Image.open(path) as saved:
                    return saved.convert("RGB")
            except (OSError, UnidentifiedImageError):
                path.unlink(missing_ok=True)
        prompt = image_prompt(brief, scene, notes, take)
        shape = _shape(frame)
        extra = {} if self.model.startswith("gpt-image") else {"response_format": "b64_json"}
        sizes = DALL_E_SIZES if self.model.startswith("dall-e-3") else SIZES

        def generate(timeout: float) -> Image.Image:
            result = self.endpoint.client.images.generate(
                model=self.model, prompt=prompt, size=sizes[shape], n=1, timeout=timeout, **extra
            )
            return _decode_image(result, timeout)

        picture = self.endpoint.call(
            "visuals", self.name, f"scene {scene.index} illustration from {self.model}", generate
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        picture.save(path, format="PNG")
        return picture


def _text_and_frame(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> Box:
    """Queue the headline and text column; return the picture box the illustration fills."""
    p = slide.palette
    top = header(slide, brief, scene.title)
    text, art = split(slide, Box(slide.safe.x, top, slide.safe.w, bottom - top), 0.56)
    assert art is not None  # show_art is checked before a slide is illustrated
    said = [wording.subtitle(brief, scene)] if scene.visual_kind == "title" else None
    items: list[Item] = []
    for point in said or wording.points(scene, line):
        block = Box(text.x, 0, text.w, text.h / 5)
        fitted = fit_text(
            point,
            block,
            max_size=slide.type_size(40),
            min_size=slide.type_size(20),
            weight="Regular",
        )
        items += [(fitted, p.text), slide.px(26)]
    stack(slide, text, items[:-1] if items else items)
    return art.inset(slide.px(8))


def _shape(box: Box) -> str:
    ratio = box.w / max(box.h, 1)
    return "landscape" if ratio > 1.2 else "portrait" if ratio < 0.83 else "square"


def _decode_image(result: object, timeout: float) -> Image.Image:
    """The first image of an images API answer (base64, or a URL fetched), decoded."""
    data = getattr(result, "data", None) or []
    if not data:
        raise MalformedResponse("the answer held no image")
    item = data[0]
    if getattr(item, "b64_json", None):
        try:
            raw = base64.b64decode(item.b64_json, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise MalformedResponse("the image is not valid base64") from exc
    elif getattr(item, "url", None):
        reply = httpx2.get(item.url, timeout=timeout, follow_redirects=True)
        reply.raise_for_status()
        raw = reply.content
    else:
        raise MalformedResponse("the answer held neither b64_json nor a url")
    try:
        with Image.open(BytesIO(raw)) as picture:
            picture.load()
            return picture.convert("RGB")
    except (OSError, UnidentifiedImageError) as exc:
        raise MalformedResponse("the image could not be decoded") from exc


def _paste_framed(image: Image.Image, picture: Image.Image, frame: Box, radius: float) -> None:
    """Cover `frame` with `picture` (cropped, not stretched) behind rounded corners."""
    w, h = max(1, round(frame.w)), max(1, round(frame.h))
    fitted = ImageOps.fit(picture, (w, h), Image.Resampling.LANCZOS)
    mask = Image.new("L", (w * 2, h * 2), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w * 2 - 1, h * 2 - 1), radius * 2, fill=255)
    mask = mask.resize((w, h), Image.Resampling.LANCZOS)
    image.paste(fitted, (round(frame.x), round(frame.y)), mask)
