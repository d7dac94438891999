"""Translating a master over real HTTP: the draft parsed into a `Translation`, repair, refusal."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import ProviderUnavailable, StageError
from pipeline.localization.master import load_master
from pipeline.localization.texts import check_translation, source_text, translation_problems
from pipeline.providers.registry import translator_for
from pipeline.revision import Revision
from tests.conftest import short_brief
from tests.support.fake_openai import FakeOpenAI
from tests.support.masters import make_master


def _check(master):
    def check(translation):
        problems = translation_problems(master, translation)
        if problems:
            raise StageError("translation", "openai", "; ".join(problems))

    return check


@pytest.mark.parametrize("api", ["chat", "responses"])
def test_the_model_translates_every_scene_line_and_brief_field(
    server: FakeOpenAI, make_settings, tmp_path, api: str
) -> None:
    master = load_master(make_master(tmp_path / "m", short_brief("product_ad", 12)))
    translator = translator_for(make_settings(openai_text_api=api, openai_text_model="tiny"))
    source = source_text(master)

    german = translator.translate(
        master.brief,
        source,
        source_language="en",
        language="de",
        revision=Revision(),
        check=_check(master),
    )

    assert [s.index for s in german.scenes] == [s.index for s in source.scenes]
    assert all(s.title.startswith("DE") for s in german.scenes)
    assert german.brief.keys() == source.brief.keys()
    assert isinstance(german.brief["key_benefits"], list)  # lists stay lists, one text stays one
    assert isinstance(german.brief["safety_information"], str)
    brief = check_translation(master, german, "de", strict=False)
    assert brief.safety_information.startswith("DE ")
    (request,) = server.on(api)
    schema = (
        request.body["response_format"]["json_schema"]
        if api == "chat"
        else request.body["text"]["format"]
    )
    assert schema["name"] == "TranslationDraft" and schema["strict"] is True
    prompt = request.text()
    assert 'from\nthe language with BCP-47 code "en"' in prompt
    assert source.script[0].narration in prompt
    assert "keep every number" in prompt


def test_a_social_masters_caption_is_translated_by_the_model(
    server: FakeOpenAI, make_settings, tmp_path
) -> None:
    master = load_master(make_master(tmp_path / "m", short_brief("social_media", 8)))
    source = source_text(master)
    assert source.post_caption == master.script.post_caption
    german = translator_for(make_settings()).translate(
        master.brief, source, source_language="en", language="de",
        revision=Revision(), check=_check(master),
    )  # fmt: skip
    assert german.post_caption and german.post_caption.startswith("DE ")
    quoted = json.dumps(master.script.post_caption, ensure_ascii=False)[1:30]
    assert quoted in server.on("chat")[0].text()
    assert check_translation(master, german, "de", strict=False)


def test_an_answer_that_does_not_fit_the_master_goes_back_to_the_model(
    server: FakeOpenAI, make_settings, tmp_path
) -> None:
    master = load_master(make_master(tmp_path / "m", short_brief("moa", 8)))
    translator = translator_for(make_settings())
    source = source_text(master)
    short = source.model_dump(mode="json")
    server.answer(
        "TranslationDraft",
        {
            "brief_fields": [{"name": n, "texts": [t]} for n, t in source.brief.items()],
            "scenes": short["scenes"][:1],
            "lines": short["script"][:1],
            "post_caption": "",
        },
    )
    german = translator.translate(
        master.brief, source, source_language="en", language="de",
        revision=Revision(), check=_check(master),
    )  # fmt: skip
    assert len(german.scenes) == len(source.scenes)
    first, second = server.on("chat")
    assert "could not be used" in second.text() and "scene(s) but the master has" in second.text()


def test_a_refusal_and_repeated_nonsense_fail_naming_the_model(
    server: FakeOpenAI, make_settings, tmp_path
) -> None:
    master = load_master(make_master(tmp_path / "m", short_brief("moa", 8)))
    translator = translator_for(make_settings(openai_repair_attempts=1, openai_text_model="m1"))
    args = {"source_language": "en", "language": "fr", "revision": Revision()}
    server.fail("chat", "refusal")
    with pytest.raises(StageError, match="model 'm1' refused"):
        translator.translate(master.brief, source_text(master), **args)
    server.fail("chat", "invalid", "invalid")
    with pytest.raises(StageError, match="gave no valid translation in 2 attempt"):
        translator.translate(master.brief, source_text(master), **args)


def test_a_regenerate_sends_the_version_seen_and_all_feedback(
    server: FakeOpenAI, make_settings, tmp_path
) -> None:
    master = load_master(make_master(tmp_path / "m", short_brief("moa", 8)))
    translator = translator_for(make_settings())
    source = source_text(master)
    first = translator.translate(
        master.brief, source, source_language="en", language="de", revision=Revision()
    )
    revision = Revision().next("say 'Cholesterinspiegel'")
    translator.translate(
        master.brief, source, source_language="en", language="de", revision=revision,
        previous=first,
    )  # fmt: skip
    prompt = server.on("chat")[-1].text()
    assert "say 'Cholesterinspiegel'" in prompt and "This is version 2" in prompt
    assert json.dumps(first.scenes[0].title, ensure_ascii=False) in prompt


def test_only_the_offline_writer_cannot_translate(make_settings):
    with pytest.raises(ProviderUnavailable) as error:
        translator_for(make_settings(writer="offline"))
    assert "offline writer cannot translate" in str(error.value)
    assert "translations" in str(error.value) and "OPENAI_API_KEY" in str(error.value)
