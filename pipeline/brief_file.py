"""Reading a brief from a file: every way a file can fail gets a paragraph naming it and the fix.

A brief is a few kilobytes of UTF-8 JSON holding one object. Anything else (an empty file, a
spreadsheet saved as Latin-1, a JSON list, `NaN`, a 50 MB log given by mistake) is refused here,
before any stage runs and before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.briefs import BriefFileError
from pipeline.video_types import parse_brief

MAX_BRIEF_BYTES = 1_000_000
"""A brief is a few KB; a megabyte means the wrong file (a video, a log, a dataset)."""

_JSON_KINDS = {list: "list", str: "string", int: "number", float: "number", bool: "true/false"}


def read_brief_file(path: Path) -> dict[str, Any]:
    """The JSON object in `path`, or `BriefFileError` saying what is wrong with the file."""
    if not path.exists():
        raise BriefFileError(f"{path}: no such file: check the path (examples/ has one per type)")
    if not path.is_file():
        raise BriefFileError(f"{path}: is a folder, not a file: give the brief's JSON file")
    raw = path.read_bytes()
    if len(raw) > MAX_BRIEF_BYTES:
        raise BriefFileError(
            f"{path}: is {len(raw):,} bytes; a brief is a small JSON file: check you gave the "
            "right file"
        )
    if not raw.strip():
        raise BriefFileError(
            f"{path}: is empty: write the brief as a JSON object (copy one from examples/)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefFileError(
            f"{path}: is not UTF-8 text (byte 0x{raw[exc.start]:02X} at offset {exc.start}): "
            "save it as UTF-8 (in most editors: Save As, encoding UTF-8)"
        ) from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BriefFileError(
            f"{path}: is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}: "
            "fix it there (a trailing comma or a missing quote is the usual cause)"
        ) from None
    except ValueError as exc:
        raise BriefFileError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        kind = "null" if data is None else _JSON_KINDS.get(type(data), type(data).__name__)
        raise BriefFileError(
            f"{path}: holds a JSON {kind} at the top level, not an object: a brief is one "
            '{ "field": value, ... } object'
        )
    return data


def load_brief(path: Path, video_type: str, overrides: dict[str, Any] | None = None) -> Any:
    """The validated brief of `video_type` in `path`, with command-line `overrides` applied.

    Brand overrides (`name`, the colours, `logo`) go into `brand`; `language` and
    `target_duration_s` replace the brief's own. Every problem names the file.
    """
    data = read_brief_file(path)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    brand_keys = {"name", "primary_color", "secondary_color", "accent_color", "logo"}
    brand = {
        k: str(v) if isinstance(v, Path) else v for k, v in overrides.items() if k in brand_keys
    }
    if brand:
        current = data.get("brand")
        data["brand"] = {**(current if isinstance(current, dict) else {}), **brand}
    data |= {k: v for k, v in overrides.items() if k not in brand_keys}
    return parse_brief(data, video_type, source=str(path))


def _no_constant(name: str) -> None:
    raise ValueError(f"has {name}, which is not a number JSON allows: write a plain number")
