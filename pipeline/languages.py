"""The languages reelflow can letter and voice, and the check every brief's `language` passes.

A language is supported when three things hold: `langcodes` accepts its tag as BCP-47, a font we
ship or install covers its script (`pipeline.media.fonts` maps each script to its Noto family or
to Roboto), and espeak-ng (the offline voice) has a voice for it. `tests/pipeline/test_languages.py`
holds this table to espeak-ng's own voice list.

Caption rules follow Netflix's Timed Text Style Guides (partnerhelp.netflixstudios.com, "Timed
Text Style Guide" per language): 42 characters per line and 17 characters per second for adult
programmes in the English template and the alphabetic languages without their own figure;
Japanese 13 characters per line and 4 per second; Simplified and Traditional Chinese 16 per line
and 9 per second; Korean 16 per line and 12 per second; Thai 35 per line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import langcodes

Direction = Literal["ltr", "rtl"]


@dataclass(frozen=True)
class Language:
    """What lettering and voicing one language needs.

    `script` is the ISO 15924 code the font table keys on ("Latn", "Jpan", "Arab"…); `spaced` says
    whether words are separated by spaces (line breaking needs a dictionary or per-character rules
    where they are not); `line_chars` and `cps` are the caption limits named in the module's
    docstring.
    """

    name: str
    script: str = "Latn"
    direction: Direction = "ltr"
    line_chars: int = 42
    cps: float = 17.0
    spaced: bool = True

    @property
    def rtl(self) -> bool:
        """True for right-to-left scripts (Arabic, Hebrew): mirrored slides, leftward captions."""
        return self.direction == "rtl"


_LATIN = (
    "af Afrikaans|ca Catalan|cs Czech|cy Welsh|da Danish|de German|en English|es Spanish|"
    "et Estonian|eu Basque|fi Finnish|fr French|ga Irish|hr Croatian|hu Hungarian|id Indonesian|"
    "is Icelandic|it Italian|lt Lithuanian|lv Latvian|ms Malay|mt Maltese|nb Norwegian Bokmål|"
    "nl Dutch|no Norwegian|pl Polish|pt Portuguese|ro Romanian|sk Slovak|sl Slovenian|"
    "sq Albanian|sv Swedish|sw Swahili|tr Turkish|vi Vietnamese|bs Bosnian"
)
_CYRILLIC = "be Belarusian|bg Bulgarian|mk Macedonian|ru Russian|sr Serbian|uk Ukrainian"

LANGUAGES: dict[str, Language] = {
    **{code: Language(name) for code, name in (entry.split(" ", 1) for entry in _LATIN.split("|"))},
    **{
        code: Language(name, "Cyrl")
        for code, name in (entry.split(" ", 1) for entry in _CYRILLIC.split("|"))
    },
    "el": Language("Greek", "Grek"),
    "zh": Language("Chinese", "Hans", line_chars=16, cps=9.0, spaced=False),
    "ja": Language("Japanese", "Jpan", line_chars=13, cps=4.0, spaced=False),
    "ko": Language("Korean", "Kore", line_chars=16, cps=12.0),
    "ar": Language("Arabic", "Arab", "rtl"),
    "he": Language("Hebrew", "Hebr", "rtl"),
    "hi": Language("Hindi", "Deva"),
    "th": Language("Thai", "Thai", line_chars=35, spaced=False),
}
"""Supported languages by their BCP-47 primary subtag: a font covers their script and espeak-ng
has a voice for each."""

_TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})


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
    _check_font(tag)
    return langcodes.standardize_tag(tag)


def _check_font(tag: str) -> None:
    """Refuse a language whose script's font is not installed, naming the package to install.

    Roboto ships as a wheel, so Latin, Greek and Cyrillic never need this (nor its imports).
    """
    script = language_info(tag).script
    if script in ("Latn", "Grek", "Cyrl"):
        return
    from pipeline.media.fonts import SCRIPT_FAMILIES, FontMissing

    try:
        SCRIPT_FAMILIES[script].require("Regular")
    except FontMissing as missing:
        raise ValueError(f"{tag!r} cannot be lettered on this machine: {missing}") from None


@cache
def language_info(tag: str) -> Language:
    """The table entry for a (checked) tag, with the script its region or script subtag picks.

    Chinese is the one language here written in two scripts: "zh-TW", "zh-HK" and "zh-Hant" are
    Traditional, everything else Simplified. An unknown tag gets the Latin defaults, so drawing
    code never fails on a tag that validation already let through.
    """
    parsed = langcodes.Language.get(tag.replace("_", "-"))
    info = LANGUAGES.get(parsed.language or "", Language(tag or "und"))
    if parsed.language == "zh" and (
        parsed.script == "Hant"
        or (parsed.script is None and parsed.territory in _TRADITIONAL_REGIONS)
    ):
        return Language(info.name, "Hant", line_chars=16, cps=9.0, spaced=False)
    return info
