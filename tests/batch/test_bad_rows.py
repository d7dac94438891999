"""A batch with bad rows: every one reported at once (row as the sheet shows it, column, problem,
fix), exit code 2, no traceback, and nothing rendered or written; the same for CSV, XLSX, JSONL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from prefect.settings import PREFECT_API_URL, temporary_settings
from typer.testing import CliRunner

from reelflow.cli import app

runner = CliRunner()
COLUMNS = [
    "video_type", "brand.name", "brand.primary_color", "target_duration_s", "product",
    "key_benefits.1", "key_benefits.2", "audience", "call_to_action", "safety_information",
    "drug_name", "condition", "topic", "platform", "review",
]  # fmt: skip
GOOD = {
    "video_type": "product_ad",
    "brand.name": "Lumen Health",
    "product": "GlucoSense",
    "key_benefits.1": "Readings every minute",
    "audience": "adults",
    "call_to_action": "Ask your doctor",
    "safety_information": "Do not use during MRI scans.",
    "target_duration_s": 5,
}
ROWS = [
    GOOD,
    {"video_type": "moa", "brand.name": "Cardiora", "brand.primary_color": "red",
     "drug_name": "Atorvastatin", "condition": "LDL", "audience": "everyone"},
    {},  # a blank row still counts in the sheet's numbering
    GOOD | {"key_benefits.2": "x" * 200, "safety_information": None},
    {"video_type": "movie", "brand.name": "X"},
    {"video_type": "social_media", "brand.name": "HeartWise", "topic": "Signs",
     "platform": "instagram_reels", "target_duration_s": 200, "review": "sometimes"},
]  # fmt: skip


def letter(column: str) -> str:
    return chr(ord("A") + COLUMNS.index(column))


def write_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows([{k: v for k, v in r.items() if v is not None} for r in ROWS])


def write_xlsx(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in ROWS:
        sheet.append([row.get(c) for c in COLUMNS])
    book.save(path)


def write_jsonl(path: Path) -> None:
    lines = []
    for row in ROWS:
        data = {k: v for k, v in row.items() if v is not None and not k.startswith("brand.")}
        brand = {k.split(".")[1]: v for k, v in row.items() if k.startswith("brand.")}
        lines.append(json.dumps(data | ({"brand": brand} if brand else {})) if row else "")
    lines.append('{"video_type": "moa", oops}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_batch(path: Path, out: Path) -> str:
    with temporary_settings(restore_defaults={PREFECT_API_URL}):  # no server: review needs one
        result = runner.invoke(app, ["batch", str(path), "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not out.exists(), "nothing is written before every row is valid"
    return result.output


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_every_bad_row_of_a_sheet_is_reported_at_once_with_row_and_column(tmp_path, kind):
    sheet = tmp_path / f"campaign.{kind}"
    (write_csv if kind == "csv" else write_xlsx)(sheet)
    said = run_batch(sheet, tmp_path / "out")
    assert "4 row(s) cannot be made, so nothing was rendered" in said
    assert "row 2" not in said  # the good row
    expected = [
        ("3", "brand.primary_color", "'red' is not a colour: write it as #RRGGBB"),
        ("3", "audience", "Input should be 'patients' or 'hcps' (the cell holds 'everyone')"),
        ("5", "key_benefits.2", "String should have at most 160 characters"),
        ("5", "safety_information", "is required: fill in this cell"),
        ("6", "video_type", "'movie' is not a video type: write one of product_ad"),
    ]
    for row, column, problem in expected:
        assert f"row {row}, column {column} ({letter(column)}): {problem}" in said
    assert "row 7: target_duration_s 200 is longer than instagram_reels allows (90 s)" in said
    assert f"row 7, column review ({letter('review')}): 'sometimes' is no review policy" in said


def test_every_bad_line_of_json_lines_is_reported_with_its_line_number(tmp_path):
    sheet = tmp_path / "campaign.jsonl"
    write_jsonl(sheet)
    said = run_batch(sheet, tmp_path / "out")
    assert "5 line(s) cannot be made" in said
    assert "line 2, field brand.primary_color: 'red' is not a colour" in said
    assert "line 2, field audience: Input should be 'patients' or 'hcps'" in said
    assert "line 4, field key_benefits.2: String should have at most 160 characters" in said
    assert "line 4, field safety_information: is required: add this field to the line" in said
    assert "line 5, field video_type: 'movie' is not a video type" in said
    assert "line 6: target_duration_s 200 is longer than instagram_reels allows" in said
    assert "line 7: is not valid JSON" in said


def test_a_repeated_row_is_reported_against_the_first(tmp_path):
    sheet = tmp_path / "twice.csv"
    with sheet.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, list(GOOD))
        writer.writeheader()
        writer.writerows([GOOD, GOOD | {"product": "Other"}, GOOD])
    said = run_batch(sheet, tmp_path / "out")
    assert "row 4: is the same video as row 2 (same brief and settings): delete one" in said


def test_review_in_a_row_without_a_server_is_refused_with_the_way_to_start_one(tmp_path):
    sheet = tmp_path / "review.csv"
    with sheet.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, [*GOOD, "review"])
        writer.writeheader()
        writer.writerow(GOOD | {"review": "every"})
    said = run_batch(sheet, tmp_path / "out")
    assert "row 2, column review" in said and "reelflow up" in said


def _xlsx_garbage(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 not really a zip")


FILE_PROBLEMS = {
    "empty.csv": (lambda p: p.write_bytes(b""), "is empty"),
    "blank.jsonl": (lambda p: p.write_text("\n \n"), "is empty"),
    "sheet.xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), "old Excel format (.xls)"),
    "brief.json": (lambda p: p.write_text("{}"), "holds one brief"),
    "sheet.ods": (lambda p: p.write_text("x"), "unknown extension '.ods'"),
    "latin1.csv": (
        lambda p: p.write_bytes("video_type,product\nproduct_ad,Café\n".encode("latin-1")),
        "is not UTF-8 text (byte 0xE9 on line 2)",
    ),
    "notype.csv": (lambda p: p.write_text("type,product\nmoa,x\n"), "has no video_type column"),
    "header.csv": (lambda p: p.write_text("video_type,product\n"), "has no rows below the header"),
    "broken.xlsx": (_xlsx_garbage, "is not a readable XLSX workbook"),
    "twice.csv": (
        lambda p: p.write_text("video_type,product,product\nmoa,a,b\n"),
        "columns B and C are both named 'product'",
    ),
    "nameless.csv": (
        lambda p: p.write_text("video_type,,product\nmoa,x,y\n"),
        "its header (row 1): column B has cells but no name",
    ),
}


@pytest.mark.parametrize("name", list(FILE_PROBLEMS))
def test_a_file_that_is_no_batch_gets_one_clear_message(tmp_path, name):
    write, expected = FILE_PROBLEMS[name]
    path = tmp_path / name
    write(path)
    said = run_batch(path, tmp_path / "out")
    assert expected in said
    assert str(path) in said
    assert len(said.strip().splitlines()) <= 3


def test_a_missing_file_is_refused(tmp_path):
    said = run_batch(tmp_path / "nope.csv", tmp_path / "out")
    assert "no such file" in said
