"""Localized versions end to end: one offline master, three languages through the fake model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.localize import localize
from flows.registry import run_here
from flows.review import ReviewPolicy
from pipeline.settings import load_settings
from pipeline.video_types import VideoType
from pipeline.workspace import file_hash
from tests.conftest import short_brief
from tests.support.fake_openai import fake_openai, translation_mark
from tests.support.masters import hand_translation
from tests.support.probe import needs_ffprobe, probe, stream
from tests.support.reviewer import ScriptedReviewer

pytestmark = [pytest.mark.e2e, needs_ffprobe]

LANGUAGES = ["de", "ja", "ar"]  # Latin, CJK and right-to-left Arabic from one master
ACCEPT = {"decision": "accept", "feedback": "", "reviewer": "mlr-de"}


@pytest.fixture
def master(prefect_harness, tiny_render) -> tuple[str, Path]:
    """An approved offline master (English), by its flow run id and its folder."""
    state = run_here(VideoType.moa, short_brief("moa", 4), ReviewPolicy.none)
    assert state.is_completed()
    return str(state.state_details.flow_run_id), Path(state.result().folder)


def test_three_language_versions_from_one_master_through_the_model(master, monkeypatch):
    run_id, folder = master
    manifest = next((folder / "final").glob("*-manifest.json"))
    with fake_openai() as fake:
        for name, value in {
            "OPENAI_BASE_URL": fake.base_url,
            "OPENAI_API_KEY": "sk-test",
            "REELFLOW_IMAGES": "pillow",
            "REELFLOW_SPEECH": "espeak",
        }.items():
            monkeypatch.setenv(name, value)
        load_settings.cache_clear()
        outcome = localize(master=run_id, languages=LANGUAGES, review="none")
        translations = [r for r in fake.on("chat") if r.draft == "TranslationDraft"]
        assert len(translations) == len(LANGUAGES)  # one per language (the judge asks too)
    load_settings.cache_clear()

    master_data = json.loads(manifest.read_text())
    assert [v.language for v in outcome.versions] == LANGUAGES
    assert outcome.master == str(folder) and outcome.master_run_id == run_id
    narrations = set()
    for version in outcome.versions:
        assert version.state == "Completed", version.message
        info = probe(Path(version.mp4))
        video, audio = stream(info, "video"), stream(info, "audio")
        assert video["codec_name"] == "h264" and audio["codec_name"] == "aac"
        assert min(int(video["width"]), int(video["height"])) == 144
        data = json.loads(Path(version.manifest).read_text())
        link = data["localized_from"]
        assert link["folder"] == str(folder) and link["run_id"] == run_id
        assert link["manifest_sha256"] == file_hash(manifest)
        assert (link["source_language"], link["language"]) == ("en", version.language)
        assert data["brief"]["language"] == version.language
        # the master's storyboard kept: scene count, kinds and planned durations; words translated
        kept = [(s["visual_kind"], s["duration_hint_s"]) for s in data["storyboard"]["scenes"]]
        assert kept == [
            (s["visual_kind"], s["duration_hint_s"]) for s in master_data["storyboard"]["scenes"]
        ]
        tag = translation_mark(version.language)
        assert all(s["title"].startswith(tag) for s in data["storyboard"]["scenes"])
        assert all(line["narration"].startswith(tag) for line in data["script"]["lines"])
        assert Path(version.mp4).with_name(Path(version.mp4).stem + "-audit.json").is_file()
        narrations.add(tuple(s["segment"] for s in data["scenes"]))
        assert Path(version.folder) != folder
    assert len(narrations) == len(LANGUAGES)  # each version drew and rendered its own scenes


def test_a_supplied_translation_is_reviewed_like_any_run_offline(master):
    _, folder = master
    german = hand_translation(folder)
    reviewer = ScriptedReviewer("localized_version", [ACCEPT] * 6)
    reviewer.start()
    outcome = localize(
        master=str(folder), languages=["de"], review="every",
        translations={"de": german},
    )  # fmt: skip
    reviewer.join(30)
    assert not reviewer.errors
    assert [p.key.rsplit("-", 1)[0] for p in reviewer.seen] == [
        "scenes-v1", "script-v1", "visuals-v1", "animations-v1", "tts-v1", "render-v1",
    ]  # fmt: skip
    (version,) = outcome.versions
    audit = json.loads(
        Path(version.mp4).with_name(Path(version.mp4).stem + "-audit.json").read_text()
    )
    assert [d["reviewer"] for d in audit["decisions"]] == ["mlr-de"] * 6
    data = json.loads(Path(version.manifest).read_text())
    assert data["localized_from"]["translated_by"] == "supplied"
    assert data["providers"]["writer"] == "supplied"
    assert [line["narration"] for line in data["script"]["lines"]] == [
        line.narration for line in german.script
    ]


def test_offline_without_translations_the_flow_fails_naming_the_fix(master):
    _, folder = master
    state = localize(master=str(folder), languages=["de"], review="none", return_state=True)
    assert state.is_failed()
    assert "only the offline writer is available" in state.message


def test_a_run_id_the_server_does_not_know_is_named(prefect_harness):
    state = localize(
        master="0b6a4f3e-8f7c-4a57-9d8e-2f1c6a1b2c3d", languages=["de"], return_state=True
    )
    assert state.is_failed()
    assert "flow run 0b6a4f3e-8f7c-4a57-9d8e-2f1c6a1b2c3d was not found" in state.message


def test_a_regenerate_retranslates_with_the_reviewers_feedback(master, monkeypatch):
    _, folder = master
    regenerate = {"decision": "regenerate", "feedback": "scene 1: kürzer", "reviewer": "mlr-de"}
    with fake_openai() as fake:
        for name, value in {
            "OPENAI_BASE_URL": fake.base_url,
            "OPENAI_API_KEY": "sk-test",
            "REELFLOW_IMAGES": "pillow",
            "REELFLOW_SPEECH": "espeak",
        }.items():
            monkeypatch.setenv(name, value)
        load_settings.cache_clear()
        reviewer = ScriptedReviewer("localized_version", [regenerate] + [ACCEPT] * 6)
        reviewer.start()
        outcome = localize(master=str(folder), languages=["de"], review="every")
        reviewer.join(30)
        requests = [r for r in fake.on("chat") if r.draft == "TranslationDraft"]
    load_settings.cache_clear()
    assert not reviewer.errors
    assert [p.key.rsplit("-", 1)[0] for p in reviewer.seen][:2] == ["scenes-v1", "scenes-v2"]
    first, second = (r.text() for r in requests)
    assert "kürzer" not in first
    assert "scene 1: kürzer" in second and "This is version 2" in second
    data = json.loads(Path(outcome.versions[0].manifest).read_text())
    assert data["stage_versions"]["scenes"] == 2 and data["storyboard"]["version"] == 2
