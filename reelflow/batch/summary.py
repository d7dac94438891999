"""The batch's record: each row's status, run id, MP4 and error, rewritten after every video.

JSON is the state a rerun reads; CSV is for people. Both are written to a temporary file and moved
into place with `os.replace`, so a Ctrl-C, a crash or a full disk leaves the previous complete
summary, never half of one. A rerun of the same sheet reads the JSON and skips every row whose key
(brief + render settings) was delivered and whose MP4 is still there.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from pipeline.workspace import slug

CSV_FIELDS = ["row", "video_type", "title", "status", "run_id", "mp4", "error", "seconds", "log"]


class RowStatus(StrEnum):
    """Where a row stands; `delivered` and `skipped` mean its MP4 exists."""

    pending = "pending"  # not started (yet, or the batch was stopped first)
    running = "running"
    delivered = "delivered"
    skipped = "skipped"  # delivered by an earlier run of the same batch
    failed = "failed"
    stopped = "stopped"  # a reviewer stopped it, or its run was cancelled
    interrupted = "interrupted"  # Ctrl-C arrived while it was being made


DONE = {RowStatus.delivered, RowStatus.skipped}
FINAL = DONE | {RowStatus.failed, RowStatus.stopped}
"""A row in one of these needs nothing more from this batch (a rerun retries failed ones)."""


class RowResult(BaseModel):
    """One row of the summary."""

    row: int
    video_type: str
    title: str
    key: str
    review: str
    status: RowStatus = RowStatus.pending
    run_id: str | None = None
    mp4: str | None = None
    error: str | None = None
    seconds: float | None = None
    log: str | None = None


class BatchSummary(BaseModel):
    """The whole batch: where it came from, how it ran, and every row."""

    sheet: str
    mode: str
    started_at: datetime
    finished_at: datetime | None = None
    complete: bool = False
    counts: dict[str, int] = {}
    rows: list[RowResult]


def summary_paths(summary: Path | None, output_dir: Path, sheet: Path) -> tuple[Path, Path]:
    """JSON and CSV paths: `--summary` (with either suffix, or none) or beside the videos."""
    if summary is None:
        base = output_dir / f"batch-{slug(sheet.stem)}-summary"
    else:
        base = summary.with_suffix("") if summary.suffix in (".json", ".csv") else summary
    return base.with_name(base.name + ".json"), base.with_name(base.name + ".csv")


def read_delivered(json_path: Path) -> tuple[dict[str, RowResult], str | None]:
    """The rows an earlier run delivered (by key), and a warning if its summary is unusable."""
    if not json_path.is_file():
        return {}, None
    try:
        previous = BatchSummary.model_validate_json(json_path.read_bytes())
    except (ValidationError, OSError) as exc:
        first = str(exc).splitlines()[0]
        return {}, f"{json_path} is not a batch summary ({first}); every row will be made"
    done = {}
    for row in previous.rows:
        if row.status in DONE and row.mp4 and (_is_url(row.mp4) or Path(row.mp4).is_file()):
            done[row.key] = row
    return done, None


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "s3://", "gs://"))


def write_summary(summary: BatchSummary, json_path: Path, csv_path: Path) -> None:
    """Both files, each replaced whole (JSON first: it is what a rerun trusts)."""
    summary.counts = dict(Counter(row.status.value for row in summary.rows))
    _atomic_write(json_path, summary.model_dump_json(indent=2) + "\n", "utf-8")
    table = io.StringIO()
    writer = csv.DictWriter(table, CSV_FIELDS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in summary.rows:
        data = row.model_dump(mode="json")
        writer.writerow({k: "" if v is None else v for k, v in data.items()})
    # With a byte-order mark Excel reads the CSV as UTF-8 (titles with accents stay readable).
    _atomic_write(csv_path, table.getvalue(), "utf-8-sig")


def _atomic_write(path: Path, text: str, encoding: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Display(Protocol):
    """What shows progress: told when a video starts, moves on, and ends."""

    def started(self, result: RowResult) -> None:
        """A video began."""

    def update(self, result: RowResult, text: str, step: int | None = None) -> None:
        """A video moved on (`step` of 6 stages done, when known)."""

    def finished(self, result: RowResult) -> None:
        """A video ended (any final status)."""

    def note(self, text: str) -> None:
        """A message about the batch as a whole."""


class Ledger:
    """The batch's live record: runners report here; it updates the display and the files."""

    def __init__(self, summary: BatchSummary, paths: tuple[Path, Path], display: Display) -> None:
        self.summary = summary
        self.paths = paths
        self.display = display
        self._by_row = {r.row: r for r in summary.rows}
        self._started: dict[int, datetime] = {}

    def row(self, number: int) -> RowResult:
        """The result of row `number`."""
        return self._by_row[number]

    def started(self, number: int, **fields: Any) -> None:
        """Row `number` is being made (a run id may come with it)."""
        result = self.row(number)
        self._set(result, status=RowStatus.running, **fields)
        self._started[number] = datetime.now(UTC)
        self.display.started(result)

    def update(self, number: int, text: str, step: int | None = None, **fields: Any) -> None:
        """Row `number` moved on; `fields` (such as the run id) are recorded."""
        result = self.row(number)
        self._set(result, **fields)
        self.display.update(result, text, step)

    def finish(self, number: int, status: RowStatus, **fields: Any) -> None:
        """Row `number` ended; the summary is rewritten at once."""
        result = self.row(number)
        began = self._started.get(number)
        if began is not None and fields.get("seconds") is None:
            fields["seconds"] = round((datetime.now(UTC) - began).total_seconds(), 2)
        self._set(result, status=status, **fields)
        self.display.finished(result)
        self.write()

    def write(self) -> None:
        """Save the summary as it stands."""
        write_summary(self.summary, *self.paths)

    def close(self) -> None:
        """The batch ended: rows still running count as interrupted; save the final summary."""
        for result in self.summary.rows:
            if result.status is RowStatus.running:
                result.status = RowStatus.interrupted
        self.summary.complete = all(r.status in FINAL for r in self.summary.rows)
        self.summary.finished_at = datetime.now(UTC)
        self.write()

    @staticmethod
    def _set(result: RowResult, **fields: Any) -> None:
        for name, value in fields.items():
            if value is not None:
                setattr(result, name, value)
