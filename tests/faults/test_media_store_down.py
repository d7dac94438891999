"""The media store is unreachable: a clear error naming it (never its password), quick retries,
and once it is back the same brief finishes from what was already made."""

from __future__ import annotations

import time

import pytest

from flows.registry import run_here
from flows.review import ReviewPolicy
from pipeline.settings import load_settings
from pipeline.storage import MediaStore, MediaStoreUnreachable
from pipeline.urls import safe_url
from pipeline.workspace import Workspace
from tests.conftest import short_brief
from tests.support.probe import needs_ffprobe
from tests.support.servers import free_port

pytestmark = [needs_ffprobe]


def test_an_unreachable_store_is_named_without_its_password_after_quick_retries(tmp_path):
    port = free_port()  # nothing listens there
    url = f"ftp://editor:s3cret@127.0.0.1:{port}/reelflow"
    started = time.monotonic()
    with pytest.raises(MediaStoreUnreachable) as caught:
        MediaStore(url).pull(Workspace(root=tmp_path / "moa-x-1"))
    message = str(caught.value)
    assert f"media store ftp://editor@127.0.0.1:{port}/reelflow" in message
    assert "s3cret" not in message and "after 3 tries" in message
    assert "REELFLOW_MEDIA_STORE" in message and "run the same brief again" in message
    assert time.monotonic() - started < 10


def test_safe_url_keeps_what_identifies_the_store():
    assert safe_url("s3://bucket/reelflow?key=abc") == "s3://bucket/reelflow"
    assert safe_url("sftp://me:pw@host:2222/x") == "sftp://me@host:2222/x"


@pytest.mark.server
def test_a_run_fails_clearly_then_carries_on_when_the_store_is_back(
    prefect_harness, tiny_render, tmp_path, monkeypatch
):
    brief = short_brief("moa", 6)
    monkeypatch.setenv("REELFLOW_MEDIA_STORE", f"ftp://127.0.0.1:{free_port()}/reelflow")
    load_settings.cache_clear()
    state = run_here("moa", brief, ReviewPolicy.none)
    assert state.is_failed()
    assert "Could not connect to the media store ftp://127.0.0.1:" in str(state.message)

    monkeypatch.setenv("REELFLOW_MEDIA_STORE", (tmp_path / "store").as_uri())
    load_settings.cache_clear()
    again = run_here("moa", brief, ReviewPolicy.none)
    assert again.is_completed(), again.message
    assert list((tmp_path / "store").rglob("*.mp4"))
