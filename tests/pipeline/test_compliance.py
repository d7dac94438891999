"""The compliance checks: every example is clean, and each non-compliant brief trips exactly the
rule it targets (and names its source and evidence)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.compliance import check_brief, check_outputs, load_profile
from pipeline.compliance.review import compliance_report
from pipeline.outputs import Script, ScriptLine
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.video_types import parse_brief
from reelflow.cli import app
from tests.conftest import EXAMPLES, VIDEO_TYPES, example_data

WRITER = OfflineWriter()


def drafted(brief):
    scenes = WRITER.write_scenes(brief, Revision())
    return scenes, WRITER.write_script(brief, scenes, Revision())


def rules_tripped(brief, scenes=None, script=None) -> set[str]:
    if scenes is None:
        scenes, script = drafted(brief)
    report = check_outputs(brief, scenes, script)
    return {f.rule_id for f in check_brief(brief).findings + report.findings}


def product_ad(**changes):
    return parse_brief(example_data("product_ad") | changes)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_every_example_has_no_blocking_finding(example):
    data = json.loads((EXAMPLES / example).read_text())
    report = compliance_report(parse_brief(data), WRITER)
    assert report.blocking == (), [f.message for f in report.blocking]


def test_every_video_type_has_an_example():
    assert {json.loads(p.read_text())["video_type"] for p in EXAMPLES.glob("*.json")} == set(
        VIDEO_TYPES
    )


def test_profiles_are_versioned_data_with_a_source_for_every_rule():
    for profile_id in ("us-fda", "eu", "uk"):
        profile = load_profile(profile_id)
        assert profile.version and profile.effective.year >= 2005
        assert all(rule.source and rule.rule for rule in profile.rules)


@pytest.mark.parametrize("market", ["eu", "uk"])
def test_market_gate_refuses_a_prescription_ad_to_the_public(market):
    report = check_brief(product_ad(market=market))
    assert [f.rule_id for f in report.blocking] == ["market-gate"]
    assert "disease_awareness" in report.blocking[0].message
    assert check_brief(product_ad(market=market, for_hcps=True)).blocking == ()
    assert check_brief(product_ad(market="us")).blocking == ()


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"generic_name": None}, "names-together"),
        ({"indication": None}, "indication-stated"),
        ({"pi_url": None}, "adequate-provision"),
    ],
)
def test_a_product_ad_missing_required_content(changes, rule):
    assert rules_tripped(product_ad(**changes)) == {rule}


def test_an_unreferenced_numeric_claim_blocks_and_a_referenced_one_passes():
    data = example_data("product_ad")
    benefits = [*data["key_benefits"], "Lowers A1c by 1.2 points"]
    brief = product_ad(key_benefits=benefits)
    scenes, script = drafted(brief)
    report = check_outputs(brief, scenes, script)
    assert {f.rule_id for f in report.findings} == {"claims-referenced"}
    finding = report.blocking[0]
    assert "numeric claim" in finding.message and "A1c by 1.2 points" in finding.evidence[0].text
    assert finding.source.startswith("21 CFR 202.1(e)(6)")
    claim = {"text": "Lowers A1c by 1.2 points", "reference": {"citation": "Trial X 2025"}}
    backed = product_ad(key_benefits=benefits, claims=[*data["claims"], claim])
    assert rules_tripped(backed) == set()


def test_misleading_phrases_come_from_the_lexicon():
    data = example_data("product_ad")
    claim = {"text": "Guaranteed accurate readings", "reference": {"citation": "IFU"}}
    brief = product_ad(
        key_benefits=[*data["key_benefits"], claim["text"]], claims=[*data["claims"], claim]
    )
    assert rules_tripped(brief) == {"misleading-phrase"}


def test_the_major_statement_must_be_spoken_in_full():
    brief = product_ad()
    scenes, script = drafted(brief)
    cut = Script(
        lines=[
            ScriptLine(scene_index=line.scene_index, narration=line.narration.split(". Skin")[0])
            for line in script.lines
        ]
    )
    assert rules_tripped(brief, scenes, cut) == {"major-statement-spoken"}


def test_disease_awareness_output_naming_a_product():
    brief = parse_brief(example_data("disease_awareness"))
    scenes, script = drafted(brief)
    named = Script(
        lines=[
            *script.lines[:-1],
            ScriptLine(scene_index=len(script.lines), narration="Ask about Glyvanta."),
        ]
    )
    assert rules_tripped(brief, scenes, named) == {"no-product-names"}


def test_training_rules_are_shown_and_said_and_the_regulation_cited():
    data = example_data("compliance_video")
    brief = parse_brief(data)
    scenes, script = drafted(brief)
    unsaid = Script(
        lines=[
            ScriptLine(scene_index=line.scene_index, narration="Listen carefully.")
            for line in script.lines
        ]
    )
    assert rules_tripped(brief, scenes, unsaid) == {"rules-shown-and-said"}
    assert rules_tripped(parse_brief(data | {"regulation": None})) == {"regulation-cited"}


def test_doctor_ads_name_the_board_and_disclose_testimonials():
    brief = parse_brief(example_data("doctor_ad") | {"specialty": "board certified dermatology"})
    assert rules_tripped(brief) == {"board-named"}
    plain = parse_brief(example_data("doctor_ad"))
    scenes, script = drafted(plain)
    quoted = Script(
        lines=[
            *script.lines[:-1],
            ScriptLine(
                scene_index=len(script.lines), narration='Our patients say "best visit ever".'
            ),
        ]
    )
    assert rules_tripped(plain, scenes, quoted) == {"testimonial-disclosure"}


def test_a_social_claim_without_risk_information_is_flagged():
    claim = {"text": "Walking cuts heart risk", "reference": {"citation": "AHA 2024"}}
    brief = parse_brief(
        example_data("social_media")
        | {"key_points": ["Walking 30 minutes a day helps lower blood pressure"], "claims": [claim]}
    )
    assert "social-risk-with-claims" in rules_tripped(brief)


runner = CliRunner()


def test_reelflow_check_exit_codes_and_json(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(example_data("product_ad")))
    result = runner.invoke(app, ["check", "product_ad", "--brief", str(good)])
    assert result.exit_code == 0 and "nothing blocks" in result.output
    assert "not legal advice" in result.output

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(example_data("product_ad") | {"market": "eu"}))
    result = runner.invoke(app, ["check", "product_ad", "--brief", str(bad), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["profile"] == "eu" and report["findings"][0]["rule_id"] == "market-gate"

    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert runner.invoke(app, ["check", "product_ad", "--brief", str(broken)]).exit_code == 2


def test_a_regenerate_sends_the_fixable_findings_to_the_writer():
    from flows.compliance import with_findings
    from pipeline.compliance.feedback import findings_feedback

    brief = parse_brief(json.loads(open("examples/non-compliant/product_ad.json").read()))
    scenes, script = drafted(brief)
    report = check_outputs(brief, scenes, script)
    notes = findings_feedback(report)
    assert "remove guaranteed" in notes.splitlines()
    assert with_findings("shorter", "script", report).splitlines()[0] == "shorter"
    assert with_findings("shorter", "render", report) == "shorter"
    revision = Revision().next(with_findings("", "scenes", report))
    scenes = WRITER.write_scenes(brief, revision)
    script = WRITER.write_script(brief, scenes, revision)
    assert rules_tripped(brief, scenes, script) == {"names-together"}
