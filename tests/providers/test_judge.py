"""The optional model-backed judge: overall-impression warnings from the configured model (the
fake OpenAI-compatible server), never a block, never in place of the deterministic findings,
skipped offline and when the model fails, and never showing the key."""

from __future__ import annotations

import json
import logging

from pipeline.compliance import check_outputs
from pipeline.compliance.judge import judged
from pipeline.compliance.review import compliance_report
from pipeline.providers.registry import writer_for
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.video_types import parse_brief
from tests.conftest import EXAMPLES
from tests.providers.conftest import KEY
from tests.support.fake_openai import FakeOpenAI

CONCERN = {
    "concern": "It suggests the sensor replaces all fingersticks, which the label does not say.",
    "words": "Glucose readings every minute, no fingersticks",
    "where": "scene 4 (narration)",
}


def brief(**changes):
    data = json.loads((EXAMPLES / "product_ad.json").read_text())
    return parse_brief(data | {"target_duration_s": 8} | changes)


def test_the_model_adds_overall_impression_warnings(server: FakeOpenAI, make_settings):
    writer = writer_for(make_settings())
    server.answer("JudgeDraft", {"impressions": [CONCERN]})
    report = compliance_report(brief(), writer)

    judged = [f for f in report.findings if f.rule_id == "overall-impression"]
    assert len(judged) == 1 and judged[0].severity == "warn"
    assert judged[0].message == f"model 'gpt-4o-mini': {CONCERN['concern']}" or judged[
        0
    ].message.endswith(CONCERN["concern"])
    assert judged[0].evidence[0].text == CONCERN["words"]
    assert judged[0].source.startswith("FTC Policy Statement on Deception (1983)")
    asked = [r for r in server.on("chat") if "net) impression" in r.text()]
    assert len(asked) == 1
    assert asked[0].body["response_format"]["json_schema"]["name"] == "JudgeDraft"
    assert "Findings already made" in asked[0].text()


def test_the_judge_never_replaces_or_blocks(server: FakeOpenAI, make_settings):
    writer = writer_for(make_settings())
    b = brief()
    scenes = plan_scenes(b, revision=Revision(), writer=writer)
    script = write_script(b, scenes, revision=Revision(), writer=writer)
    deterministic = check_outputs(b, scenes, script)
    assert deterministic.blocking  # the fake model's generic script breaks product-ad rules
    server.answer("JudgeDraft", {"impressions": [CONCERN, CONCERN | {"where": "scene 1"}]})
    after = judged(b, scenes, script, deterministic, writer)
    assert after.findings[: len(deterministic.findings)] == deterministic.findings
    added = after.findings[len(deterministic.findings) :]
    assert len(added) == 2 and {f.severity for f in added} == {"warn"}
    assert after.blocking == deterministic.blocking


def test_offline_runs_have_no_judge(server: FakeOpenAI):
    report = compliance_report(brief(), OfflineWriter())
    assert "overall-impression" not in {f.rule_id for f in report.findings}
    assert server.requests == []


def test_a_failing_judge_is_skipped_without_the_key(server: FakeOpenAI, make_settings, caplog):
    writer = writer_for(make_settings(openai_repair_attempts=0, openai_max_retries=0))
    from pipeline.compliance import check_outputs
    from pipeline.compliance.judge import judged
    from pipeline.revision import Revision
    from pipeline.stages.scenes import plan_scenes
    from pipeline.stages.script import write_script

    b = brief()
    scenes = plan_scenes(b, revision=Revision(), writer=writer)
    script = write_script(b, scenes, revision=Revision(), writer=writer)
    report = check_outputs(b, scenes, script)
    server.fail("chat", "401-echo")
    with caplog.at_level(logging.WARNING):
        after = judged(b, scenes, script, report, writer)
    assert after == report
    assert "judge was skipped" in caplog.text and KEY not in caplog.text
    server.fail("chat", "refusal")
    assert judged(b, scenes, script, report, writer) == report
