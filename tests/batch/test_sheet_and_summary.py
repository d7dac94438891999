"""Reading sheets (numbering, delimiters, XLSX values) and the summary a rerun trusts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook

from reelflow.batch.sheet import column_letter, read_sheet
from reelflow.batch.summary import (
    BatchSummary,
    RowResult,
    RowStatus,
    read_delivered,
    summary_paths,
    write_summary,
)


def test_column_letters_run_like_a_spreadsheets():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"
    ]  # fmt: skip


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        'video_type,product,,\nmoa,"two\nlines",,\n\n,,,\nmoa,x\nmoa,y,,,extra\n',
        encoding="utf-8",
    )
    sheet = read_sheet(path)
    assert sheet.columns == ["video_type", "product"]  # empty trailing header cells dropped
    assert [r.number for r in sheet.rows] == [2, 5, 6]
    assert sheet.rows[0].cells == {"video_type": "moa", "product": "two\nlines"}
    assert sheet.rows[2].problem and "column E" in sheet.rows[2].problem


def test_semicolon_separated_csv_from_a_european_excel_is_read(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes('\ufeffvideo_type;key_benefits\nproduct_ad;"a; b"\n'.encode())
    sheet = read_sheet(path)
    assert sheet.rows[0].cells == {"video_type": "product_ad", "key_benefits": "a; b"}


def test_xlsx_keeps_cell_types_and_absolute_row_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append([])  # row 1 empty: the header is row 2
    sheet.append(["video_type", "target_duration_s", "contact"])
    sheet.append(["doctor_ad", 6, 5550142])
    sheet.append([None, None, None])
    sheet.append(["  moa  ", 7.5, None])
    path = tmp_path / "s.xlsx"
    book.save(path)
    read = read_sheet(path)
    assert read.letters == {"video_type": "A", "target_duration_s": "B", "contact": "C"}
    assert [(r.number, r.cells) for r in read.rows] == [
        (3, {"video_type": "doctor_ad", "target_duration_s": 6, "contact": 5550142}),
        (5, {"video_type": "moa", "target_duration_s": 7.5}),
    ]


def test_json_lines_may_nest_groups_or_use_dotted_names(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"video_type": "moa", "brand": {"name": "A", "logo": null}}\n\n'
        '{"video_type": "moa", "brand.name": "B", "key": []}\n'
    )
    rows = read_sheet(path).rows
    assert [(r.number, r.cells) for r in rows] == [
        (1, {"video_type": "moa", "brand.name": "A"}),
        (3, {"video_type": "moa", "brand.name": "B", "key": []}),
    ]


def result(row: int, status: RowStatus, mp4: str | None) -> RowResult:
    return RowResult(
        row=row, video_type="moa", title="t", key=f"k{row}", review="none", status=status, mp4=mp4
    )


def test_summaries_are_written_whole_and_a_rerun_trusts_only_delivered_videos_still_there(
    tmp_path,
):
    mp4 = tmp_path / "v.mp4"
    mp4.write_bytes(b"x")
    json_path, csv_path = summary_paths(None, tmp_path, Path("Spring Campaign.xlsx"))
    assert json_path.name == "batch-spring-campaign-summary.json"
    assert csv_path.name == "batch-spring-campaign-summary.csv"
    summary = BatchSummary(
        sheet="s.csv",
        mode="local",
        started_at=datetime.now(UTC),
        rows=[
            result(2, RowStatus.delivered, str(mp4)),
            result(3, RowStatus.delivered, str(tmp_path / "gone.mp4")),
            result(4, RowStatus.failed, None),
            result(5, RowStatus.skipped, str(mp4)),
        ],
    )
    write_summary(summary, json_path, csv_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["v.mp4", json_path.name, csv_path.name]
    )  # no temporary files left
    assert json.loads(json_path.read_text())["counts"] == {
        "delivered": 2,
        "failed": 1,
        "skipped": 1,
    }
    assert csv_path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("row,video_type")
    delivered, warning = read_delivered(json_path)
    assert sorted(delivered) == ["k2", "k5"] and warning is None


def test_a_broken_summary_means_making_everything_with_a_warning(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{not json")
    delivered, warning = read_delivered(path)
    assert delivered == {} and "every row will be made" in warning


def test_summary_option_accepts_either_suffix(tmp_path):
    for given in ("run.json", "run.csv", "run"):
        paths = summary_paths(tmp_path / given, tmp_path / "out", Path("s.csv"))
        assert paths == (tmp_path / "run.json", tmp_path / "run.csv")
