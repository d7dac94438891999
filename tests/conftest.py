"""Shared fixtures: a real Prefect server for the session, tiny render settings, temp folders."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings
from prefect.testing.utilities import prefect_test_harness

from pipeline.settings import load_settings
from pipeline.video_types import SPECS, Brief, parse_brief

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VIDEO_TYPES = list(SPECS)


def example_data(video_type: str) -> dict:
    """The shipped example brief as raw JSON data."""
    return json.loads((EXAMPLES / f"{video_type}.json").read_text())


def short_brief(video_type: str, seconds: float = 8) -> Brief:
    """The example brief, asking for a video only a few seconds long (fast tests)."""
    data = example_data(video_type)
    data["target_duration_s"] = seconds
    return parse_brief(data)


@pytest.fixture(scope="session", autouse=True)
def offline_by_default() -> Iterator[None]:
    """Tests never reach a real model: a developer's own OpenAI settings are set aside."""
    patch = pytest.MonkeyPatch()
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "REELFLOW_OPENAI_API_KEY",
        "REELFLOW_OPENAI_BASE_URL",
        "REELFLOW_OPENAI_KEY_SECRET_BLOCK",
        "REELFLOW_WRITER",
        "REELFLOW_IMAGES",
        "REELFLOW_SPEECH",
    ):
        patch.delenv(name, raising=False)
    load_settings.cache_clear()
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def no_reviewer_outlives_its_test() -> Iterator[None]:
    """A scripted reviewer still looking for pauses when its test ends would answer the next
    test's run with its spare answers: end them all (only if a test used one)."""
    yield
    if reviewer := sys.modules.get("tests.support.reviewer"):
        reviewer.ScriptedReviewer.quit_all()


@pytest.fixture
def tiny_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Low-resolution, low-frame-rate settings and a fresh output folder for this test."""
    out = tmp_path / "out"
    monkeypatch.setenv("REELFLOW_OUTPUT_DIR", str(out))
    monkeypatch.setenv("REELFLOW_SHORT_SIDE", "144")
    monkeypatch.setenv("REELFLOW_FPS", "12")
    monkeypatch.setenv("REELFLOW_X264_PRESET", "ultrafast")
    load_settings.cache_clear()
    yield out
    load_settings.cache_clear()


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A real Prefect API (SQLite, subprocess server) for the whole session; results on disk."""
    storage = tmp_path_factory.mktemp("prefect-results")
    with prefect_test_harness(server_startup_timeout=60):
        with temporary_settings({PREFECT_LOCAL_STORAGE_PATH: storage}):
            yield
