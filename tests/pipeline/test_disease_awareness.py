"""Disease awareness: unbranded by construction, from the brief to the slides' footer."""

from __future__ import annotations

import pytest
from PIL import Image

from pipeline.briefs import BriefError
from pipeline.errors import StageError
from pipeline.outputs import Scene, Scenes, Script, ScriptLine
from pipeline.providers.images import wording
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.providers.writer.prompts import scenes_messages, script_messages
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.video_types import parse_brief
from pipeline.video_types.disease_awareness import medicine_names
from tests.conftest import example_data

EXAMPLE = example_data("disease_awareness")


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("symptoms", ["Feeling thirsty", "Ask about Glyvanta"], "Glyvanta"),
        ("condition", "diabetes (treated with glucosense)", "glucosense"),
        ("call_to_action", "Ask your doctor about empagliflozin", "empagliflozin"),
        ("risk_factors", ["People already taking atorvastatin"], "atorvastatin"),
    ],
)
def test_a_brief_naming_a_medicine_is_refused_naming_field_and_word(field, value, named):
    with pytest.raises(BriefError) as caught:
        parse_brief(EXAMPLE | {field: value})
    message = str(caught.value)
    assert f"  - {field}: names a medicine ('{named}')" in message
    assert "make a product_ad" in message


def test_ordinary_words_are_not_taken_for_medicines():
    assert medicine_names("See your doctor in April about statins and capillaries", []) == []
    assert medicine_names("Lisinopril and METFORMIN", ["metformin"]) == ["METFORMIN", "Lisinopril"]


@pytest.mark.parametrize("seconds", [10, 40, 90])
@pytest.mark.parametrize("history", [(), ("shorter",), ("add treatment options",)])
def test_offline_copy_names_no_product_and_sends_viewers_to_a_doctor(seconds, history):
    brief = parse_brief(EXAMPLE | {"target_duration_s": seconds})
    revision = Revision(version=1 + len(history), feedback=history)
    scenes = plan_scenes(brief, revision=revision, writer=OfflineWriter())
    script = write_script(brief, scenes, revision=revision, writer=OfflineWriter())
    said = " ".join(
        [line.narration for line in script.lines]
        + [t for s in scenes.scenes for t in (s.title, s.purpose, *s.bullets)]
    ).casefold()
    for name in [*brief.sponsor_products, brief.brand.name]:
        assert name.casefold() not in said
    assert scenes.scenes[-1].visual_kind == "cta"
    assert brief.call_to_action.casefold() in said


def test_the_sponsor_is_only_a_small_footer_line_and_no_logo(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (40, 20), "red").save(logo)
    brief = parse_brief(EXAMPLE | {"brand": EXAMPLE["brand"] | {"logo": str(logo)}})
    brand = wording.slide_brand(brief)
    assert brand.name == "Brought to you by Northwind Pharma"
    assert brand.logo is None
    assert wording.subject(brief) == "Type 2 diabetes"
    product = parse_brief(example_data("product_ad") | {"brand": EXAMPLE["brand"]})
    assert wording.slide_brand(product).name == "Northwind Pharma"


class _NamingWriter:
    """A model that slips a product name in, as a real one might."""

    name = "naming"

    def write_scenes(self, brief, revision, **_):
        scene = Scene(
            index=1,
            title="Ask about GlucoSense",
            purpose="p",
            visual_kind="title",
            duration_hint_s=3,
        )
        return Scenes(scenes=[scene])

    def write_script(self, brief, scenes, revision, **_):
        return Script(lines=[ScriptLine(scene_index=1, narration="Ask about semaglutide.")])


def test_stages_refuse_output_that_names_a_medicine():
    brief = parse_brief(EXAMPLE)
    with pytest.raises(StageError, match="scene 1 names 'GlucoSense'"):
        plan_scenes(brief, revision=Revision(), writer=_NamingWriter())
    scenes = Scenes(
        scenes=[Scene(index=1, title="Hi", purpose="p", visual_kind="title", duration_hint_s=3)]
    )
    with pytest.raises(StageError, match="says 'semaglutide'"):
        write_script(brief, scenes, revision=Revision(), writer=_NamingWriter())


def test_a_model_is_told_to_keep_products_and_sponsor_out():
    brief = parse_brief(EXAMPLE)
    scenes = OfflineWriter().write_scenes(brief, Revision())
    for messages in (
        scenes_messages(brief, Revision(), None),
        script_messages(brief, scenes, Revision(), None),
    ):
        request = messages[1]["content"]
        assert "Name no medicine or product" in request
        assert "GlucoSense, Glyvanta, metformin" in request
        assert "Do not name the sponsor (Northwind Pharma)" in request
