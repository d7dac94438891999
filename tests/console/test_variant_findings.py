"""Each variant shown side by side carries its own compliance findings.

The flow holds a pick to the picked variant's findings; the page used to show variant 1's alone,
so a reviewer picking a variant with a blocking finding was refused for a missing waiver the page
never asked for.
"""

from __future__ import annotations

from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.video_types import parse_brief
from reelflow.console.views import variant_reports
from tests.console.conftest import moa_brief

SUPERLATIVE = "Your doctor is the best person to ask."  # 'the best': a blocking phrase


def made():
    brief = parse_brief(moa_brief(8.25), "moa", source="test")
    writer = OfflineWriter()
    scenes = plan_scenes(brief, revision=Revision(), writer=writer)
    script = write_script(brief, scenes, revision=Revision(), writer=writer)
    return brief, scenes, script


def test_each_script_variant_is_checked_on_its_own_words():
    brief, scenes, script = made()
    lines = [
        line.model_copy(update={"narration": SUPERLATIVE}) if line.scene_index == 2 else line
        for line in script.lines
    ]
    blocked = script.model_copy(update={"lines": lines, "variant": 2})
    clean = script.model_copy(update={"variant": 1})

    first, second = variant_reports(brief, "script", {1: scenes}, [clean, blocked])
    assert first["blocking"] == 0 and first["stage"] == "script"
    assert second["blocking"] == 1
    (finding,) = [f for f in second["findings"] if f["severity"] == "block"]
    assert finding["rule_id"] == "misleading-phrase"
    assert any(SUPERLATIVE in e["text"] for e in finding["evidence"])


def test_scene_variants_are_checked_as_storyboards():
    brief, scenes, _ = made()
    titled = [
        s.model_copy(update={"title": "The best choice"}) if s.index == 1 else s
        for s in scenes.scenes
    ]
    blocked = scenes.model_copy(update={"scenes": titled, "variant": 2})

    first, second = variant_reports(brief, "scenes", {}, [scenes, blocked])
    assert (first["blocking"], second["blocking"]) == (0, 1)
    assert second["stage"] == "scenes"


def test_script_variants_without_scenes_have_no_report():
    brief, _, script = made()
    assert variant_reports(brief, "script", {}, [script, script]) == [None, None]
