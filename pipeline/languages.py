"""The languages reelflow can letter and voice, and the check every brief's `language` passes.

A language is supported when three things hold: `langcodes` accepts its tag as BCP-47, the slide
font covers its script, and espeak-ng (the offline voice) has a voice for it. Roboto, the slide
font, covers Latin (with the diacritics of the languages below), Greek and Cyrillic; scripts it
lacks (CJK, Arabic, Hebrew, Devanagari, Thai) would render as empty boxes, so they are refused
until their fonts ship. `tests/pipeline/test_languages.py` holds this table to espeak-ng's own
voice list.
"""

from __future__ import annotations

import langcodes

LANGUAGES: dict[str, str] = {
    "af": "Afrikaans", "be": "Belarusian", "bg": "Bulgarian", "bs": "Bosnian", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fi": "Finnish", "fr": "French",
    "ga": "Irish", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay",
    "mt": "Maltese", "nb": "Norwegian Bokmål", "nl": "Dutch", "no": "Norwegian", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese",
}  # fmt: skip
"""Supported languages by their BCP-47 primary subtag: the slide font covers their script and
espeak-ng has a voice for each."""


def check_language(tag: str) -> str:
    """The tag in its standard form ("en_gb" → "en-GB"), or `ValueError` saying what to write."""
    if not langcodes.tag_is_valid(tag):
        raise ValueError(
            f"{tag!r} is not a BCP-47 language tag: write a language code such as en, en-GB, de "
            "or pt-BR"
        )
    language = langcodes.Language.get(tag).language or ""
    if language not in LANGUAGES:
        raise ValueError(
            f"{tag!r} is not a language reelflow can letter and voice yet: use one of "
            f"{', '.join(sorted(LANGUAGES))}"
        )
    return langcodes.standardize_tag(tag)
