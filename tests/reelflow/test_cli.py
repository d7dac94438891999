"""The `reelflow` command line: listing types, refusing bad briefs and unreviewable runs early."""

from __future__ import annotations

import json

from prefect.settings import PREFECT_API_URL, temporary_settings
from typer.testing import CliRunner

from reelflow.cli import app
from tests.conftest import VIDEO_TYPES, example_data

runner = CliRunner()


def test_types_lists_every_video_type_with_its_fields():
    result = runner.invoke(app, ["types"])
    assert result.exit_code == 0
    for name in VIDEO_TYPES:
        assert name in result.output
    assert "safety_information (required)" in result.output
    assert "platform (required)" in result.output


def test_bad_brief_is_refused_before_any_work(tmp_path):
    brief = tmp_path / "bad.json"
    brief.write_text(json.dumps(example_data("moa") | {"audience": "everyone"}))
    result = runner.invoke(
        app,
        [
            "run",
            "moa",
            "--brief",
            str(brief),
            "--primary-color",
            "red",
            "--output",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2
    assert "audience" in result.output and "brand.primary_color" in result.output
    assert not (tmp_path / "out").exists()


def test_review_without_a_server_says_how_to_start_one(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    brief = tmp_path / "moa.json"
    brief.write_text(json.dumps(example_data("moa")))
    # Even when another test's server is active in this process, this run has none.
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        result = runner.invoke(app, ["run", "moa", "--brief", str(brief), "--review", "every"])
    assert result.exit_code == 2
    assert "reelflow up" in result.output
