"""Localizing a master without Prefect: reading it, checking a request, fitting a translation."""

from __future__ import annotations

import json

import pytest

from pipeline.briefs import Translation
from pipeline.languages import check_language
from pipeline.localization.link import MasterLink, read_link, write_link
from pipeline.localization.master import MasterError, load_master
from pipeline.localization.plan import LocalizeError, parse_languages, plan_versions
from pipeline.localization.texts import (
    TranslationError,
    check_translation,
    localized_scenes,
    localized_script,
)
from pipeline.video_types import parse_brief
from pipeline.workspace import content_hash, file_hash
from tests.conftest import example_data, short_brief
from tests.support.masters import hand_translation, make_master


@pytest.fixture
def moa_master(tmp_path):
    return make_master(tmp_path / "moa-master", short_brief("moa", 8))


@pytest.fixture
def product_master(tmp_path):
    return make_master(tmp_path / "product-master", short_brief("product_ad", 12))


def test_a_master_is_read_with_its_storyboard_script_and_manifest_hash(moa_master):
    master = load_master(moa_master, "run-1")
    manifest = moa_master / "final" / "master-manifest.json"
    assert master.manifest == manifest.resolve()
    assert master.manifest_sha256 == file_hash(manifest)
    assert master.language == "en" and master.run_id == "run-1"
    assert len(master.scenes.scenes) == len(master.script.lines) >= 3
    # the final/ folder and the manifest file itself name the same master
    assert load_master(moa_master / "final").scenes == master.scenes
    assert load_master(manifest).script == master.script


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        ("no-folder", "no such folder"),
        ("no-manifest", "has no manifest"),
        ("no-mp4", "MP4 is missing"),
        ("no-audit", "no audit trail"),
        ("old-manifest", "before reelflow recorded the approved storyboard"),
        ("a-version", "is itself a localized version"),
    ],
)
def test_a_folder_that_is_not_an_approved_master_is_refused(moa_master, damage, says):
    final = moa_master / "final"
    manifest = final / "master-manifest.json"
    data = json.loads(manifest.read_text())
    target = moa_master
    if damage == "no-folder":
        target = moa_master / "missing"
    elif damage == "no-manifest":
        manifest.unlink()
    elif damage == "no-mp4":
        (final / "master.mp4").unlink()
    elif damage == "no-audit":
        (final / "master-audit.json").unlink()
    elif damage == "old-manifest":
        del data["storyboard"]
        manifest.write_text(json.dumps(data))
    elif damage == "a-version":
        data["localized_from"] = {"folder": "/somewhere/master"}
        manifest.write_text(json.dumps(data))
    with pytest.raises(MasterError, match=says):
        load_master(target)


def test_languages_are_standardised_and_bad_ones_listed_with_the_supported_ones():
    assert parse_languages("de, fr_FR ,es") == ["de", "fr-FR", "es"]
    with pytest.raises(LocalizeError) as error:
        parse_languages("de,zu,de,!!")
    text = str(error.value)
    assert "'zu' is not a language reelflow can letter and voice yet" in text
    assert supported_ones("zu") in text
    assert "'de' is listed twice" in text
    assert "'!!' is not a BCP-47 language tag" in text
    with pytest.raises(LocalizeError, match="empty"):
        parse_languages(" , ")


def test_offline_without_translations_is_refused_naming_the_fix(moa_master):
    master = load_master(moa_master)
    with pytest.raises(LocalizeError) as error:
        plan_versions(master, "de,ja,ar", writer="offline")
    text = str(error.value)
    assert "no translation is supplied for de, ja, ar" in text
    assert "OPENAI_API_KEY" in text and "translations" in text
    plans = plan_versions(master, "de,ja,ar", writer="openai")
    assert [(p.language, p.translation) for p in plans] == [
        ("de", None),
        ("ja", None),
        ("ar", None),
    ]


def test_the_masters_own_language_and_unrequested_translations_are_refused(moa_master):
    master = load_master(moa_master)
    given = {"es": hand_translation(moa_master)}
    with pytest.raises(LocalizeError) as error:
        plan_versions(master, "en,de", given, writer="openai")
    assert "already narrated in en" in str(error.value)
    assert "translations are given for es, which --languages does not list" in str(error.value)


def test_supplied_translations_need_no_model(moa_master):
    master = load_master(moa_master)
    german = hand_translation(moa_master)
    plans = plan_versions(master, "de", {"de": german}, writer="offline")
    assert plans[0].translation == german


def test_translations_in_the_masters_brief_need_no_model(tmp_path):
    folder = make_master(tmp_path / "plain", short_brief("moa", 8))
    german = hand_translation(folder)
    data = example_data("moa") | {"target_duration_s": 8}
    data["translations"] = {"de": german.model_dump(mode="json")}
    master = load_master(make_master(tmp_path / "with", parse_brief(data)))
    assert master.brief.translations["de"] == german
    assert plan_versions(master, "de", writer="offline")[0].translation == german


def test_a_translation_that_does_not_fit_the_master_lists_every_mismatch(moa_master):
    master = load_master(moa_master)
    good = hand_translation(moa_master)
    scenes = [s.model_copy(update={"bullets": []}) for s in good.scenes]
    brief = dict(good.brief)
    brief.pop("condition")
    brief["drug_name"] = "Atorvastatin"
    bad = good.model_copy(update={"scenes": scenes, "brief": brief})
    with pytest.raises(TranslationError) as error:
        check_translation(master, bad, "de")
    text = str(error.value)
    assert "scene 1 has 0 bullet(s)" in text
    assert "condition are not translated" in text
    assert "drug_name are not translated text of this moa brief" in text


def test_a_supplied_safety_line_must_read_the_translated_safety_information(product_master):
    master = load_master(product_master)
    good = hand_translation(product_master)
    brief = check_translation(master, good, "de")
    assert brief.safety_information == good.brief["safety_information"]
    lines = [
        line.model_copy(update={"narration": "Bitte lesen Sie die Packungsbeilage."})
        if line.scene_index == len(good.script)
        else line
        for line in good.script
    ]
    with pytest.raises(TranslationError, match="does not read the translated safety"):
        check_translation(master, good.model_copy(update={"script": lines}), "de")
    # a model's translation has that line made to read it (as the writer does)
    assert check_translation(master, good.model_copy(update={"script": lines}), "de", strict=False)


def test_a_version_keeps_the_masters_scenes_kinds_and_timings(moa_master):
    master = load_master(moa_master)
    german = hand_translation(moa_master)
    scenes = localized_scenes(master, german)
    for mine, theirs, words in zip(master.scenes.scenes, scenes.scenes, german.scenes, strict=True):
        assert (theirs.index, theirs.visual_kind, theirs.duration_hint_s) == (
            mine.index,
            mine.visual_kind,
            mine.duration_hint_s,
        )
        assert theirs.title == words.title and theirs.bullets == words.bullets
    script = localized_script(german)
    assert [line.narration for line in script.lines] == [x.narration for x in german.script]
    brief = check_translation(master, german, "de")
    assert brief.language == "de" and brief.drug_name == master.brief.drug_name
    assert brief.condition == german.brief["condition"]


def test_the_translations_field_is_validated_like_every_other(moa_master):
    german = hand_translation(moa_master).model_dump(mode="json")
    data = example_data("moa")
    assert parse_brief(data | {"translations": {"de_de": german}}).translations.keys() == {"de-DE"}
    hidden = json.loads(json.dumps(german))
    hidden["script"][0]["narration"] = "Hallo\u202eWelt"
    with pytest.raises(ValueError) as error:
        parse_brief(data | {"translations": {"zu": german, "de": hidden}})
    text = str(error.value)
    assert "translations.zu" in text and "not a language reelflow can letter" in text
    assert "translations.de.script.0.narration" in text and "U+202E" in text
    renumbered = json.loads(json.dumps(german))
    renumbered["scenes"][1]["index"] = 5
    with pytest.raises(ValueError, match="scenes are numbered"):
        parse_brief(data | {"translations": {"de": renumbered}})
    with pytest.raises(ValueError, match="'de-de' and 'de_DE' are one language"):
        parse_brief(data | {"translations": {"de-de": german, "de_DE": german}})


def test_briefs_without_translations_keep_their_hash():
    brief = parse_brief(example_data("moa"))
    assert "translations" not in brief.model_dump(mode="json")
    # the example's folder hash, as every run before the field existed named it
    assert content_hash(brief) == content_hash(parse_brief(example_data("moa")))
    assert brief.model_dump(mode="json").keys() == {
        "brand", "language", "target_duration_s", "market", "claims", "video_type",
        "drug_name", "condition", "audience", "mechanism_notes",
    }  # fmt: skip


def test_a_versions_folder_records_its_master(tmp_path):
    link = MasterLink(
        folder="/m",
        manifest="/m/final/x-manifest.json",
        manifest_sha256="ab" * 32,
        video_type="moa",
        source_language="en",
        language="de",
        translated_by="supplied",
    )
    assert read_link(tmp_path) is None
    write_link(tmp_path, link)
    assert read_link(tmp_path) == link
    assert Translation.model_json_schema()["required"] == ["scenes", "script"]


def supported_ones(tag: str) -> str:
    """What the brief's own language check says of `tag`: the list of supported languages."""
    with pytest.raises(ValueError) as error:
        check_language(tag)
    return str(error.value)


def test_a_social_masters_post_caption_is_translated_with_its_words(tmp_path):
    folder = make_master(tmp_path / "social-master", short_brief("social_media", 8))
    master = load_master(folder)
    assert master.script.post_caption
    good = hand_translation(folder)
    brief = check_translation(master, good, "de")
    script = localized_script(good, 2)
    assert script.post_caption == good.post_caption and script.post_caption.startswith("Übersetzt")
    missing = good.model_copy(update={"post_caption": None})
    with pytest.raises(TranslationError, match="post caption is not translated"):
        check_translation(master, missing, "de")
    limit = 2200 if brief.platform == "instagram" else None
    too_long = good.model_copy(update={"post_caption": "x" * 3000})
    with pytest.raises(TranslationError, match="the platform shows"):
        check_translation(master, too_long, "de")
    assert limit is None or len(good.post_caption) <= limit


def test_a_master_without_a_caption_takes_no_translated_caption(moa_master):
    master = load_master(moa_master)
    extra = hand_translation(moa_master).model_copy(update={"post_caption": "Hallo"})
    with pytest.raises(TranslationError, match="has no post caption"):
        check_translation(master, extra, "de")
    assert "post_caption" not in hand_translation(moa_master).model_dump(mode="json")
