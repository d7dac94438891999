"""The supported-language table agrees with espeak-ng's voices, and tags are standardised."""

from __future__ import annotations

import pytest

from pipeline.languages import LANGUAGES, check_language
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


def test_unsupported_scripts_are_refused_with_the_list():
    with pytest.raises(ValueError, match=r"use one of af, be, .*, en, .*vi"):
        check_language("zh-Hans")
