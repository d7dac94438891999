"""Fixtures for provider tests: the fake OpenAI server and settings pointing at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from pipeline.settings import Settings
from tests.support.fake_openai import FakeOpenAI, fake_openai

KEY = "sk-test-SECRET-123"


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    """A fresh fake OpenAI server on 127.0.0.1 for this test."""
    with fake_openai(hang_s=5.0) as fake:
        yield fake


@pytest.fixture
def make_settings(server: FakeOpenAI, tmp_path) -> Callable[..., Settings]:
    """Settings that use OpenAI for every stage against the fake server, with short timeouts."""

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "output_dir": tmp_path / "out",
            "writer": "openai",
            "images": "openai",
            "speech": "openai",
            "openai_api_key": KEY,
            "openai_base_url": server.base_url,
            "openai_timeout_s": 0.5,
            "openai_max_retries": 3,
            "openai_budget_s": 8.0,
            "short_side": 144,
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return make
