"""Adequate provision in every language: "ask your doctor" is found in the video's own words."""

from __future__ import annotations

import pytest

from pipeline.compliance import check_outputs
from pipeline.compliance.prescriber_words import WORDS, names_a_prescriber
from pipeline.languages import LANGUAGES
from pipeline.outputs import Script
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.video_types import parse_brief
from tests.conftest import example_data

ASK = {
    "de": "Fragen Sie Ihre Ärztin, Ihren Arzt oder in Ihrer Apotheke.",
    "fr": "Demandez conseil à votre médecin ou à votre pharmacien.",
    "ja": "詳しくは医師または薬剤師にご相談ください。",
    "zh": "请咨询您的医生或药剂师。",
    "ar": "اسأل طبيبك أو الصيدلي.",
    "he": "שאלו את הרופא או הרוקח.",
    "hi": "अपने डॉक्टर से पूछें।",
    "th": "ปรึกษาแพทย์หรือเภสัชกร",
    "ko": "의사나 약사에게 문의하세요.",
    "ru": "Проконсультируйтесь с врачом.",
}
NOT_ASKING = {
    "de": "Mehr unter der Website.",
    "ja": "詳しくはウェブサイトをご覧ください。",
    "ar": "لمزيد من المعلومات قم بزيارة الموقع.",
    "ko": "의사소통이 쉽습니다.",
}


def test_every_supported_language_has_its_words():
    assert set(LANGUAGES) <= set(WORDS), sorted(set(LANGUAGES) - set(WORDS))
    assert all(WORDS[code] for code in LANGUAGES)


@pytest.mark.parametrize(("language", "text"), sorted(ASK.items()))
def test_the_words_are_found_in_each_language(language, text):
    assert names_a_prescriber(text, language)
    assert names_a_prescriber(text, f"{language}-XX".replace("-XX", "")), text


@pytest.mark.parametrize(("language", "text"), sorted(NOT_ASKING.items()))
def test_text_that_names_no_prescriber_is_not_taken_for_one(language, text):
    assert not names_a_prescriber(text, language)


def _localized(language: str, closing: str) -> set[str]:
    """Whether a product ad in `language` whose call to action is `closing` lacks provision."""
    data = example_data("product_ad") | {"language": language, "call_to_action": closing}
    brief = parse_brief(data)
    writer = OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    script = writer.write_script(brief, scenes, Revision())
    lines = [
        line.model_copy(update={"narration": line.narration.replace("doctor", "—")})
        for line in script.lines
    ]
    lines[-2] = lines[-2].model_copy(update={"narration": f"{lines[-2].narration} {closing}"})
    translated = Script(lines=lines, version=1)
    report = check_outputs(brief, scenes, translated)
    return {f.rule_id for f in report.findings if f.rule_id == "adequate-provision"}


@pytest.mark.parametrize("language", ["de", "ja", "ar"])
def test_a_localized_product_ad_asking_in_its_own_language_passes(language):
    assert _localized(language, ASK[language]) == set()
    assert _localized(language, NOT_ASKING[language]) == {"adequate-provision"}
