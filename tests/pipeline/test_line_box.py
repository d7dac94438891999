"""`line_box` is where `draw_line` inks, in every script: what the legibility check reads under."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.media.fonts import face
from pipeline.media.text import ROBOTO, draw_line, lettering_for, line_box

LINES = {
    "en": "Ask your doctor about Lipitra",
    "ja": "医師に相談してください Lipitra",
    "zh": "请咨询您的医生",
    "ko": "의사와 상담하세요",
    "ar": "اسأل طبيبك عن Lipitra",
    "he": "שאל את הרופא שלך",
    "hi": "अपने डॉक्टर से पूछें",
    "th": "ปรึกษาแพทย์ของคุณ",
    "ru": "Спросите своего врача",
}


def ink(tag: str, anchor: str) -> tuple[tuple[float, ...], tuple[int, int, int, int]]:
    """The box line_box gives and the bounding box of the pixels draw_line really inked."""
    image = Image.new("L", (1400, 200))
    how, xy = lettering_for(tag), (700.0, 100.0)
    draw_line(ImageDraw.Draw(image), xy, LINES[tag], 40, "Bold", 255, anchor, how)
    inked = np.argwhere(np.asarray(image) > 0)
    (top, left), (bottom, right) = inked.min(axis=0), inked.max(axis=0)
    return line_box(xy, LINES[tag], 40, "Bold", anchor, how), (left, top, right, bottom)


@pytest.mark.parametrize("anchor", ["la", "mm", "rs"])
@pytest.mark.parametrize("tag", sorted(LINES))
def test_the_box_holds_the_ink_of_a_line_in_every_script(tag: str, anchor: str) -> None:
    box, (left, top, right, bottom) = ink(tag, anchor)
    slack = 2  # antialiased edge pixels
    assert box[0] - slack <= left and right <= box[2] + slack, (box, left, right)
    assert box[1] - slack <= top and bottom <= box[3] + slack, (box, top, bottom)
    # …and is the line's box, not a page's: no wider than the ink plus a glyph's side bearings
    assert box[2] - box[0] <= (right - left) * 1.2 + 8


def test_a_latin_line_keeps_pillows_own_box() -> None:
    box = line_box((10.0, 20.0), LINES["en"], 40, "Bold", "mm", lettering_for("en"))
    left, top, right, bottom = face(ROBOTO, 40, "Bold").getbbox(LINES["en"], anchor="mm")
    assert box == (10 + left, 20 + top, 10 + right, 20 + bottom)


def test_roboto_s_box_would_miss_a_japanese_line() -> None:
    """Why the check no longer measures with Roboto: its box of CJK text is a row of tofu."""
    roboto = face(ROBOTO, 40, "Bold").getbbox(LINES["ja"], anchor="la")
    box, (left, _, right, _) = ink("ja", "la")
    assert abs((roboto[2] - roboto[0]) - (right - left)) > 20
    assert abs((box[2] - box[0]) - (right - left)) <= 8
