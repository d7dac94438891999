"""The API key never reaches logs, files, stored results or exception text (pipeline level)."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from pipeline.errors import StageError
from pipeline.fallbacks import read_fallbacks
from pipeline.outputs import Script, ScriptLine
from pipeline.previews import storyboard_sheet
from pipeline.profile import RenderProfile
from pipeline.providers.registry import artist_for, speaker_for, writer_for
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.workspace import Workspace
from tests.conftest import short_brief
from tests.providers.conftest import KEY
from tests.support.fake_openai import FakeOpenAI
from tests.support.stages import make_visuals, narrate


def test_the_key_appears_nowhere(
    server: FakeOpenAI,
    make_settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    settings = make_settings(fallback_to_offline=True, openai_max_retries=1)
    workspace = Workspace(root=tmp_path / "run")
    log = workspace.root / "fallbacks.jsonl"
    brief = short_brief("product_ad")
    profile = RenderProfile.for_aspect(brief.aspect, short_side=120)
    # a leaky server that repeats the key in its errors, plus retried faults on every route
    server.fail("chat", "401-echo", "429")
    server.fail("images", "truncated", "ok", "malformed")
    server.fail("speech", "500", "401-echo")
    errors: list[str] = []

    with caplog.at_level(logging.DEBUG):
        writer = writer_for(settings, fallback_log=log)
        scenes = plan_scenes(brief, revision=Revision(), writer=writer)  # falls back (401)
        script = write_script(brief, scenes, revision=Revision(), writer=writer)  # via openai
        visuals = make_visuals(
            brief,
            scenes,
            script,
            revision=Revision(),
            profile=profile,
            workspace=workspace,
            artist=artist_for(settings, fallback_log=log),
        )
        storyboard_sheet(visuals, workspace)
        narration = narrate(
            script,
            language="en",
            revision=Revision(),
            workspace=workspace,
            speaker=speaker_for(settings, fallback_log=log),
        )
        strict = make_settings(openai_max_retries=0)
        for fault in ("401-echo", "500"):
            server.fail("chat", fault)
            try:
                writer_for(strict).write_scenes(brief, Revision())
            except StageError as error:
                errors += [str(error), repr(error), error.cause, error.hint]
        server.fail("speech", "401-echo")
        one = Script(lines=[ScriptLine(scene_index=1, narration="Hello.")])
        try:
            narrate(
                one,
                language="en",
                revision=Revision(),
                workspace=workspace,
                speaker=speaker_for(strict),
            )
        except StageError as error:
            errors += [str(error), repr(error)]

    # the leaky server did send the key back, so the scrubbing below is really tested
    assert any(r.route == "chat" for r in server.requests)
    assert len(errors) == 10 and "HTTP 401" in errors[0] and "HTTP 500" in errors[4]
    assert [u.stage for u in read_fallbacks(workspace.root)] == ["scenes", "tts"]
    assert "[redacted]" in read_fallbacks(workspace.root)[0].cause

    written = [p for p in workspace.root.rglob("*") if p.is_file()]
    assert any(p.suffix == ".wav" for p in written) and any(p.suffix == ".png" for p in written)
    for path in written:
        assert KEY.encode() not in path.read_bytes(), path
    for output in (scenes, script, visuals, narration):
        assert KEY not in output.model_dump_json()
        assert KEY.encode() not in pickle.dumps(output)
    assert KEY not in settings.model_dump_json() and KEY not in repr(settings)
    for text in errors:
        assert KEY not in text
    assert caplog.records and KEY not in caplog.text
    captured = capfd.readouterr()
    assert KEY not in captured.out and KEY not in captured.err
