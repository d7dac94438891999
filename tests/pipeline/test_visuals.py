"""The visuals stage: real slides drawn from the example briefs, checked as images."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.briefs import Aspect
from pipeline.outputs import Scene, Scenes, Script, ScriptLine, VisualKind
from pipeline.previews import storyboard_sheet
from pipeline.profile import RenderProfile
from pipeline.providers.images import SlideRequest
from pipeline.providers.images.geometry import Box, contrast, fit_columns, fit_text, hex_rgb
from pipeline.providers.images.pillow_slides import PillowSlides
from pipeline.providers.images.wording import mechanism
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.visuals import SlideWork, draw_scene_visual
from pipeline.video_types import Brief, parse_brief
from pipeline.workspace import Workspace, file_hash
from tests.support.stages import make_visuals

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KINDS: tuple[VisualKind, ...] = (
    "title", "bullets", "mechanism", "process", "stat", "contact", "safety", "cta",
)  # fmt: skip
BULLETS: dict[str, list[str]] = {
    "title": ["Lowering high LDL cholesterol"],
    "bullets": [
        "LDL builds up in artery walls",
        "Plaque narrows vessels",
        "Risk of heart attack rises",
    ],
    "mechanism": ["HMG-CoA reductase", "Less cholesterol made", "More LDL cleared from the blood"],
    "process": ["Liver makes less cholesterol", "Liver pulls LDL from blood", "Blood LDL falls"],
    "stat": ["1 in 3 adults has high cholesterol"],
    "contact": ["214 Mill Street, Riverside", "Call 555-0142", "riversidederm.example"],
    "safety": ["Do not use if pregnant. Tell your doctor about muscle pain or weakness."],
    "cta": ["Ask your doctor today", "cardiora.example"],
}
ARTIST = PillowSlides()


def example(name: str) -> Brief:
    return parse_brief(json.loads((EXAMPLES / f"{name}.json").read_text()))


def scene(kind: VisualKind, index: int = 1, title: str | None = None) -> Scene:
    return Scene(
        index=index,
        title=title or f"A {kind} slide about cholesterol",
        purpose="Explain the point.",
        bullets=BULLETS[kind],
        visual_kind=kind,
        duration_hint_s=5,
    )


def line(index: int = 1) -> ScriptLine:
    return ScriptLine(scene_index=index, narration="Statins lower cholesterol. Ask your doctor.")


def draw(
    tmp_path: Path,
    brief: Brief,
    sc: Scene,
    size: tuple[int, int],
    name: str = "s.png",
    notes: list[str] | None = None,
    take: int = 1,
) -> Path:
    out = tmp_path / name
    request = SlideRequest(
        brief=brief, scene=sc, line=line(sc.index), size=size, notes=tuple(notes or []), take=take
    )
    ARTIST.draw(request, out)
    return out


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def near(array: np.ndarray, colour: tuple[int, int, int], tolerance: int = 10) -> int:
    return int((np.abs(array - np.array(colour)).max(axis=2) <= tolerance).sum())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("brief_name", "aspect"),
    [("moa", Aspect.landscape), ("social_media", Aspect.portrait), ("doctor_ad", Aspect.square)],
)
def test_every_kind_is_a_designed_slide_at_the_still_size(
    tmp_path: Path, kind: VisualKind, brief_name: str, aspect: Aspect
) -> None:
    brief = example(brief_name)
    profile = RenderProfile.for_aspect(aspect, short_side=144)
    out = draw(tmp_path, brief, scene(kind), profile.still_size)
    with Image.open(out) as image:
        assert image.size == profile.still_size
        assert image.format == "PNG"
        colours = len(image.convert("RGB").getcolors(maxcolors=1 << 16) or [])
    data = pixels(out)
    assert data.std() > 12, "the slide is (nearly) blank"
    assert colours > 40, "a designed slide has gradients, shapes and anti-aliased text"
    assert near(data, hex_rgb(brief.brand.primary_color)) > 20, (
        "the brand's primary colour is missing"
    )


def test_same_inputs_give_identical_bytes(tmp_path: Path) -> None:
    brief, size = (
        example("moa"),
        RenderProfile.for_aspect(Aspect.landscape, short_side=144).still_size,
    )
    first = draw(tmp_path, brief, scene("mechanism"), size, "a.png")
    second = draw(tmp_path, brief, scene("mechanism"), size, "b.png")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("kind", KINDS)
def test_second_variant_looks_visibly_different(tmp_path: Path, kind: VisualKind) -> None:
    brief, size = (
        example("product_ad"),
        RenderProfile.for_aspect(Aspect.landscape, short_side=144).still_size,
    )
    one = pixels(draw(tmp_path, brief, scene(kind), size, "v1.png", take=1))
    two = pixels(draw(tmp_path, brief, scene(kind), size, "v2.png", take=2))
    changed = (np.abs(one - two).max(axis=2) > 24).mean()
    assert changed > 0.05, f"only {changed:.1%} of pixels changed between variants"


def test_reviewer_notes_change_the_slide_and_unknown_notes_are_ignored(tmp_path: Path) -> None:
    brief, size = (
        example("moa"),
        RenderProfile.for_aspect(Aspect.landscape, short_side=144).still_size,
    )
    plain = draw(tmp_path, brief, scene("bullets"), size, "plain.png")
    ignored = draw(tmp_path, brief, scene("bullets"), size, "ignored.png", notes=["make it sing ♪"])
    assert ignored.read_bytes() == plain.read_bytes()
    base = pixels(plain)
    for i, note in enumerate(
        ["bigger text", "darker background", "no icon", "use secondary colour"]
    ):
        changed = pixels(draw(tmp_path, brief, scene("bullets"), size, f"n{i}.png", notes=[note]))
        assert (np.abs(changed - base).max(axis=2) > 24).mean() > 0.01, note
    dark = pixels(draw(tmp_path, brief, scene("bullets"), size, "dark.png", notes=["darker"]))
    assert dark.mean() < base.mean() - 40


def test_a_very_long_title_is_shrunk_and_wrapped_inside_its_box() -> None:
    box = Box(40, 30, 700, 260)
    title = (
        "An extraordinarily long headline " * 6 + "Pneumonoultramicroscopicsilicovolcanoconiosis"
    )
    fitted = fit_text(title, box, max_size=120, min_size=18, weight="Bold")
    assert fitted.size < 120 and not fitted.truncated
    draw_ = ImageDraw.Draw(Image.new("RGB", (800, 400)))
    for i, text in enumerate(fitted.lines):
        left, top, right, bottom = draw_.textbbox(
            (box.x, box.y + i * fitted.pitch), text, font=fitted.font, anchor="la"
        )
        assert left >= box.x and right <= box.right, text
        assert top >= box.y and bottom <= box.bottom, text


def test_text_that_cannot_fit_is_cut_with_an_ellipsis_not_spilled() -> None:
    fitted = fit_text("word " * 400, Box(0, 0, 300, 80), max_size=40, min_size=20)
    assert fitted.truncated and fitted.lines[-1].endswith("…")
    assert fitted.height <= 80 and fitted.width <= 300


def test_long_safety_text_fits_in_full_using_two_columns() -> None:
    text = ("Serious side effects can occur, including liver problems and muscle damage. " * 20)[
        :1500
    ]
    columns = fit_columns(text, Box(0, 0, 1700, 420), max_size=40, min_size=24, floor=13, gap=56)
    assert len(columns) == 2
    assert not any(c.truncated for c in columns)
    assert " ".join(" ".join(c.lines) for c in columns).split() == text.split()


def test_text_colour_is_readable_on_every_brand_background(tmp_path: Path) -> None:
    pale = json.loads((EXAMPLES / "moa.json").read_text())
    pale["brand"] |= {"primary_color": "#F4F1DE", "accent_color": "#FFE66D"}
    brief, size = (
        parse_brief(pale),
        RenderProfile.for_aspect(Aspect.landscape, short_side=288).still_size,
    )
    data = pixels(draw(tmp_path, brief, scene("title", title="Readable"), size))
    darkest = tuple(int(v) for v in data.reshape(-1, 3)[data.sum(axis=2).argmin()])
    assert contrast(darkest, hex_rgb("#F4F1DE")) > 7, "a pale brand gets dark text"


def test_a_logo_is_drawn_top_right_keeping_its_shape(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (255, 0, 255, 255)).save(logo)
    raw = json.loads((EXAMPLES / "moa.json").read_text())
    raw["brand"]["logo"] = str(logo)
    size = RenderProfile.for_aspect(Aspect.landscape, short_side=288).still_size
    with_logo = pixels(draw(tmp_path, parse_brief(raw), scene("bullets"), size, "logo.png"))
    without = pixels(draw(tmp_path, example("moa"), scene("bullets"), size, "plain.png"))
    magenta = np.argwhere(np.abs(with_logo - np.array([255, 0, 255])).max(axis=2) <= 4)
    assert near(without, (255, 0, 255), 4) == 0 and len(magenta) > 100
    (top, left), (bottom, right) = magenta.min(axis=0), magenta.max(axis=0)
    assert left > size[0] * 0.6 and bottom < size[1] * 0.3, "logo sits in the top-right corner"
    assert (right - left + 1) / (bottom - top + 1) == pytest.approx(3.0, rel=0.1)


def test_a_full_size_still_is_the_frame_times_the_overscan(tmp_path: Path) -> None:
    # How long it takes belongs to the benchmark, not to a test on a shared machine.
    profile = RenderProfile.for_aspect(Aspect.landscape)
    out = draw(tmp_path, example("moa"), scene("mechanism"), profile.still_size)
    with Image.open(out) as image:
        assert image.size == (2150, 1210)


def test_make_visuals_versions_scenes_and_never_overwrites(tmp_path: Path) -> None:
    brief = example("moa")
    profile = RenderProfile.for_aspect(brief.aspect, short_side=144)
    workspace = Workspace(root=tmp_path / "video")
    scenes = Scenes(scenes=[scene(kind, i) for i, kind in enumerate(KINDS, start=1)])
    script = Script(lines=[line(i) for i in range(1, len(KINDS) + 1)])
    first = make_visuals(
        brief,
        scenes,
        script,
        revision=Revision(),
        profile=profile,
        workspace=workspace,
        artist=ARTIST,
    )
    revision = Revision().next("scene 2: bigger text")
    second = make_visuals(
        brief,
        scenes,
        script,
        revision=revision,
        profile=profile,
        workspace=workspace,
        artist=ARTIST,
    )
    assert first.version == 1 and second.version == 2 and second.provider == "pillow"
    for item in second.items:
        path = workspace.path(item.image)
        assert (item.width, item.height) == profile.still_size
        assert item.sha256 == file_hash(path)
        assert path.name.startswith(f"scene-{item.scene_index:02d}-v")
    assert "-v2-" in second.for_scene(2).image and "-v1-" in second.for_scene(3).image
    assert first.for_scene(2).image != second.for_scene(2).image
    assert workspace.path(first.for_scene(2).image).is_file(), "version 1 is kept for comparison"
    assert first.for_scene(3) == second.for_scene(3), "untouched scenes are redrawn identically"


def test_draw_scene_visual_returns_a_relative_path(tmp_path: Path) -> None:
    brief = example("social_media")
    profile = RenderProfile.for_aspect(brief.aspect, short_side=144)
    workspace = Workspace(root=tmp_path)
    work = SlideWork(scene=scene("cta", 4), line=None, take=3)
    visual = draw_scene_visual(brief, work, profile=profile, workspace=workspace, artist=ARTIST)
    assert visual.image.startswith("visuals/scene-04-v3-") and not Path(visual.image).is_absolute()
    assert (visual.width, visual.height) == profile.still_size


def test_storyboard_sheet_is_a_small_png_of_every_scene(tmp_path: Path) -> None:
    brief = example("moa")
    profile = RenderProfile.for_aspect(brief.aspect)
    workspace = Workspace(root=tmp_path)
    scenes = Scenes(scenes=[scene(kind, i) for i, kind in enumerate(KINDS, start=1)])
    script = Script(lines=[line(i) for i in range(1, len(KINDS) + 1)])
    visuals = make_visuals(
        brief,
        scenes,
        script,
        revision=Revision(),
        profile=profile,
        workspace=workspace,
        artist=ARTIST,
    )
    sheet = storyboard_sheet(visuals, workspace)
    assert sheet.is_file() and sheet.stat().st_size < 300_000
    with Image.open(sheet) as image:
        assert image.width == 16 + 4 * (320 + 16)
        assert image.height > 2 * 180


def test_moa_mechanism_diagram_names_the_target_from_the_notes():
    brief = parse_brief(json.loads((EXAMPLES / "moa.json").read_text()))
    scenes = OfflineWriter().write_scenes(brief, Revision())
    scene = next(s for s in scenes.scenes if s.visual_kind == "mechanism")
    labels = mechanism(brief, scene, None)
    assert labels.drug == "Atorvastatin"
    assert labels.target == "HMG-CoA reductase"
    assert labels.inhibit
