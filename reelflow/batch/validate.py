"""Every row of a batch validated before anything runs, and every bad row reported at once.

A batch that stops at its seventh video on a typo in row 9 wastes the six renders before it and
the user's attention, so rows are checked first, all of them, with the same brief models (and the
same per-field messages) as `reelflow run`; each problem names the row as the spreadsheet shows
it, the column, the problem and the fix.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from flows.review import ReviewPolicy
from pipeline.briefs import BriefError, BriefFileError
from pipeline.video_types import BRIEF_MODELS, SPECS, parse_brief
from pipeline.workspace import content_hash
from reelflow.batch.columns import Source, column_of, row_to_data
from reelflow.batch.sheet import TYPE_COLUMN, Sheet, SheetRow

REVIEW_COLUMN = "review"


class RowProblem(BaseModel):
    """One thing wrong with one row: where (row, column, its letter) and what to do."""

    row: int
    column: str
    letter: str | None = None
    problem: str


class BatchItem(BaseModel):
    """A valid row, ready to make: its brief as JSON data and the key a rerun matches it by."""

    row: int
    video_type: str
    title: str
    brief: dict[str, Any]
    review: ReviewPolicy
    key: str


class BatchInvalid(ValueError):
    """Rows that cannot be made; the message lists every one, grouped by row."""

    def __init__(self, sheet: Sheet, problems: list[RowProblem]) -> None:
        self.problems = problems
        rows = sorted({p.row for p in problems})
        noun = "line" if sheet.kind == "jsonl" else "row"
        lines = [
            f"{sheet.path}: {len(rows)} {noun}(s) cannot be made, so nothing was rendered. Fix "
            "them and run the batch again:"
        ]
        order = {name: index for index, name in enumerate(sheet.columns)}
        for problem in sorted(problems, key=lambda p: (p.row, order.get(p.column, -1))):
            lines.append(f"  {describe(sheet, problem)}")
        super().__init__("\n".join(lines))


def describe(sheet: Sheet, problem: RowProblem) -> str:
    """One problem as a line: `row 3, column brand.primary_color (D): problem: fix`."""
    word = "field" if sheet.kind == "jsonl" else "column"
    column = "" if problem.column == "(row)" else f", {word} {problem.column}"
    letter = f" ({problem.letter})" if problem.letter else ""
    return f"{sheet.where(problem.row)}{column}{letter}: {problem.problem}"


def render_key(brief: dict[str, Any], render: dict[str, Any]) -> str:
    """A stable hash of a validated brief and the render settings: what "the same video" means."""
    return content_hash(brief, render)[:16]


def validate_sheet(
    sheet: Sheet,
    *,
    review: ReviewPolicy,
    server: bool,
    render: dict[str, Any],
) -> list[BatchItem]:
    """The batch's videos, or `BatchInvalid` naming every bad row.

    `review` is the batch's policy (a `review` cell overrides it for its row); `server` says
    whether a Prefect server is configured, without which nobody could review; `render` holds the
    settings that, with the brief, make a video the same one (short side, fps, output folder).
    """
    problems: list[RowProblem] = []
    items: list[BatchItem] = []
    seen: dict[str, int] = {}
    for row in sheet.rows:
        found: list[tuple[str, str]] = []
        item = _validate_row(sheet, row, review, server, render, found)
        problems += [
            RowProblem(row=row.number, column=c, letter=sheet.letters.get(c), problem=p)
            for c, p in found
        ]
        if item is None:
            continue
        if item.key in seen:
            problems.append(
                RowProblem(
                    row=row.number,
                    column="(row)",
                    problem=f"is the same video as {sheet.where(seen[item.key])} (same brief and "
                    "settings): delete one of the two",
                )
            )
            continue
        seen[item.key] = row.number
        items.append(item)
    if problems:
        raise BatchInvalid(sheet, problems)
    return items


def _validate_row(
    sheet: Sheet,
    row: SheetRow,
    default_review: ReviewPolicy,
    server: bool,
    render: dict[str, Any],
    found: list[tuple[str, str]],
) -> BatchItem | None:
    if row.problem:
        found.append(("(row)", row.problem))
        return None
    kind = row.cells.get(TYPE_COLUMN)
    if kind is None:
        found.append((TYPE_COLUMN, f"is empty: write which kind of video, one of {_types()}"))
        return None
    if not isinstance(kind, str) or kind not in SPECS:
        found.append((TYPE_COLUMN, f"{kind!r} is not a video type: write one of {_types()}"))
        return None
    review = _review(row, default_review, server, found)
    model = BRIEF_MODELS[kind]
    converted = row_to_data(row.cells, model, sheet.path.parent.resolve())
    found += converted.problems
    try:
        brief = parse_brief(converted.data, kind, source=f"{sheet.path} {sheet.where(row.number)}")
    except BriefError as exc:
        found += _brief_problems(exc, converted.sources, model, row, sheet)
        return None
    except BriefFileError as exc:
        found.append(("(row)", str(exc)))
        return None
    if converted.problems or review is None:
        return None
    data = brief.model_dump(mode="json")
    return BatchItem(
        row=row.number,
        video_type=kind,
        title=brief.title,
        brief=data,
        review=review,
        key=render_key(data, render),
    )


def _types() -> str:
    return ", ".join(SPECS)


def _review(
    row: SheetRow, default: ReviewPolicy, server: bool, found: list[tuple[str, str]]
) -> ReviewPolicy | None:
    cell = row.cells.get(REVIEW_COLUMN)
    if cell is None:
        return default
    try:
        review = ReviewPolicy(str(cell).strip().lower())
    except ValueError:
        found.append(
            (REVIEW_COLUMN, f"{cell!r} is no review policy: write none, key or every (or leave it "
             "empty to use --review)")
        )  # fmt: skip
        return None
    if review is not ReviewPolicy.none and not server:
        found.append(
            (REVIEW_COLUMN, f"{review.value} waits for a reviewer in the Prefect UI, but no "
             "Prefect server is configured: run `reelflow up` and export PREFECT_API_URL, or "
             "write none")
        )  # fmt: skip
        return None
    return review


def _brief_problems(
    exc: BriefError,
    sources: dict[str, Source],
    model: type[BaseModel],
    row: SheetRow,
    sheet: Sheet,
) -> list[tuple[str, str]]:
    """BriefError's per-field lines ("  - field: problem: fix"), each moved to its column.

    A sheet has cells, not a brief file: "add it to the brief" becomes what to do in the sheet,
    and a message that does not quote the cell gets its value, so the user sees what was read.
    """
    entries: list[str] = []
    for line in str(exc).splitlines()[1:]:
        if line.startswith("  - ") or not entries:
            entries.append(line.removeprefix("  - "))
        else:  # a message that runs over several lines
            entries[-1] += " " + line.strip()
    out = []
    for field, entry in zip(exc.fields, entries, strict=False):
        problem = entry.removeprefix(f"{field}: ")
        column, prefix = column_of(field, sources, model)
        value = row.cells.get(column)
        if value is None:
            if sheet.kind == "jsonl":
                fix = "add this field to the line"
            else:
                fix = "fill in this cell" if column in sheet.columns else "add this column"
            problem = problem.replace("add it to the brief", fix)
        elif isinstance(value, str | int | float) and not prefix and repr(value) not in problem:
            problem += f" (the cell holds {value!r})"
        out.append((column, prefix + problem))
    return out
