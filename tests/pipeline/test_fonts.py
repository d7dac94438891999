"""Fonts: the right family per script, coverage read exactly, a clear error when one is missing."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from pipeline.media import fonts
from pipeline.media.cmap import read_cmap
from pipeline.media.fonts import FALLBACKS, ROBOTO, SCRIPT_FAMILIES, Family, FontMissing
from pipeline.media.text import lettering_for

FAMILIES = sorted({ROBOTO, *SCRIPT_FAMILIES.values(), *FALLBACKS}, key=lambda f: f.name)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_the_cmap_reader_agrees_with_fonttools(family, weight):
    path = family.require(weight)
    with TTFont(str(path), fontNumber=family.index, lazy=True) as ttf:
        expected = {c for c, name in ttf.getBestCmap().items() if name != ".notdef"}
    assert read_cmap(path, family.index) == expected


@pytest.mark.parametrize(
    ("tag", "family"),
    [
        ("de", "Roboto"), ("ru", "Roboto"), ("el", "Roboto"), ("ja", "Noto Sans CJK JP"),
        ("zh", "Noto Sans CJK SC"), ("zh-TW", "Noto Sans CJK TC"), ("ko", "Noto Sans CJK KR"),
        ("ar", "Noto Sans Arabic"), ("he", "Noto Sans Hebrew"), ("hi", "Noto Sans Devanagari"),
        ("th", "Noto Sans Thai"),
    ],
)  # fmt: skip
def test_each_language_letters_in_its_scripts_font_then_falls_back(tag, family):
    chain = lettering_for(tag).chain
    assert chain[0].name == family
    assert ROBOTO in chain and len(set(chain)) == len(chain)


def test_a_missing_font_names_the_debian_package(tmp_path, monkeypatch):
    klingon = Family("Noto Sans Klingon", "NotoSansKlingon-{weight}.ttf", "fonts-noto-extra")
    with pytest.raises(FontMissing, match=r"install the Debian package fonts-noto-extra"):
        klingon.require("Regular")

    monkeypatch.setattr(fonts, "NOTO_DIRS", (tmp_path,))
    fonts._find.cache_clear()
    lettering_for.cache_clear()
    try:
        with pytest.raises(FontMissing, match=r"Noto Sans CJK JP .* fonts-noto-cjk"):
            lettering_for("ja")
        assert lettering_for("de").chain[0] == ROBOTO  # Latin needs no system font
    finally:
        fonts._find.cache_clear()
        lettering_for.cache_clear()


def test_noto_weights_map_to_the_two_debian_ships():
    arabic = SCRIPT_FAMILIES["Arab"]
    assert arabic.path("Light") == arabic.path("Regular")
    assert arabic.path("Black") == arabic.path("Medium") == arabic.path("Bold")
    assert ROBOTO.path("Black").name == "Roboto-Black.ttf"


def test_a_brief_in_a_script_whose_font_is_missing_is_refused_naming_the_package(
    tmp_path, monkeypatch
):
    from pipeline.languages import check_language

    monkeypatch.setattr(fonts, "NOTO_DIRS", (tmp_path,))
    fonts._find.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"'ar' cannot be lettered .* fonts-noto-core"):
            check_language("ar")
        assert check_language("de") == "de"
    finally:
        fonts._find.cache_clear()
