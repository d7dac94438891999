"""Fallback to the offline providers (off by default, recorded when used) and `doctor`."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.errors import StageError
from pipeline.fallbacks import read_fallbacks
from pipeline.outputs import Scene
from pipeline.providers.fallback import FallbackArtist, FallbackSpeaker, FallbackWriter
from pipeline.providers.images import SlideRequest
from pipeline.providers.registry import artist_for, speaker_for, writer_for
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.settings import Settings
from reelflow.doctor import doctor_report
from tests.conftest import short_brief
from tests.providers.conftest import KEY
from tests.support.fake_openai import FakeOpenAI


def failing(server: FakeOpenAI, make_settings, **extra: object) -> Settings:
    for route in ("chat", "images", "speech"):
        server.fail(route, *["500"] * 20)
    return make_settings(openai_max_retries=1, openai_budget_s=3.0, **extra)


def test_fallback_is_off_by_default(server: FakeOpenAI, make_settings) -> None:
    settings = failing(server, make_settings)
    assert settings.fallback_to_offline is False
    with pytest.raises(StageError, match="HTTP 500"):
        writer_for(settings).write_scenes(short_brief("moa"), Revision())


def test_writer_falls_back_and_records_it(
    server: FakeOpenAI, make_settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = failing(server, make_settings, fallback_to_offline=True)
    writer = writer_for(settings, fallback_log=tmp_path / "run" / "fallbacks.jsonl")
    assert isinstance(writer, FallbackWriter)
    brief = short_brief("moa")

    with caplog.at_level(logging.WARNING, logger="reelflow.providers"):
        scenes = writer.write_scenes(brief, Revision())
        script = writer.write_script(brief, scenes, Revision())

    assert scenes == OfflineWriter().write_scenes(brief, Revision())
    assert [line.scene_index for line in script.lines] == [s.index for s in scenes.scenes]
    uses = read_fallbacks(tmp_path / "run")
    assert [(u.stage, u.provider, u.fallback, u.item) for u in uses] == [
        ("scenes", "openai", "offline", "scenes v1"),
        ("script", "openai", "offline", "script v1"),
    ]
    assert "HTTP 500" in uses[0].cause
    assert writer.used_fallback == uses
    assert "the offline offline provider stands in for scenes v1" in caplog.text


def test_artist_and_speaker_fall_back_per_item(
    server: FakeOpenAI, make_settings, tmp_path: Path
) -> None:
    settings = failing(server, make_settings, fallback_to_offline=True)
    log = tmp_path / "fallbacks.jsonl"
    artist, speaker = (
        artist_for(settings, fallback_log=log),
        speaker_for(settings, fallback_log=log),
    )
    assert isinstance(artist, FallbackArtist) and isinstance(speaker, FallbackSpeaker)
    scene = Scene(
        index=1, title="Hi", purpose="Open.", bullets=[], visual_kind="title", duration_hint_s=3
    )

    artist.draw(
        SlideRequest(brief=short_brief("moa"), scene=scene, size=(320, 180)), tmp_path / "s.png"
    )
    speech = speaker.synthesize("Hello there.", "en", tmp_path / ".scene-01-ab.partial.wav")

    assert (tmp_path / "s.png").is_file() and speech.timing_source == "engine"  # espeak's
    assert speaker.name == "openai" and speaker.voice == "alloy"
    assert [(u.stage, u.fallback, u.item) for u in read_fallbacks(tmp_path)] == [
        ("visuals", "pillow", "s.png"),
        ("tts", "espeak", "scene-01-ab.wav"),
    ]


def test_missing_key_with_fallback_uses_offline_and_records_why(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        writer="openai",
        openai_api_key=None,
        openai_base_url=None,
        fallback_to_offline=True,
    )
    writer = writer_for(settings)
    scenes = writer.write_scenes(short_brief("moa"), Revision())
    assert scenes.scenes and "no API key is configured" in writer.used_fallback[0].cause


def test_doctor_names_provider_and_reason_for_every_stage(make_settings) -> None:
    rows = doctor_report(make_settings(images="pillow", speech="gtts"))
    table = {stage: (provider, reason) for stage, provider, reason in rows}

    assert list(table) == ["scenes", "script", "visuals", "animations", "tts", "render"]
    assert table["scenes"][0] == "openai"
    assert "model 'gpt-4o-mini' at http://127.0.0.1:" in table["scenes"][1]
    assert "API key set" in table["scenes"][1]
    assert table["visuals"] == (
        "pillow",
        "REELFLOW_IMAGES=pillow; set REELFLOW_IMAGES=openai to use a model",
    )
    assert table["tts"][0] == "gtts" and "needs network" in table["tts"][1]
    assert all(KEY not in " ".join(row) for row in rows)


def test_doctor_without_a_key(make_settings) -> None:
    rows = doctor_report(make_settings(openai_api_key=None, openai_base_url=None))
    assert rows[0][1] == "openai (unavailable)" and "no API key" in rows[0][2]
    rows = doctor_report(
        make_settings(openai_api_key=None, openai_base_url=None, fallback_to_offline=True)
    )
    assert rows[0][:2] == ("scenes", "offline") and rows[2][1] == "pillow"


def test_doctor_reads_the_secret_block_but_never_prints_it(make_settings) -> None:
    settings = make_settings(openai_api_key=None, openai_key_secret_block="openai-key")
    rows = doctor_report(settings, lambda name: KEY)
    assert "from the Prefect Secret block 'openai-key'" in rows[0][2]
    assert all(KEY not in " ".join(row) for row in rows)

    def broken(name: str) -> str:
        raise RuntimeError(f"cannot reach the API holding {KEY}")

    rows = doctor_report(settings, broken)
    assert "could not be read (RuntimeError)" in rows[0][2]
    assert all(KEY not in " ".join(row) for row in rows)


def test_auto_uses_openai_only_when_it_is_configured():
    offline = Settings(_env_file=None)
    assert (offline.writer, offline.images, offline.speech) == ("offline", "pillow", "espeak")
    keyed = Settings(_env_file=None, openai_api_key=KEY)
    assert (keyed.writer, keyed.images, keyed.speech) == ("openai", "openai", "openai")
    chosen = Settings(_env_file=None, openai_api_key=KEY, speech="espeak")
    assert chosen.speech == "espeak" and chosen.chosen_automatically("writer")
    assert not chosen.chosen_automatically("speech")
    rows = dict((stage, reason) for stage, _, reason in doctor_report(keyed))
    assert "auto, because OpenAI is configured" in rows["scenes"]
