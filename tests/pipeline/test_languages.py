"""The supported-language table agrees with espeak-ng's voices, and tags are standardised."""

from __future__ import annotations

import pytest

from pipeline.languages import LANGUAGES, check_language, language_info
from pipeline.media.fonts import SCRIPT_FAMILIES
from pipeline.providers.speech.espeak import EspeakSpeaker


def test_every_supported_language_has_an_espeak_voice():
    voices = set(EspeakSpeaker().available_languages())
    assert not [tag for tag in LANGUAGES if tag not in voices]


@pytest.mark.parametrize(
    ("given", "standard"), [("en", "en"), ("en_gb", "en-GB"), ("pt-br", "pt-BR")]
)
def test_tags_are_standardised(given, standard):
    assert check_language(given) == standard


@pytest.mark.parametrize("tag", ["", "e", "english", "en--GB", "zz"])
def test_malformed_tags_are_refused(tag):
    with pytest.raises(ValueError, match="is not a BCP-47 language tag"):
        check_language(tag)


@pytest.mark.parametrize("tag", ["am", "ta-IN", "ka"])
def test_unsupported_languages_are_refused_with_the_list(tag):
    with pytest.raises(ValueError, match=r"use one of af, ar, be, .*, en, .*, ja, .*th, .*zh"):
        check_language(tag)


@pytest.mark.parametrize("tag", ["zh-Hans", "zh-TW", "ja", "ko", "ar", "he", "hi", "th"])
def test_every_script_of_issue_14_is_accepted(tag):
    assert check_language(tag) == tag


@pytest.mark.parametrize(
    ("tag", "script", "direction"),
    [
        ("en", "Latn", "ltr"), ("ru", "Cyrl", "ltr"), ("el", "Grek", "ltr"),
        ("zh", "Hans", "ltr"), ("zh-CN", "Hans", "ltr"), ("zh-TW", "Hant", "ltr"),
        ("zh-Hant", "Hant", "ltr"), ("ja", "Jpan", "ltr"), ("ko", "Kore", "ltr"),
        ("ar", "Arab", "rtl"), ("he", "Hebr", "rtl"), ("hi", "Deva", "ltr"), ("th", "Thai", "ltr"),
    ],
)  # fmt: skip
def test_each_language_knows_its_script_and_direction(tag, script, direction):
    info = language_info(tag)
    assert (info.script, info.direction) == (script, direction)
    assert info.script in SCRIPT_FAMILIES  # and so has a font


def test_caption_rules_follow_the_timed_text_style_guides():
    assert (LANGUAGES["ja"].line_chars, LANGUAGES["ja"].cps) == (13, 4.0)
    assert (LANGUAGES["zh"].line_chars, LANGUAGES["zh"].cps) == (16, 9.0)
    assert (LANGUAGES["ko"].line_chars, LANGUAGES["ko"].cps) == (16, 12.0)
    assert (LANGUAGES["en"].line_chars, LANGUAGES["en"].cps) == (42, 17.0)
    assert not LANGUAGES["th"].spaced and LANGUAGES["ar"].spaced
