"""`reelflow localize` refuses every bad request before anything starts: exit 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings
from typer.testing import CliRunner

from pipeline.languages import check_language
from reelflow.cli import app
from tests.conftest import short_brief
from tests.support.masters import hand_translation, make_master

runner = CliRunner()


@pytest.fixture
def master(tmp_path) -> Path:
    return make_master(tmp_path / "master", short_brief("moa", 8))


def refused(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "out"
    with temporary_settings({PREFECT_API_URL: None}):
        result = runner.invoke(app, ["localize", *args, "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()
    return " ".join(result.output.split())


def test_an_unknown_language_lists_the_supported_ones(tmp_path, master):
    message = refused(tmp_path, str(master), "--languages", "de,tlh")
    assert "'tlh' is not a language reelflow can letter and voice yet" in message
    assert " ".join(supported_ones("tlh").split()) in message


def test_a_folder_without_a_manifest_is_not_a_master(tmp_path):
    (tmp_path / "empty").mkdir()
    message = refused(tmp_path, str(tmp_path / "empty"), "--languages", "de")
    assert "has no manifest" in message and "delivered video" in message


def test_a_run_id_needs_a_server(tmp_path):
    message = refused(tmp_path, "0b6a4f3e-8f7c-4a57-9d8e-2f1c6a1b2c3d", "--languages", "de")
    assert "is a flow run id" in message and "PREFECT_API_URL" in message


def test_offline_without_translations_is_refused_naming_the_fix(tmp_path, master):
    message = refused(tmp_path, str(master), "--languages", "de,fr")
    assert "no translation is supplied for de, fr" in message
    assert "OPENAI_API_KEY" in message and "--translations FILE" in message


def test_a_bad_translations_file_names_the_field(tmp_path, master):
    german = hand_translation(master).model_dump(mode="json")
    german["scenes"][0]["title"] = "x" * 200
    path = tmp_path / "tr.json"
    path.write_text(json.dumps({"de": german}))
    message = refused(tmp_path, str(master), "--languages", "de", "--translations", str(path))
    assert f"--translations {path} has 1 problem(s)" in message
    assert "de.scenes.0.title: a title fits in 48 characters" in message
    path.write_text("{not json")
    assert "is not a UTF-8 JSON file" in refused(
        tmp_path, str(master), "--languages", "de", "--translations", str(path)
    )


def test_a_translation_that_misses_scenes_is_refused(tmp_path, master):
    german = hand_translation(master).model_dump(mode="json")
    german["scenes"], german["script"] = german["scenes"][:1], german["script"][:1]
    path = tmp_path / "tr.json"
    path.write_text(json.dumps({"translations": {"de": german}}))  # a brief's block works too
    message = refused(tmp_path, str(master), "--languages", "de", "--translations", str(path))
    assert "The de translation does not fit the master" in message
    assert "it has 1 scene(s) but the master has" in message


def test_review_needs_a_server(tmp_path, master):
    german = hand_translation(master)
    path = tmp_path / "tr.json"
    path.write_text(json.dumps({"de": german.model_dump(mode="json")}))
    message = refused(
        tmp_path, str(master), "--languages", "de", "--translations", str(path), "--review", "key"
    )
    assert "--review key waits for a reviewer" in message


def supported_ones(tag: str) -> str:
    """What the brief's own language check says of `tag`: the list of supported languages."""
    with pytest.raises(ValueError) as error:
        check_language(tag)
    return str(error.value)
