"""Slides and captions in every script: each character from a font that has it, none a box.

A character a font lacks is drawn as that font's .notdef glyph (the "tofu" box). Two proofs that
none was: the font each run is drawn with has the character in its cmap, and the glyph drawn for
it differs from the glyph drawn for a code point no font has.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.media.captions import render_cue
from pipeline.media.fonts import ROBOTO, Family, Weight, coverage, face
from pipeline.media.linebreak import units, wrap
from pipeline.media.text import draw_line, lettering_for, missing, run_length, runs
from pipeline.outputs import Scene, ScriptLine
from pipeline.providers.images import SlideRequest
from pipeline.providers.images.pillow_slides import PillowSlides
from tests.support.scripts import SCRIPTS, WORDS, brief_in

NO_FONT_HAS = "\U0010fffd"  # a private-use code point in plane 16: drawn as .notdef everywhere


def glyph(family: Family, weight: Weight, text: str) -> np.ndarray:
    """The bitmap one font draws for `text` at 48 px (raqm shaping, no fallback)."""
    mask = face(family, 48, weight).getmask(text)
    return np.asarray(mask, dtype=np.uint8).reshape(mask.size[1], mask.size[0])


def visible(ch: str) -> bool:
    return not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"}


def assert_no_tofu(text: str, weight: Weight, tag: str) -> int:
    """Every character of `text` drawn by a font whose cmap has it, and not as its .notdef."""
    how = lettering_for(tag)
    checked = 0
    for run in runs(text, weight, how):
        covered = coverage(run.family, weight)
        notdef = glyph(run.family, weight, NO_FONT_HAS)
        for ch in {c for c in run.text if visible(c)}:
            assert ord(ch) in covered, (
                f"{ch!r} ({tag}) drawn with {run.family.name}, which lacks it"
            )
            drawn = glyph(run.family, weight, ch)
            same = drawn.shape == notdef.shape and np.array_equal(drawn, notdef)
            assert not same, f"{ch!r} ({tag}) drew as {run.family.name}'s missing-glyph box"
            checked += 1
    return checked


def slide_for(tag: str, kind: str = "bullets", size: tuple[int, int] = (640, 360)):
    product, _, _, benefits, *_ = WORDS[tag]
    scene = Scene(
        index=1,
        title=product,
        purpose="Show the benefits.",
        bullets=list(benefits),
        visual_kind=kind,
        duration_hint_s=5,
    )
    line = ScriptLine(scene_index=1, narration=benefits[0])
    request = SlideRequest(brief=brief_in(tag), scene=scene, line=line, size=size)
    return PillowSlides.layout(request), scene


def ink(slide) -> np.ndarray:
    """Where the slide's text put ink: the drawn slide against the same slide without text."""
    full = np.asarray(slide.render(None).convert("L"), dtype=np.int16)
    bare = np.asarray(slide.render(None, text=False).convert("L"), dtype=np.int16)
    return np.abs(full - bare) > 40


def test_the_missing_glyph_check_can_fail():
    assert missing(f"GlucoSense{NO_FONT_HAS}", "en") == [NO_FONT_HAS]
    box = glyph(ROBOTO, "Regular", NO_FONT_HAS)
    assert np.array_equal(glyph(ROBOTO, "Regular", "\U0010fffc"), box)  # every tofu is this box
    with pytest.raises(AssertionError, match="lacks it"):
        assert_no_tofu(f"a{NO_FONT_HAS}", "Regular", "en")


@pytest.mark.parametrize("tag", SCRIPTS)
@pytest.mark.parametrize("kind", ["title", "bullets"])
def test_a_slide_in_each_script_draws_no_missing_glyph(tag, kind):
    slide, scene = slide_for(tag, kind)
    drawn = "".join(words for _, words, *_ in slide.texts)
    title_letters = {c for c in scene.title if visible(c)}
    assert title_letters <= set(drawn), "the title was not drawn"
    checked = sum(assert_no_tofu(words, weight, tag) for _, words, _, weight, _, _ in slide.texts)
    assert checked >= len(title_letters)
    assert ink(slide).sum() > 500  # and it drew something


@pytest.mark.parametrize("tag", SCRIPTS)
def test_a_caption_in_each_script_draws_no_missing_glyph(tag):
    text = WORDS[tag][3][0]
    assert missing(text, tag) == []
    assert assert_no_tofu(text, "Medium", tag) > 3
    picture, (left, top) = render_cue(text, (640, 360), language=tag)
    alpha = np.asarray(picture)[:, :, 3]
    assert picture.width < 640 and left >= 0 and top > 180  # lower third, inside the frame
    white = (np.asarray(picture)[:, :, :3].min(axis=2) > 200) & (alpha > 200)
    assert white.sum() > 100  # the letters themselves


def test_a_latin_brand_inside_japanese_stays_whole_and_in_order():
    how = lettering_for("ja")
    text = "GlucoSenseのデータを共有"
    parts = runs(text, "Regular", how)
    assert "".join(run.text for run in parts) == text  # one direction: logical order
    assert not any(run.rtl for run in parts)
    assert missing(text, "ja") == []


@pytest.mark.parametrize(
    ("tag", "word", "last"), [("ar", "جهاز", "يوميا"), ("he", "מכשיר", "ביום")]
)
def test_a_mixed_direction_line_reads_right_to_left_with_the_brand_left_to_right(tag, word, last):
    how = lettering_for(tag)
    text = f"{word} GlucoSense 10 {last}"
    parts = runs(text, "Regular", how)
    # on screen, left to right: the last word, the brand with its number (UAX #9 W7 keeps them
    # together, left to right), then the first word at the right edge
    shown = [run.text.strip() for run in parts if run.text.strip()]
    assert shown == [last, "GlucoSense 10", word]
    brand = next(run for run in parts if "GlucoSense" in run.text)
    assert not brand.rtl and brand.family == ROBOTO
    assert next(run for run in parts if word in run.text).rtl

    # and in pixels: the brand's ink is exactly Roboto's "GlucoSense", left of the Arabic word
    size, width, height = 40, 700, 80
    line = Image.new("L", (width, height), 0)
    draw_line(ImageDraw.Draw(line), (width - 10, 10), text, size, "Regular", 255, "ra", how)
    lengths = [run_length(run, size, "Regular", how) for run in parts]
    start = width - 10 - sum(lengths)
    x = start + sum(lengths[: parts.index(brand)])
    alone = Image.new("L", (width, height), 0)
    draw_line(ImageDraw.Draw(alone), (x, 10), brand.text, size, "Regular", 255, "la", how)
    window = slice(int(x), int(x + lengths[parts.index(brand)]))
    got = np.asarray(line, dtype=np.float64)[:, window]
    want = np.asarray(alone, dtype=np.float64)[:, window]
    assert np.corrcoef(got.ravel(), want.ravel())[0, 1] > 0.95
    columns = np.flatnonzero(np.asarray(line).max(axis=0) > 0)
    assert columns.max() > x + lengths[parts.index(brand)] + 10  # the first word: right of it
    assert columns.min() < x - 10  # the last word: left of it


@pytest.mark.parametrize("tag", ["ar", "he"])
def test_right_to_left_slides_are_mirrored(tag):
    slide, _ = slide_for(tag, "bullets")
    latin, _ = slide_for("ru", "bullets")
    for mirrored, expected in ((slide, "right"), (latin, "left")):
        weight = ink(mirrored).sum(axis=0)
        centre = (weight * np.arange(weight.size)).sum() / weight.sum()
        on_right = centre > mirrored.size[0] / 2
        assert on_right == (expected == "right"), (tag, expected, centre)
    bullets = [t for t in slide.texts if t[1] in WORDS[tag][3]]
    assert len(bullets) == 3 and all(anchor.startswith("r") for *_, anchor in bullets)
    assert all(xy[0] > slide.size[0] / 2 for xy, *_ in bullets)  # lines start at the right
    # the bullet discs sit right of their text: card ink beyond each line's right anchor
    bare = np.asarray(slide.render(None, text=False).convert("RGB"), dtype=np.int16)
    for xy, *_ in bullets:
        row = bare[int(xy[1]) + 6, :, :]
        disc = np.abs(row - row[int(xy[0]) - 4]).max(axis=1) > 60
        assert disc[int(xy[0]) :].any(), "no bullet disc right of the text"


def test_japanese_lines_never_start_with_closing_marks_or_small_kana():
    text = "グルコセンスは、毎分「血糖値」を測定します。GlucoSenseのデータをチームと共有ください。"
    for width in range(4, 20):
        lines = wrap(text, width, len)
        assert "".join(lines) == text
        assert all(line[0] not in "、。」ーっゃゅょァィ" for line in lines[1:]), lines
        assert all(line[-1] != "「" for line in lines), lines
        if width >= len("GlucoSenseの"):
            assert any("GlucoSense" in line for line in lines), lines


def test_thai_words_are_pythainlps_newmm_words():
    from pythainlp.tokenize import word_tokenize

    for text in [*WORDS["th"][3], WORDS["th"][5], "ยาตัวนี้ช่วยลดความดันโลหิตได้อย่างมีประสิทธิภาพ"]:
        assert list(units(text)) == word_tokenize(text, engine="newmm", keep_whitespace=False)


def test_thai_lines_break_only_between_words():
    text = "ยาตัวนี้ช่วยลดความดันโลหิตได้อย่างมีประสิทธิภาพ"
    for width in range(6, 30, 3):
        lines = wrap(text, width, len)
        assert "".join(lines) == text
        assert not any(line.endswith("ความดัน") or line.startswith("โลหิต") for line in lines)
        assert not any(line.endswith("ประสิทธิ") for line in lines)


def test_spaced_scripts_still_wrap_at_spaces():
    assert wrap("Hello big world", 9, len) == ["Hello big", "world"]
    assert wrap("مرحبا بالعالم الكبير", 13, len) == ["مرحبا بالعالم", "الكبير"]
