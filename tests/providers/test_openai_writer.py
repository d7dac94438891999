"""The OpenAI writer over real HTTP: structured outputs, revisions, repair and refusal."""

from __future__ import annotations

import pytest

from pipeline.errors import StageError
from pipeline.outputs import Scenes
from pipeline.providers.registry import writer_for
from pipeline.providers.writer.openai_writer import OpenAIWriter
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from tests.conftest import short_brief
from tests.providers.conftest import KEY
from tests.support.fake_openai import FakeOpenAI


@pytest.mark.parametrize("api", ["chat", "responses"])
def test_scenes_and_script_parse_straight_into_the_models(
    server: FakeOpenAI, make_settings, api: str
) -> None:
    writer = writer_for(make_settings(openai_text_api=api, openai_text_model="tiny-model"))
    assert isinstance(writer, OpenAIWriter)
    brief = short_brief("moa")

    scenes = plan_scenes(brief, revision=Revision(), writer=writer)
    script = write_script(brief, scenes, revision=Revision(), writer=writer)

    assert [s.index for s in scenes.scenes] == [1, 2, 3]
    assert scenes.scenes[0].visual_kind == "title"
    assert [line.scene_index for line in script.lines] == [1, 2, 3]
    first, second = server.on(api)
    assert first.body["model"] == "tiny-model"
    assert first.headers["authorization"] == f"Bearer {KEY}"
    schema = (
        first.body["response_format"]["json_schema"]
        if api == "chat"
        else first.body["text"]["format"]
    )
    assert schema["name"] == "StoryboardDraft" and schema["strict"] is True
    assert brief.drug_name in first.text()
    assert '"index": 3' in second.text()  # the script request quotes the approved scenes


def test_regenerate_sends_previous_version_and_all_feedback(
    server: FakeOpenAI, make_settings
) -> None:
    writer = writer_for(make_settings())
    brief = short_brief("doctor_ad")
    first = writer.write_scenes(brief, Revision())
    revision = Revision().next("shorter please").next("scene 2: mention weekend hours")

    second = writer.write_scenes(brief, revision, previous=first)

    assert second.version == 3
    prompt = server.on("chat")[-1].text()
    assert "shorter please" in prompt
    assert "scene 2: mention weekend hours" in prompt
    assert "This is version 3" in prompt
    assert first.scenes[1].title in prompt and first.scenes[0].purpose in prompt


def test_script_regenerate_quotes_the_previous_script(server: FakeOpenAI, make_settings) -> None:
    writer = writer_for(make_settings())
    brief = short_brief("moa")
    scenes = writer.write_scenes(brief, Revision())
    script = writer.write_script(brief, scenes, Revision())

    writer.write_script(brief, scenes, Revision().next("warmer tone"), previous=script)

    prompt = server.on("chat")[-1].text()
    assert "warmer tone" in prompt and script.lines[0].narration in prompt


def test_invalid_answer_is_sent_back_with_its_error_then_accepted(
    server: FakeOpenAI, make_settings
) -> None:
    server.fail("chat", "invalid")
    scenes = writer_for(make_settings()).write_scenes(short_brief("moa"), Revision())

    assert len(scenes.scenes) == 3
    retry = server.on("chat")[1]
    assert "could not be used" in retry.text()
    assert "give between 1 and 12 scenes, not 0" in retry.text()


def test_a_storyboard_breaking_the_stage_rules_is_repaired(
    server: FakeOpenAI, make_settings
) -> None:
    no_safety = {
        "scenes": [
            {
                "title": "Hello",
                "purpose": "Open.",
                "bullets": [],
                "visual_kind": "title",
                "duration_hint_s": 3,
            }
        ]
    }
    server.answer("StoryboardDraft", no_safety)
    writer = writer_for(make_settings())
    scenes = plan_scenes(short_brief("product_ad"), revision=Revision(), writer=writer)

    assert scenes.scenes[-1].visual_kind == "safety"
    assert "must end with its important safety information" in server.on("chat")[1].text()


def test_answers_that_never_validate_end_in_a_clear_stage_error(
    server: FakeOpenAI, make_settings
) -> None:
    server.fail("chat", "invalid", "invalid", "invalid")
    writer = writer_for(make_settings(openai_text_model="tiny-model", openai_repair_attempts=2))

    with pytest.raises(StageError) as caught:
        writer.write_scenes(short_brief("moa"), Revision())

    error = caught.value
    assert (error.stage, error.provider) == ("scenes", "openai")
    assert "'tiny-model' gave no valid scenes in 3 attempt(s)" in str(error)
    assert "scenes: give between 1 and 12 scenes" in str(error)
    assert len(server.on("chat")) == 3


def test_script_safety_line_reads_the_brief_verbatim(server: FakeOpenAI, make_settings) -> None:
    writer = writer_for(make_settings())
    brief = short_brief("product_ad")
    scenes = writer.write_scenes(brief, Revision())
    paraphrase = [
        {"scene_index": s.index, "narration": "See the label for risks."} for s in scenes.scenes
    ]
    server.answer("ScriptDraft", {"lines": paraphrase})

    script = write_script(brief, scenes, revision=Revision(), writer=writer)

    assert script.lines[-1].narration == brief.safety_information


def test_refusal_is_reported_not_parsed(server: FakeOpenAI, make_settings) -> None:
    server.fail("chat", "refusal")
    with pytest.raises(StageError, match="refused: I can't help with that"):
        writer_for(make_settings()).write_scenes(short_brief("moa"), Revision())


def test_refusal_through_the_responses_api(server: FakeOpenAI, make_settings) -> None:
    server.fail("responses", "refusal")
    writer = writer_for(make_settings(openai_text_api="responses"))
    with pytest.raises(StageError, match="refused"):
        writer.write_scenes(short_brief("moa"), Revision())


def test_scenes_round_trip_as_stored_results(server: FakeOpenAI, make_settings) -> None:
    scenes = writer_for(make_settings()).write_scenes(short_brief("social_media"), Revision())
    assert Scenes.model_validate_json(scenes.model_dump_json()) == scenes
