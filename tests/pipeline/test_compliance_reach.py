"""What the word checks read: every text a viewer gets, not only the storyboard and narration.

Check 12 (disease awareness names nothing) covers text, speech and captions: captions are the
narration's own words cue by cue (timed by the speech engine), so a name in a caption is a name
in the narration line the check reads; the kicker, subtitle, footer and call-to-action button the
renderer draws from the brief are read too. Check 1 (the market gate) looks at the brief alone,
before any stage, so nothing a stage writes can get past it.
"""

from __future__ import annotations

import re

import pytest

from pipeline.compliance import check_brief, check_outputs
from pipeline.media.captions import caption_cues
from pipeline.outputs import ScriptLine
from pipeline.providers.speech.espeak import EspeakSpeaker
from pipeline.video_types import parse_brief
from tests.conftest import example_data
from tests.pipeline.test_compliance_corpus import drafted


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold())


def test_a_name_in_the_captions_is_found_in_the_line_they_come_from(tmp_path):
    brief = parse_brief(example_data("disease_awareness"))
    scenes, script = drafted(brief)
    last = script.lines[-1]
    named = f"{last.narration} Ask about Glyvanta today."
    lines = [*script.lines[:-1], ScriptLine(scene_index=last.scene_index, narration=named)]
    script = script.model_copy(update={"lines": lines})

    speech = EspeakSpeaker().synthesize(named, "en", tmp_path / "line.wav")
    cues = caption_cues(speech.words, speech.duration_s)
    assert any("Glyvanta" in cue.text for cue in cues)
    assert _words(" ".join(cue.text for cue in cues)) == _words(named)  # the same words

    report = check_outputs(brief, scenes, script)
    [finding] = report.findings
    assert finding.rule_id == "no-product-names" and finding.evidence[0].measured == "'Glyvanta'"
    assert finding.evidence[0].where == f"scene {last.scene_index} (narration)"


def test_text_the_renderer_draws_from_the_brief_is_read_too():
    brief = parse_brief(example_data("disease_awareness"))
    scenes, script = drafted(brief)
    # The brief's own fields are refused when they name a medicine; the sponsor's line is not a
    # field of its own, so a sponsor named like a medicine is caught on screen.
    sponsored = brief.model_copy(
        update={"brand": brief.brand.model_copy(update={"name": "Glyvantamab"})}
    )
    report = check_outputs(sponsored, scenes, script)
    assert {f.evidence[0].where for f in report.findings} == {
        "every slide (kicker, subtitle, footer)"
    }


@pytest.mark.parametrize("market", ["eu", "uk"])
def test_the_market_gate_needs_only_the_brief(market):
    data = example_data("product_ad") | {"market": market}
    report = check_brief(parse_brief(data))
    assert [f.rule_id for f in report.blocking] == ["market-gate"]
    assert report.stage == "brief"
