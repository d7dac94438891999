"""Two workers with their own local folders share a media store: the second one carries on the
first one's video, replaying its review decisions and delivering a playable MP4 locally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.moa import moa
from pipeline.settings import load_settings
from pipeline.storage import MediaStore
from pipeline.workspace import Workspace
from tests.conftest import short_brief
from tests.support.probe import needs_ffprobe, probe, stream
from tests.support.reviewer import ScriptedReviewer

pytestmark = [pytest.mark.server, needs_ffprobe]
ACCEPT = {"decision": "accept", "feedback": "", "reviewer": "qa"}


def use_worker(monkeypatch, folder: Path, store: Path) -> None:
    monkeypatch.setenv("REELFLOW_OUTPUT_DIR", str(folder))
    monkeypatch.setenv("REELFLOW_MEDIA_STORE", store.as_uri())
    monkeypatch.setenv("REELFLOW_REVIEW_POLL_S", "1")
    load_settings.cache_clear()


def test_store_round_trip_copies_only_what_changed(tmp_path):
    workspace = Workspace(root=tmp_path / "a" / "moa-x-12345678")
    (workspace.root / "visuals").mkdir(parents=True)
    (workspace.root / "visuals" / "s1.png").write_bytes(b"png" * 10)
    (workspace.root / "visuals" / "s1.png.partial").write_bytes(b"half")
    store = MediaStore((tmp_path / "store").as_uri())
    assert store.push(workspace) == 1 and store.push(workspace) == 0
    other = Workspace(root=tmp_path / "b" / "moa-x-12345678")
    assert store.pull(other) == 1 and store.pull(other) == 0
    assert (other.root / "visuals" / "s1.png").read_bytes() == b"png" * 10


def test_second_worker_replays_decisions_and_delivers(
    prefect_harness, tiny_render, tmp_path, monkeypatch
):
    store = tmp_path / "store"
    brief = short_brief("moa", 6)
    use_worker(monkeypatch, tmp_path / "worker-a", store)
    monkeypatch.setenv("REELFLOW_REVIEW_TIMEOUT_S", "10")
    load_settings.cache_clear()
    first = ScriptedReviewer("moa", [ACCEPT, ACCEPT, None])  # then nobody answers: timeout
    first.start()
    state = moa(brief=brief, review="every", return_state=True)
    first.join(timeout=30)
    assert state.is_failed() and "stage 'visuals'" in state.message

    monkeypatch.delenv("REELFLOW_REVIEW_TIMEOUT_S")
    use_worker(monkeypatch, tmp_path / "worker-b", store)
    second = ScriptedReviewer("moa", [ACCEPT] * 4)
    second.start()
    state = moa(brief=brief, review="every", return_state=True)
    second.join(timeout=30)
    assert state.is_completed(), state.message
    assert second.seen[0].key == "visuals-v1-1"  # scenes and script were replayed, not re-asked
    delivery = state.result()
    assert Path(delivery.mp4).is_relative_to(tmp_path / "worker-b")
    info = probe(Path(delivery.mp4))
    assert stream(info, "video")["codec_name"] == "h264"
    audit = json.loads(Path(delivery.audit).read_text())
    assert [d["stage"] for d in audit["decisions"]][:2] == ["scenes", "script"]
    assert (store / Path(delivery.folder).name / "final" / Path(delivery.mp4).name).is_file()
