"""Per-stage time limits: read from REELFLOW_STAGE_TIMEOUT_S…, refused clearly when wrong."""

from __future__ import annotations

import pytest
from prefect.states import Failed
from prefect.task_engine import TaskRunTimeoutError
from pydantic import ValidationError

from pipeline.errors import StageTimedOut
from pipeline.settings import Settings, StageTimeouts, settings_problem
from tasks.retries import retry_transient


def problem(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> str:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    return settings_problem(caught.value)


def test_a_stage_limit_is_set_per_stage_or_as_json(monkeypatch):
    monkeypatch.setenv("REELFLOW_STAGE_TIMEOUT_S__RENDER", "900")
    assert Settings().stage_timeout_s.of("render") == 900
    assert Settings().stage_timeout_s.of("script") == StageTimeouts().script
    monkeypatch.delenv("REELFLOW_STAGE_TIMEOUT_S__RENDER")
    monkeypatch.setenv("REELFLOW_STAGE_TIMEOUT_S", '{"tts": 2.5}')
    assert Settings().stage_timeout_s.of("tts") == 2.5


def test_a_bad_limit_names_the_variable_and_the_stages(monkeypatch):
    unknown = problem(monkeypatch, "REELFLOW_STAGE_TIMEOUT_S__RENDR", "5")
    assert "REELFLOW_STAGE_TIMEOUT_S__RENDR='5': not a stage" in unknown
    assert "scenes, script, visuals, animations, tts, render" in unknown
    monkeypatch.delenv("REELFLOW_STAGE_TIMEOUT_S__RENDR")
    negative = problem(monkeypatch, "REELFLOW_STAGE_TIMEOUT_S__TTS", "-1")
    assert "REELFLOW_STAGE_TIMEOUT_S__TTS='-1': Input should be greater than 0" in negative


def test_the_timeout_message_names_stage_limit_and_setting():
    error = StageTimedOut("render", 2.0)
    assert str(error) == (
        "Stage 'render' ran longer than its limit of 2 s and was stopped. Regenerate to try "
        "again, or raise the limit with REELFLOW_STAGE_TIMEOUT_S__RENDER=<seconds>."
    )


def test_a_stage_over_its_limit_is_not_retried():
    timed_out = Failed(data=TaskRunTimeoutError("over"))
    assert retry_transient(None, None, timed_out) is False
    assert retry_transient(None, None, Failed(data=ConnectionError("dropped"))) is True
