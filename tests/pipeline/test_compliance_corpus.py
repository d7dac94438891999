"""The non-compliant corpus: for every rule of every profile, a brief (or a storyboard/script
made from one) that trips exactly that rule, under that market.

The cases are keyed by rule id and run for every profile that has the rule, so a rule added to a
profile without a corpus entry fails here (`test_every_rule_has_a_corpus_entry`). Render-timing
rules need a rendered timeline (their corpus is in `test_render_checks.py`), the model judge the
fake OpenAI server (`tests/providers/test_judge.py`); this file checks each is tripped there by
name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline.compliance import check_brief, check_outputs, load_profile
from pipeline.compliance.lexicon import LEXICON
from pipeline.compliance.profiles import MARKET_PROFILES
from pipeline.outputs import Scenes, Script, ScriptLine
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.video_types import parse_brief
from tests.conftest import example_data

WRITER = OfflineWriter()
RENDER_CORPUS = Path(__file__).with_name("test_render_checks.py")
ELSEWHERE = {"overall-impression": Path(__file__).parents[1] / "providers" / "test_judge.py"}
"""Rules whose corpus needs something else: the model judge needs the fake OpenAI server."""
Case = tuple[object, Scenes | None, Script | None]


def drafted(brief) -> tuple[Scenes, Script]:
    """The storyboard and script a run makes (post caption included), from the offline writer."""
    scenes = plan_scenes(brief, revision=Revision(), writer=WRITER)
    return scenes, write_script(brief, scenes, revision=Revision(), writer=WRITER)


def findings(brief, scenes: Scenes | None = None, script: Script | None = None):
    gate = check_brief(brief)
    if gate.blocking:
        return list(gate.findings)
    if scenes is None:
        scenes, script = drafted(brief)
    return list(gate.findings) + list(check_outputs(brief, scenes, script).findings)


def product_ad(market: str, **changes):
    data = example_data("product_ad") | {"market": market}
    if market != "us":  # an OTC product: the only kind advertised to the public there
        data["prescription_only"] = False
    return parse_brief(data | changes)


def _with_claim(market: str, text: str, **changes):
    data = example_data("product_ad")
    claim = {"text": text, "reference": {"citation": "GlucoSense CGM IFU rev. 4"}}
    return product_ad(
        market,
        key_benefits=[*data["key_benefits"], text],
        claims=[*data["claims"], claim],
        **changes,
    )


def _replace_line(script: Script, index: int, narration: str) -> Script:
    lines = [
        ScriptLine(scene_index=line.scene_index, narration=narration)
        if line.scene_index == index
        else line
        for line in script.lines
    ]
    return script.model_copy(update={"lines": lines})


SOCIAL_CLAIM = {
    "text": "Walking 30 minutes a day helps lower blood pressure",
    "reference": {"citation": "AHA Scientific Statement 2024", "locator": "Table 2"},
}
SOCIAL_RISKS = {
    "important_risks": "Check with your doctor before you start if you have heart disease.",
    "risk_info_url": "https://heartwise.example/risks",
}


def social(market: str, **changes):
    data = example_data("social_media") | {"market": market}
    return parse_brief(
        data | {"key_points": [SOCIAL_CLAIM["text"]], "claims": [SOCIAL_CLAIM]} | changes
    )


def training(market: str, **changes):
    return parse_brief(example_data("compliance_video") | {"market": market} | changes)


# --- One case per rule: (brief, scenes, script), scenes and script None for the writer's own. ---


def market_gate(market: str) -> Case:
    return product_ad(market, prescription_only=True), None, None


def names_together(market: str) -> Case:
    return product_ad(market, generic_name=None), None, None


def indication_stated(market: str) -> Case:
    return product_ad(market, indication=None), None, None


def adequate_provision(market: str) -> Case:
    return product_ad(market, pi_url=None), None, None


def major_statement_spoken(market: str) -> Case:
    brief = product_ad(market)
    scenes, script = drafted(brief)
    safety = next(s.index for s in scenes.scenes if s.visual_kind == "safety")
    cut = script.for_scene(safety).narration.split(". Skin")[0] + "."
    return brief, scenes, _replace_line(script, safety, cut)


def claims_referenced(market: str) -> Case:
    data = example_data("product_ad")
    return (
        product_ad(market, key_benefits=[*data["key_benefits"], "Lowers A1c by 1.2 points"]),
        None,
        None,
    )


def misleading_phrase(market: str) -> Case:
    return _with_claim(market, "Guaranteed accurate readings"), None, None


def new_wording(market: str) -> Case:
    long_ago = date.today() - timedelta(days=3 * 365)
    return _with_claim(market, "New sensor design", available_since=long_ago), None, None


def no_product_names(market: str) -> Case:
    brief = parse_brief(example_data("disease_awareness") | {"market": market})
    scenes, script = drafted(brief)
    return brief, scenes, _replace_line(script, len(script.lines), "Ask about Glyvanta.")


def quoted_patient(market: str) -> Case:
    brief = parse_brief(example_data("doctor_ad") | {"market": market})
    scenes, script = drafted(brief)
    quote = 'Our patients say "best visit ever".'
    return brief, scenes, _replace_line(script, len(script.lines), quote)


def board_named(market: str) -> Case:
    data = example_data("doctor_ad") | {
        "market": market,
        "specialty": "board certified dermatology",
    }
    return parse_brief(data), None, None


def social_risk_with_claims(market: str) -> Case:
    brief = social(market, **SOCIAL_RISKS)
    scenes, script = drafted(brief)
    risks = next(s.index for s in scenes.scenes if s.title == "Important risks")
    return brief, scenes, _replace_line(script, risks, "Keep going.")


def social_post_caption(market: str) -> Case:
    return social(market, important_risks=SOCIAL_RISKS["important_risks"]), None, None


def rules_shown_and_said(market: str) -> Case:
    brief = training(market)
    scenes, script = drafted(brief)
    lines = [
        ScriptLine(scene_index=i.scene_index, narration="Listen carefully.") for i in script.lines
    ]
    return brief, scenes, script.model_copy(update={"lines": lines})


def regulation_cited(market: str) -> Case:
    return training(market, regulation="SOP-PV-004"), None, None


def acknowledgement_slide(market: str) -> Case:
    brief = training(market)
    scenes, script = drafted(brief)
    return (
        brief,
        scenes.model_copy(update={"scenes": scenes.scenes[:-1]}),
        script.model_copy(update={"lines": script.lines[:-1]}),
    )


CORPUS: dict[str, Callable[[str], Case]] = {
    "market-gate": market_gate,
    "names-together": names_together,
    "indication-stated": indication_stated,
    "adequate-provision": adequate_provision,
    "major-statement-spoken": major_statement_spoken,
    "claims-referenced": claims_referenced,
    "misleading-phrase": misleading_phrase,
    "new-wording": new_wording,
    "no-product-names": no_product_names,
    "testimonial-disclosure": quoted_patient,
    "board-named": board_named,
    "social-risk-with-claims": social_risk_with_claims,
    "social-post-caption": social_post_caption,
    "rules-shown-and-said": rules_shown_and_said,
    "regulation-cited": regulation_cited,
    "acknowledgement-slide": acknowledgement_slide,
}
MARKETS = {profile: market for market, profile in MARKET_PROFILES.items()}
RULES = [
    (MARKETS[profile], rule)
    for profile in MARKETS
    for rule in load_profile(profile).rules
    if rule.stage != "render" and rule.id not in ELSEWHERE
]


@pytest.mark.parametrize(("market", "rule"), RULES, ids=[f"{m}-{r.id}" for m, r in RULES])
def test_every_rule_has_a_corpus_entry_tripping_exactly_it(market, rule):
    assert rule.id in CORPUS, f"rule {rule.id!r} ({market}) has no non-compliant corpus entry"
    found = findings(*CORPUS[rule.id](market))
    assert {f.rule_id for f in found} == {rule.id}, [(f.rule_id, f.message) for f in found]
    assert all(f.source == rule.source and f.rule == rule.rule for f in found)
    absent = ("names-together", "indication-stated", "adequate-provision", "major-statement-spoken")
    assert any(f.evidence for f in found) or rule.id in absent  # what is missing has no words


def test_every_render_rule_is_tripped_by_name_in_the_render_corpus():
    source = RENDER_CORPUS.read_text()
    render_rules = {r.id for p in MARKETS for r in load_profile(p).rules if r.stage == "render"}
    assert render_rules, "the us-fda profile has render rules"
    missing = {rule for rule in render_rules if f'"{rule}"' not in source}
    assert not missing, f"render rules with no corpus case in {RENDER_CORPUS.name}: {missing}"


def test_rules_tested_elsewhere_are_tripped_by_name_there():
    for rule, path in ELSEWHERE.items():
        assert f'"{rule}"' in path.read_text(), f"{rule} has no corpus case in {path.name}"


@pytest.mark.parametrize("market", ["us", "eu", "uk"])
def test_the_compliant_social_post_with_a_claim_passes(market):
    brief = social(market, **SOCIAL_RISKS)
    scenes, script = drafted(brief)
    assert findings(brief, scenes, script) == []
    assert SOCIAL_RISKS["important_risks"] in script.post_caption
    assert SOCIAL_RISKS["risk_info_url"] in script.post_caption


def test_the_caption_without_a_link_or_risks_is_found_with_its_evidence():
    brief = social("us", important_risks=SOCIAL_RISKS["important_risks"])
    found = findings(brief)
    assert [f.message for f in found] == [
        "the brief gives no risk_info_url for the caption to link to"
    ]
    scenes, script = drafted(social("us", **SOCIAL_RISKS))
    no_link = script.model_copy(update={"post_caption": "Walk more! #HeartHealth"})
    found = findings(social("us", **SOCIAL_RISKS), scenes, no_link)
    assert {f.message for f in found} == {
        "the post caption does not carry the most serious risks",
        "the post caption has no link to the full risk information",
    }
    assert found[0].evidence[-1].text == "Walk more! #HeartHealth"
    assert found[0].evidence[-1].where == "post caption"


def test_a_post_without_a_claim_needs_no_risks_in_its_caption():
    brief = parse_brief(example_data("social_media"))
    scenes, script = drafted(brief)
    assert script.post_caption.startswith(brief.topic)
    assert "#HeartHealth #WomensHealth" in script.post_caption
    assert findings(brief, scenes, script) == []


def test_a_claim_made_only_in_the_caption_counts():
    brief = parse_brief(example_data("social_media"))
    scenes, script = drafted(brief)
    claimed = script.model_copy(update={"post_caption": "Walking cuts heart risk by 30%."})
    assert {f.rule_id for f in findings(brief, scenes, claimed)} == {
        "claims-referenced",
        "social-post-caption",
    }


@pytest.mark.parametrize("market", ["us", "eu", "uk"])
def test_new_is_allowed_inside_the_market_window_and_asked_about_without_a_date(market):
    window = {"us": 6, "eu": 12, "uk": 12}[market]
    recent = date.today() - timedelta(days=30 * (window - 2))
    assert findings(_with_claim(market, "New sensor design", available_since=recent)) == []
    late = date.today() - timedelta(days=31 * (window + 1))
    found = findings(_with_claim(market, "New sensor design", available_since=late))
    assert [f.severity for f in found] == ["block", "block"]  # on screen and said
    assert found[0].evidence[0].limit == f"{window} months"
    undated = findings(_with_claim(market, "New sensor design"))
    assert {(f.rule_id, f.severity) for f in undated} == {("new-wording", "warn")}
    assert "available_since" in undated[0].message


LISTED = {
    "cure": "Cures diabetes",
    "safe without qualification": "Safe readings",
    "no side effects": "No side effects at all",
    "guaranteed": "Guaranteed accurate readings",
    "best": "The best sensor",
    "#1": "The #1 sensor",
    "clinically proven": "Clinically proven accuracy",
    "miracle": "A miracle sensor",
    "100%": "100% accurate readings",
}


@pytest.mark.parametrize("market", ["us", "eu", "uk"])
@pytest.mark.parametrize("phrase", list(LISTED))
def test_every_listed_phrase_is_in_the_lexicon_for_every_market(market, phrase):
    found = findings(_with_claim(market, LISTED[phrase]))
    assert {f.rule_id for f in found} == {"misleading-phrase"}, phrase
    profile = load_profile(MARKET_PROFILES[market])
    assert found[0].source == profile.rule("misleading-phrase").source


def test_every_lexicon_row_names_a_rule_every_market_it_covers_has():
    for phrase in LEXICON:
        for market in phrase.markets:
            assert load_profile(MARKET_PROFILES[market]).rule(phrase.rule_id), (phrase, market)


def test_a_bad_availability_date_is_refused_naming_the_field():
    with pytest.raises(ValueError, match=r"available_since"):
        product_ad("us", available_since="last spring")


def test_available_since_unset_keeps_the_brief_hash():
    brief = product_ad("us")
    assert "available_since" not in brief.model_dump()
    assert re.search(
        r"available_since", product_ad("us", available_since="2026-01-01").model_dump_json()
    )
