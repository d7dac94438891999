"""Every fault the issue names ends in a retry or a clear error, within the time budget."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from pipeline.errors import ProviderUnavailable, StageError
from pipeline.outputs import Scene
from pipeline.providers.images import SlideRequest
from pipeline.providers.images.openai_images import OpenAIImages
from pipeline.providers.openai_client import OpenAIEndpoint, RetryPolicy, redact
from pipeline.providers.registry import artist_for, speaker_for, writer_for
from pipeline.revision import Revision
from pipeline.settings import Settings, resolve_api_key
from tests.conftest import short_brief
from tests.providers.conftest import KEY
from tests.support.fake_openai import FakeOpenAI

TRANSIENT = ["timeout", "429", "500", "503", "drop", "malformed", "truncated"]


def closed_port() -> int:
    """A loopback port that refuses connections."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("fault", TRANSIENT)
def test_one_transient_fault_is_retried_then_succeeds(
    server: FakeOpenAI, make_settings, fault: str
) -> None:
    server.fail("chat", fault)
    start = time.monotonic()

    scenes = writer_for(make_settings()).write_scenes(short_brief("moa"), Revision())

    assert len(scenes.scenes) == 3
    assert len(server.on("chat")) == 2
    assert time.monotonic() - start < 4.0


def test_429_waits_as_long_as_retry_after_says(server: FakeOpenAI, make_settings) -> None:
    server.fail("chat", "429")
    start = time.monotonic()
    writer_for(make_settings()).write_scenes(short_brief("moa"), Revision())
    assert time.monotonic() - start >= 1.0  # Retry-After: 1


@pytest.mark.parametrize("fault", TRANSIENT)
def test_a_persistent_fault_ends_in_an_error_naming_stage_provider_and_cause(
    server: FakeOpenAI, make_settings, fault: str
) -> None:
    server.fail("chat", *[fault] * 10)
    settings = make_settings(openai_max_retries=2, openai_budget_s=6.0)
    start = time.monotonic()

    with pytest.raises(StageError) as caught:
        writer_for(settings).write_scenes(short_brief("moa"), Revision())

    elapsed = time.monotonic() - start
    error = caught.value
    assert (error.stage, error.provider) == ("scenes", "openai")
    assert "gave up after 3 attempt(s)" in str(error)
    assert server.base_url.removesuffix("/") in str(error)
    assert len(server.on("chat")) == 3
    assert elapsed < 6.0 + 1.0


@pytest.mark.parametrize(
    ("fault", "cause"),
    [
        ("timeout", "within the request timeout"),
        ("429", "HTTP 429"),
        ("500", "HTTP 500"),
        ("drop", "connection to .* broke before a full answer"),
        ("malformed", "malformed response body"),
        ("truncated", "broke before a full answer .RemoteProtocolError"),
    ],
)
def test_the_cause_is_named(server: FakeOpenAI, make_settings, fault: str, cause: str) -> None:
    server.fail("chat", fault)
    with pytest.raises(StageError, match=cause):
        writer_for(make_settings(openai_max_retries=0)).write_scenes(short_brief("moa"), Revision())


def test_connection_refused_is_retried_then_reported_quickly(make_settings) -> None:
    port = closed_port()
    settings = make_settings(openai_base_url=f"http://127.0.0.1:{port}/v1", openai_max_retries=2)
    start = time.monotonic()
    with pytest.raises(
        StageError, match=rf"could not connect to http://127.0.0.1:{port}/v1 \(ConnectError\)"
    ):
        writer_for(settings).write_scenes(short_brief("moa"), Revision())
    assert time.monotonic() - start < 5.0


def test_a_hanging_server_never_outlasts_the_budget(server: FakeOpenAI, make_settings) -> None:
    server.fail("chat", *["timeout"] * 20)
    settings = make_settings(openai_timeout_s=1.0, openai_max_retries=20, openai_budget_s=3.0)
    start = time.monotonic()
    with pytest.raises(StageError, match="gave up"):
        writer_for(settings).write_scenes(short_brief("moa"), Revision())
    assert time.monotonic() - start < 3.0 + 1.5


def test_retry_after_beyond_the_budget_fails_at_once(server: FakeOpenAI, make_settings) -> None:
    server.fail("chat", "429")
    start = time.monotonic()
    with pytest.raises(StageError, match="asked to wait 1s, beyond the time budget"):
        writer_for(make_settings(openai_budget_s=0.8)).write_scenes(short_brief("moa"), Revision())
    assert time.monotonic() - start < 0.8


def test_401_is_not_retried_and_names_what_to_check(server: FakeOpenAI, make_settings) -> None:
    server.fail("chat", "401-echo")
    with pytest.raises(StageError) as caught:
        writer_for(make_settings()).write_scenes(short_brief("moa"), Revision())
    assert len(server.on("chat")) == 1
    assert "HTTP 401" in str(caught.value) and "check the API key" in str(caught.value)
    assert KEY not in str(caught.value)  # the server echoed it; the error must not


@pytest.mark.parametrize("fault", ["500", "truncated", "malformed", "timeout"])
def test_speech_faults_are_retried(server: FakeOpenAI, make_settings, tmp_path, fault) -> None:
    server.fail("speech", fault)
    speech = speaker_for(make_settings()).synthesize("Hello there.", "en", tmp_path / "a.wav")
    assert speech.duration_s > 0 and len(server.on("speech")) == 2


@pytest.mark.parametrize("fault", ["503", "drop", "malformed"])
def test_image_faults_are_retried(server: FakeOpenAI, make_settings, tmp_path, fault) -> None:
    server.fail("images", fault)
    artist = artist_for(make_settings())
    assert isinstance(artist, OpenAIImages)
    scene = Scene(
        index=1, title="Hi", purpose="Open.", bullets=[], visual_kind="title", duration_hint_s=3
    )
    artist.draw(
        SlideRequest(brief=short_brief("moa"), scene=scene, size=(200, 120)), tmp_path / "s.png"
    )
    assert (tmp_path / "s.png").is_file() and len(server.on("images")) == 2


def test_no_key_and_no_endpoint_is_refused_with_what_to_set(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, writer="openai", openai_api_key=None, openai_base_url=None)
    with pytest.raises(ProviderUnavailable, match="set OPENAI_API_KEY"):
        writer_for(settings)


def test_a_local_endpoint_needs_no_key(server: FakeOpenAI, make_settings) -> None:
    writer = writer_for(make_settings(openai_api_key=None))
    assert writer.write_scenes(short_brief("moa"), Revision()).scenes
    assert server.on("chat")[0].headers["authorization"] == "Bearer no-key"


def test_key_comes_from_the_secret_loader_when_settings_have_none(make_settings) -> None:
    settings = make_settings(openai_api_key=None, openai_key_secret_block="openai-key")
    key = resolve_api_key(settings, lambda name: f"value-of-{name}")
    assert key.source == "secret block" and key.value.get_secret_value() == "value-of-openai-key"
    from_settings = resolve_api_key(make_settings(), lambda name: "unused")
    assert from_settings.source == "settings" and from_settings.value.get_secret_value() == KEY
    assert resolve_api_key(settings, None) == (None, "")


def test_env_names_of_the_sdk_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REELFLOW_OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("REELFLOW_OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = Settings(_env_file=None)
    assert settings.openai_api_key.get_secret_value() == "sk-from-env"
    assert settings.openai_base_url == "http://127.0.0.1:9/v1"
    monkeypatch.setenv("REELFLOW_OPENAI_API_KEY", "sk-reelflow")
    assert Settings(_env_file=None).openai_api_key.get_secret_value() == "sk-reelflow"


def test_redact_and_policy_helpers() -> None:
    assert redact(f"Bearer {KEY} failed", [KEY]) == "Bearer [redacted] failed"
    assert redact("a b", ["", "a"]) == "a b"  # too short to be a secret
    endpoint = OpenAIEndpoint.from_settings(
        Settings(_env_file=None, openai_api_key=KEY, openai_timeout_s=3), stage="scenes"
    )
    assert endpoint.policy == RetryPolicy(timeout_s=3, max_retries=4, budget_s=180)
    assert KEY not in repr(endpoint)
