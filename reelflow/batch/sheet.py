"""Reading a batch file (CSV, XLSX or JSON Lines) into rows of cells, numbered as users see them.

Rows are numbered the way the user finds them again: a spreadsheet's row number (the header is row
1) for CSV and XLSX, the line number for JSON Lines. Problems with the file as a whole (empty, not
UTF-8, not a workbook, no `video_type` column) raise `SheetError` with one paragraph naming the fix;
a row that cannot be read at all (a bad JSON line, more cells than the header has names) keeps its
`problem`, so it is reported with the other bad rows instead of stopping the read.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

MAX_SHEET_BYTES = 20_000_000
"""A batch of a few hundred briefs is well under a megabyte; 20 MB means the wrong file."""
MAX_ROWS = 1000
"""More videos than one batch should hold: split the sheet (each batch gets its own summary)."""
TYPE_COLUMN = "video_type"
EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
EXTENSIONS |= {".jsonl": "jsonl", ".ndjson": "jsonl"}


class SheetError(ValueError):
    """The batch file cannot be read as a batch; the message names the file and the fix."""


class SheetRow(BaseModel):
    """One row: its number as the user sees it and its non-empty cells by column name."""

    number: int
    cells: dict[str, Any]
    problem: str | None = None


class Sheet(BaseModel):
    """A batch file's rows and columns (in the file's order), and each column's letter."""

    path: Path
    kind: Literal["csv", "xlsx", "jsonl"]
    columns: list[str]
    letters: dict[str, str] = {}
    rows: list[SheetRow]

    def where(self, row: int) -> str:
        """How a message names a row: "row 3" in a sheet, "line 3" in JSON Lines."""
        return f"line {row}" if self.kind == "jsonl" else f"row {row}"


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column `index`: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_sheet(path: Path) -> Sheet:
    """The rows of the batch file at `path`, or `SheetError` saying what is wrong with the file."""
    kind = _kind(path)
    if kind == "xlsx":
        header, records = _xlsx_records(path)
        sheet = _table(path, kind, header, records)
    elif kind == "csv":
        header, records = _csv_records(path, _text(path))
        sheet = _table(path, kind, header, records)
    else:
        sheet = _jsonl(path, _text(path))
    if not sheet.rows:
        raise SheetError(
            f"{path}: has no rows{'' if kind == 'jsonl' else ' below the header'}: add one row per "
            "video (see examples/batch.csv)"
        )
    if len(sheet.rows) > MAX_ROWS:
        raise SheetError(
            f"{path}: has {len(sheet.rows)} rows; a batch holds at most {MAX_ROWS}: split it into "
            "several files"
        )
    if kind != "jsonl" and TYPE_COLUMN not in sheet.columns:
        found = ", ".join(sheet.columns[:12]) or "none"
        raise SheetError(
            f"{path}: has no {TYPE_COLUMN} column (row 1 names: {found}): add a column named "
            f"{TYPE_COLUMN} saying which kind of video each row is (reelflow types lists them)"
        )
    return sheet


def _kind(path: Path) -> Literal["csv", "xlsx", "jsonl"]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise SheetError(f"{path}: no such file: check the path (examples/batch.csv is one)")
    if not path.is_file():
        raise SheetError(f"{path}: is a folder, not a file: give the batch's CSV, XLSX or JSONL")
    if suffix == ".xls":
        raise SheetError(f"{path}: is the old Excel format (.xls): save it as .xlsx or .csv")
    if suffix == ".json":
        raise SheetError(
            f"{path}: a .json file holds one brief: make it with `reelflow run`, or write one "
            "brief per line in a .jsonl file for a batch"
        )
    if suffix not in EXTENSIONS:
        raise SheetError(
            f"{path}: unknown extension {suffix or '(none)'!r}: save the batch as .csv, .xlsx "
            "or .jsonl (JSON Lines: one brief object per line)"
        )
    size = path.stat().st_size
    if size == 0:
        raise SheetError(f"{path}: is empty: add a header row and one row per video")
    if size > MAX_SHEET_BYTES:
        raise SheetError(
            f"{path}: is {size:,} bytes; a batch sheet is small: check you gave the right file"
        )
    return EXTENSIONS[suffix]  # type: ignore[return-value]


def _text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SheetError(
            f"{path}: is not UTF-8 text (byte 0x{raw[exc.start]:02X} on line {line}): save it as "
            "UTF-8 (Excel: Save As, 'CSV UTF-8'; other editors: encoding UTF-8)"
        ) from None
    if not text.strip():
        raise SheetError(f"{path}: is empty: add a header row and one row per video")
    return text


def _csv_records(path: Path, text: str) -> tuple[int, list[tuple[int, list[Any]]]]:
    """Records numbered as a spreadsheet shows them (a quoted line break stays in its row)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in many locales saves "CSV" with semicolons or tabs: take the one giving video_type.
    names = {d: [c.strip() for c in next(csv.reader([first], delimiter=d))] for d in ",;\t"}
    delimiter = next((d for d, row in names.items() if TYPE_COLUMN in row), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(enumerate(reader, 1))
    except csv.Error as exc:
        raise SheetError(f"{path}: is not a readable CSV file ({exc}): save it again") from None
    return _split_header(records)


def _xlsx_records(path: Path) -> tuple[int, list[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook  # imported here: only XLSX batches need it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise SheetError(
            f"{path}: is not a readable XLSX workbook (not a zip archive; a password-protected "
            "workbook is not one either): save it again from Excel as .xlsx, without a password"
        ) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise SheetError(
            f"{path}: is not a readable XLSX workbook ({type(exc).__name__}: {exc}): save it "
            "again from Excel or LibreOffice as .xlsx"
        ) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong used range; read every row
        records = list(enumerate((list(r) for r in sheet.iter_rows(values_only=True)), 1))
    except Exception as exc:
        raise SheetError(
            f"{path}: its first worksheet cannot be read ({type(exc).__name__}: {exc}): save it "
            "again as .xlsx"
        ) from None
    finally:
        book.close()
    return _split_header(records)


def _split_header(records: list[tuple[int, list[Any]]]) -> tuple[int, list[tuple[int, list[Any]]]]:
    """Index of the header (the first row with anything in it) and the records below it."""
    for position, (_, cells) in enumerate(records):
        if any(_clean(c) is not None for c in cells):
            return position, records
    return 0, []


def _clean(value: Any) -> Any:
    """A cell's value with surrounding spaces removed; an empty cell is None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _table(
    path: Path, kind: Literal["csv", "xlsx"], header_at: int, records: list[tuple[int, list[Any]]]
) -> Sheet:
    if not records:
        raise SheetError(f"{path}: has no cells with anything in them: add a header row")
    header_row, header = records[header_at]
    names = [_header_name(c) for c in header]
    body = records[header_at + 1 :]
    _check_header(path, header_row, names, body)
    columns = [n for n in names if n]
    rows = []
    for number, cells in body:
        values = {n: _clean(v) for n, v in zip(names, cells, strict=False) if n}
        values = {n: v for n, v in values.items() if v is not None}
        extra = [c for c in cells[len(names) :] if _clean(c) is not None]
        if not values and not extra:
            continue  # a blank row separates groups; it is no brief
        problem = None
        if extra:
            filled = len(names) + len(cells[len(names) :])
            problem = (
                f"has cells beyond the last named column (up to column {column_letter(filled - 1)})"
                ": a text with a comma in it needs quotes, or name the column in row 1"
            )
        rows.append(SheetRow(number=number, cells=values, problem=problem))
    letters = {n: column_letter(i) for i, n in enumerate(names) if n}
    return Sheet(path=path, kind=kind, columns=columns, letters=letters, rows=rows)


def _header_name(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _check_header(
    path: Path, row: int, names: list[str], body: list[tuple[int, list[Any]]]
) -> None:
    seen: dict[str, str] = {}
    problems = []
    for index, name in enumerate(names):
        if not name:
            if any(index < len(c) and _clean(c[index]) is not None for _, c in body):
                problems.append(
                    f"column {column_letter(index)} has cells but no name: name it (e.g. "
                    "brand.name) or delete the column"
                )
        elif name in seen:
            problems.append(
                f"columns {seen[name]} and {column_letter(index)} are both named {name!r}: "
                "keep one (list items go in numbered columns: key_benefits.1, key_benefits.2)"
            )
        else:
            seen[name] = column_letter(index)
    if problems:
        raise SheetError(f"{path}: its header (row {row}): " + "; ".join(problems))


def _jsonl(path: Path, text: str) -> Sheet:
    columns: dict[str, None] = {}
    rows = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            problem = f"is not valid JSON ({exc.msg} at character {exc.colno}): fix the line"
            rows.append(SheetRow(number=number, cells={}, problem=problem))
            continue
        except ValueError as exc:
            rows.append(SheetRow(number=number, cells={}, problem=str(exc)))
            continue
        if not isinstance(data, dict):
            problem = 'is not a JSON object: each line is one brief, { "field": value, ... }'
            rows.append(SheetRow(number=number, cells={}, problem=problem))
            continue
        cells = dict(_flatten(data))
        columns |= dict.fromkeys(cells)
        rows.append(SheetRow(number=number, cells=cells))
    return Sheet(path=path, kind="jsonl", columns=list(columns), rows=rows)


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested objects become dotted names, as in a sheet: {"brand": {"name": x}} → brand.name."""
    out: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.extend(_flatten(value, f"{name}."))
        elif _clean(value) is not None:
            out.append((name, _clean(value)))
    return out


def _no_constant(name: str) -> None:
    raise ValueError(f"has {name}, which is not a number JSON allows: write a plain number")
