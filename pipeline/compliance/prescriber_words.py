"""The words for "doctor" and "pharmacist" in every language reelflow letters and voices.

Each profile's `adequate-provision` rule (its source is in the profile) includes pointing the
viewer to a doctor or pharmacist. The check looks for these words in the video's own language, and
in English, which the offline writer narrates in whatever the brief's language.
Each entry is a regular expression for a stem ("ärzt" finds "Ärztin" and "Ärzte"): in spaced
scripts it must start a word; in scripts that attach articles and particles to the noun (Arabic,
Hebrew) or write no spaces (Chinese, Japanese, Thai) it may sit anywhere. Korean's 의사 (doctor)
must not begin 의사소통, 의사결정 or 의사표현 (communication, decision, expression).
`tests/pipeline/test_prescriber_words.py` holds the table to `pipeline.languages.LANGUAGES`, so a
new language cannot arrive without its words.
"""

from __future__ import annotations

import re
from functools import cache

WORDS: dict[str, tuple[str, ...]] = {
    "en": ("doctor", "physician", "pharmacist", "healthcare", "health care", "nurse"),
    "af": ("dokter", "apteker", "geneesheer"),
    "be": ("лекар", "доктар", "фармацэўт", "аптэк"),
    "bg": ("лекар", "доктор", "фармацевт", "аптек"),
    "bs": ("ljekar", "doktor", "farmaceut", "apotekar"),
    "ca": ("metge", "metgessa", "doctor", "farmacèutic"),
    "cs": ("lékař", "lékárn", "doktor"),
    "cy": ("meddyg", "fferyllydd"),
    "da": ("læge", "apotek", "farmaceut"),
    "de": ("arzt", "ärzt", "hausarzt", "hausärzt", "apothek", "doktor"),
    "el": ("γιατρ", "ιατρ", "φαρμακοποι", "φαρμακ"),
    "es": ("médic", "medic", "farmacéutic", "doctor"),
    "et": ("arst", "apteek", "proviisor"),
    "eu": ("mediku", "sendagile", "farmazialari", "botikari"),
    "fi": ("lääkär", "apteek", "farmaseut"),
    "fr": ("médecin", "pharmacien", "docteur", "professionnel de santé"),
    "ga": ("dochtúir", "poitigéir"),
    "hr": ("liječnik", "ljekarnik", "doktor"),
    "hu": ("orvos", "gyógyszerész"),
    "id": ("dokter", "apoteker"),
    "is": ("lækn", "lyfjafræðing", "lyfsal"),
    "it": ("medic", "farmacist", "dottor"),
    "lt": ("gydytoj", "vaistinink", "farmacinink"),
    "lv": ("ārst", "farmaceit"),
    "mk": ("лекар", "доктор", "фармацевт"),
    "ms": ("doktor", "ahli farmasi"),
    "mt": ("tabib", "spiżjar"),
    "nb": ("lege", "apotek", "farmasøyt"),
    "nl": ("arts", "huisarts", "dokter", "apotheker"),
    "no": ("lege", "apotek", "farmasøyt"),
    "pl": ("lekarz", "farmaceut", "aptek"),
    "pt": ("médic", "farmacêutic"),
    "ro": ("medic", "farmacist"),
    "ru": ("врач", "доктор", "фармацевт", "аптек"),
    "sk": ("lekár", "lekárn", "doktor"),
    "sl": ("zdravnik", "farmacevt", "lekarn"),
    "sq": ("mjek", "farmacist"),
    "sr": ("лекар", "доктор", "фармацеут", "lekar", "doktor", "farmaceut"),
    "sv": ("läkare", "apotek", "farmaceut"),
    "sw": ("daktari", "mfamasia"),
    "tr": ("doktor", "hekim", "eczacı"),
    "uk": ("лікар", "фармацевт", "аптек"),
    "vi": ("bác sĩ", "dược sĩ"),
    "zh": ("医生", "醫生", "医师", "醫師", "药剂师", "藥劑師", "药师", "藥師"),
    "ja": ("医師", "医者", "薬剤師", "主治医"),
    "ko": ("의사(?!소통|결정|표현)", "약사"),
    "ar": ("طبيب", "صيدل"),
    "he": ("רופא", "רוקח"),
    "hi": ("डॉक्टर", "चिकित्सक", "फार्मासिस्ट"),
    "th": ("แพทย์", "หมอ", "เภสัชกร"),
}
"""Stems of the words for doctor and pharmacist, by BCP-47 primary language subtag."""

ANYWHERE = frozenset({"ar", "he", "zh", "ja", "th"})
"""Languages whose words may carry attached prefixes or sit between other characters."""


@cache
def prescriber_pattern(language: str) -> re.Pattern[str]:
    """One pattern for English plus `language` ("de-AT" reads as "de")."""
    primary = language.replace("_", "-").split("-")[0].lower()
    parts = [rf"\b{re.escape(stem)}" for stem in WORDS["en"]]
    own = WORDS.get(primary, ())
    parts += [stem if primary in ANYWHERE else rf"\b{stem}" for stem in own]
    return re.compile("|".join(parts), re.IGNORECASE)


def names_a_prescriber(text: str, language: str) -> bool:
    """True when `text` mentions a doctor or pharmacist in English or in `language`."""
    return prescriber_pattern(language).search(text) is not None
