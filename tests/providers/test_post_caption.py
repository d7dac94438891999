"""The post caption a model writes beside a social post: asked after the script, the brief's risks
and link kept word for word (an answer without them goes back to the model)."""

from __future__ import annotations

import json

from pipeline.compliance import check_outputs
from pipeline.previews import script_markdown
from pipeline.providers.registry import writer_for
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.video_types import parse_brief
from tests.conftest import EXAMPLES
from tests.support.fake_openai import FakeOpenAI

RISKS = "Check with your doctor before you start if you have heart disease."
LINK = "https://heartwise.example/risks"


def social_brief():
    data = json.loads((EXAMPLES / "social_media.json").read_text())
    claim = {
        "text": "Walking 30 minutes a day helps lower blood pressure",
        "reference": {"citation": "AHA 2024"},
    }
    return parse_brief(
        data
        | {"target_duration_s": 8, "claims": [claim], "key_points": [claim["text"]]}
        | {"important_risks": RISKS, "risk_info_url": LINK}
    )


def test_the_model_writes_the_caption_keeping_risks_and_link(server: FakeOpenAI, make_settings):
    writer = writer_for(make_settings())
    brief = social_brief()
    scenes = plan_scenes(brief, revision=Revision(), writer=writer)
    script = write_script(brief, scenes, revision=Revision(), writer=writer)

    asked = [r for r in server.on("chat") if "post caption" in r.text()]
    assert len(asked) == 1
    assert asked[0].body["response_format"]["json_schema"]["name"] == "CaptionDraft"
    assert "instagram reels" in asked[0].text() and "This is scene 1" in asked[0].text()
    assert script.post_caption.startswith("A short post from the fake model.")
    assert RISKS in script.post_caption and LINK in script.post_caption
    assert "Post caption" in script_markdown(scenes, script)  # shown at the review pause


def test_a_caption_without_the_risks_goes_back_to_the_model(server: FakeOpenAI, make_settings):
    writer = writer_for(make_settings())
    brief = social_brief()
    scenes = plan_scenes(brief, revision=Revision(), writer=writer)
    server.answer("CaptionDraft", {"caption": "Walk more! #HeartHealth"})
    script = write_script(brief, scenes, revision=Revision(), writer=writer)

    asked = [r for r in server.on("chat") if "post caption" in r.text()]
    assert len(asked) == 2
    assert "must contain word for word" in asked[1].text()
    assert RISKS in script.post_caption
    report = check_outputs(brief, scenes, script)
    assert "social-post-caption" not in {f.rule_id for f in report.findings}


def test_types_without_a_post_caption_ask_for_none(server: FakeOpenAI, make_settings):
    writer = writer_for(make_settings())
    brief = parse_brief(json.loads((EXAMPLES / "moa.json").read_text()) | {"target_duration_s": 8})
    scenes = plan_scenes(brief, revision=Revision(), writer=writer)
    script = write_script(brief, scenes, revision=Revision(), writer=writer)
    assert script.post_caption is None and "post_caption" not in script.model_dump()
    assert not [r for r in server.on("chat") if "post caption" in r.text()]
