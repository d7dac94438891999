"""Every kind of bad brief file and argument: one clear paragraph, exit code 2, nothing written.

One test per class of mistake a user makes. Each asserts the message names the file (or the
option), says what is wrong and how to fix it, that no traceback reaches the user, and that the
output folder was never created.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from pipeline.settings import current_settings, load_settings, using_settings
from reelflow.cli import _settings, app
from tests.conftest import example_data

runner = CliRunner()


def refused(tmp_path: Path, brief: Path, *extra: str, video_type: str = "moa") -> str:
    """Run `reelflow run` on a bad input; check the common promises; return the message."""
    out = tmp_path / "out"
    args = ["run", video_type, "--brief", str(brief), "--output", str(out), *extra]
    result = runner.invoke(app, args)
    message = result.output
    assert result.exit_code == 2, message
    assert (
        "Traceback" not in message
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )
    assert not out.exists()
    return message


def write(tmp_path: Path, content: bytes | str | dict, name: str = "brief.json") -> Path:
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def moa(**changes) -> dict:
    return example_data("moa") | changes


def test_empty_file(tmp_path):
    path = write(tmp_path, "  \n")
    assert f"{path}: is empty: write the brief as a JSON object" in refused(tmp_path, path)


def test_not_json(tmp_path):
    path = write(tmp_path, '{"video_type": "moa",}')
    message = refused(tmp_path, path)
    assert f"{path}: is not valid JSON" in message and "line 1, column 22" in message
    assert "trailing comma" in message


def test_not_utf8(tmp_path):
    path = write(
        tmp_path,
        json.dumps(moa(condition="hypercholestérolémie"), ensure_ascii=False).encode("latin-1"),
    )
    message = refused(tmp_path, path)
    assert f"{path}: is not UTF-8 text (byte 0xE9" in message and "save it as UTF-8" in message


@pytest.mark.parametrize(("content", "kind"), [("[1, 2]", "list"), ('"moa"', "string")])
def test_top_level_is_not_an_object(tmp_path, content, kind):
    path = write(tmp_path, content)
    assert f"holds a JSON {kind} at the top level, not an object" in refused(tmp_path, path)


def test_nan_is_not_a_number(tmp_path):
    path = write(tmp_path, json.dumps(moa())[:-1] + ', "target_duration_s": NaN}')
    assert "has NaN, which is not a number JSON allows" in refused(tmp_path, path)


def test_a_brief_of_another_type(tmp_path):
    path = write(tmp_path, example_data("product_ad"))
    message = refused(tmp_path, path)
    assert f"{path}: this is a product_ad brief (its video_type), not a moa one" in message


def test_missing_file_and_folder(tmp_path):
    assert "no such file" in refused(tmp_path, tmp_path / "nope.json")
    assert "is a folder, not a file" in refused(tmp_path, tmp_path)


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("english", "'english' is not a BCP-47 language tag"),
        ("xx-YY", "'xx-YY' is not a BCP-47 language tag"),
        ("am", "'am' is not a language reelflow can letter and voice yet: use one of"),
    ],
)
def test_bad_or_unsupported_language(tmp_path, language, says):
    message = refused(tmp_path, write(tmp_path, moa(language=language)))
    assert f"  - language: {says}" in message and "in " + str(tmp_path) in message


def test_language_option_is_checked_too(tmp_path):
    message = refused(tmp_path, write(tmp_path, moa()), "--language", "klingon")
    assert "language: 'klingon' is not a BCP-47 language tag" in message


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("condition", "high\x07 cholesterol", "U+0007"),
        ("drug_name", "Atorva\u200bstatin", "U+200B (ZERO WIDTH SPACE)"),
        (
            "mechanism_notes",
            "Blocks \u202eesaG\u202c reductase.",
            "U+202E (RIGHT-TO-LEFT OVERRIDE)",
        ),
    ],
)
def test_control_and_invisible_characters(tmp_path, field, value, code):
    message = refused(tmp_path, write(tmp_path, moa(**{field: value})))
    assert f"  - {field}: has an invisible character {code}" in message
    assert "delete it" in message


def test_invisible_character_in_a_nested_field(tmp_path):
    brand = example_data("moa")["brand"] | {"name": "Nova\ufeffPharm"}
    message = refused(tmp_path, write(tmp_path, moa(brand=brand)))
    assert "  - brand.name: has an invisible character U+FEFF" in message


def _logo(tmp_path: Path, make) -> dict:
    path = tmp_path / "logo.bin"
    make(path)
    return moa(brand=example_data("moa")["brand"] | {"logo": str(path)})


def _truncated_png(path: Path) -> None:
    Image.new("RGB", (64, 64), "red").save(path, format="PNG")
    path.write_bytes(path.read_bytes()[:-40])


def _bomb(path: Path) -> None:
    """A PNG whose header claims 30000 x 30000 pixels (900 MP) in a few hundred bytes."""
    width = height = 30000
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * (1 + width // 8) * 64)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_text("not an image"), "is not an image Pillow can read"),
        (_truncated_png, "is damaged or cut short"),
        (_bomb, "is not an image Pillow can read (or is enormous)"),
        (
            lambda p: Image.new("RGB", (8, 8)).save(p, format="GIF"),
            "is a GIF image: save it as PNG",
        ),
        (lambda p: Image.new("1", (5000, 4000)).save(p, format="PNG"), "5000x4000 pixels, over 16"),
    ],
    ids=["text", "truncated", "bomb", "gif", "huge"],
)
def test_bad_logo(tmp_path, make, says):
    message = refused(tmp_path, write(tmp_path, _logo(tmp_path, make)))
    assert "  - brand.logo: logo file" in message and says in message


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"target_duration_s": 1e9}, "target_duration_s", "less than or equal to 600"),
        ({"target_duration_s": 0}, "target_duration_s", "greater than or equal to 3"),
        ({"drug_name": "x" * 5000}, "drug_name", "at most 80 characters"),
        ({"mechanism_notes": "Blocks it. " * 500}, "mechanism_notes", "at most 1500 characters"),
    ],
)
def test_absurd_values(tmp_path, changes, field, says):
    message = refused(tmp_path, write(tmp_path, moa(**changes)))
    assert f"  - {field}:" in message and says in message


def test_absurd_counts(tmp_path):
    data = example_data("product_ad") | {"key_benefits": ["Works"] * 100}
    message = refused(tmp_path, write(tmp_path, data), video_type="product_ad")
    assert "  - key_benefits: List should have at most 6 items" in message


def test_huge_file(tmp_path):
    path = write(tmp_path, json.dumps(moa(padding=["x" * 1000] * 2000)))
    assert "a brief is a small JSON file" in refused(tmp_path, path)


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--fps", "0", "--fps"),
        ("--short-side", "99999", "--short-side"),
        ("--review", "sometimes", "--review"),
        ("--duration", "forever", "--duration"),
    ],
)
def test_bad_arguments(tmp_path, option, value, says):
    message = refused(tmp_path, write(tmp_path, moa()), option, value)
    assert says in message and "Invalid value" in message


def test_unknown_video_type_lists_the_valid_ones(tmp_path):
    message = refused(tmp_path, write(tmp_path, moa()), video_type="webinar")
    assert "disease_awareness" in message and "moa" in message


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("REELFLOW_FPS", "fast", "REELFLOW_FPS='fast': Input should be a valid integer"),
        ("REELFLOW_SHORT_SIDE", "99999", "REELFLOW_SHORT_SIDE='99999'"),
        ("REELFLOW_WRITER", "gpt", "REELFLOW_WRITER='gpt'"),
    ],
)
def test_bad_settings_are_one_paragraph(tmp_path, monkeypatch, variable, value, says):
    monkeypatch.setenv(variable, value)
    message = refused(tmp_path, write(tmp_path, moa()))
    assert "setting(s) cannot be used" in message and says in message
    assert "fix or unset it" in message


def test_options_reach_the_run_without_touching_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("REELFLOW_FPS", raising=False)
    chosen = _settings(fps=12, short_side=144, output_dir=tmp_path / "o")
    with using_settings(chosen):
        assert (current_settings().fps, current_settings().short_side) == (12, 144)
    assert current_settings() is load_settings()
    assert "REELFLOW_FPS" not in os.environ
