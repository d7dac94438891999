"""Progress of a batch: a live display in a terminal, one line per event anywhere else.

In a terminal, an overall bar plus one bar per video being made (its stage out of six), and a
line for each video that ends. Piped to a file or a CI log, where redrawn bars would be noise,
every event (started, each stage, waiting for review, delivered, failed) is a plain line.
"""

from __future__ import annotations

from typing import Self

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from reelflow.batch.summary import RowResult, RowStatus

STAGES = 6
COLOURS = {
    RowStatus.delivered: "green",
    RowStatus.skipped: "cyan",
    RowStatus.failed: "red",
    RowStatus.stopped: "yellow",
    RowStatus.interrupted: "yellow",
}


def _name(result: RowResult, noun: str) -> str:
    return f"{noun} {result.row} {result.video_type} · {result.title}"


def _outcome(result: RowResult) -> str:
    took = f" in {result.seconds:.1f} s" if result.seconds is not None else ""
    if result.status in (RowStatus.delivered, RowStatus.skipped):
        return f"{result.status.value}{took}: {result.mp4}"
    return f"{result.status.value}{took}: {result.error or ''}".rstrip(": ")


class PlainDisplay:
    """One line per event, for logs and pipes."""

    def __init__(self, total: int, noun: str = "row") -> None:
        self.total = total
        self.noun = noun
        self.ended = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def _say(self, text: str) -> None:
        print(text, flush=True)

    def started(self, result: RowResult) -> None:
        """A video began."""
        self._say(f"{_name(result, self.noun)}: started")

    def update(self, result: RowResult, text: str, step: int | None = None) -> None:
        """A video moved on."""
        self._say(f"{self.noun} {result.row} {result.video_type}: {text}")

    def finished(self, result: RowResult) -> None:
        """A video ended."""
        self.ended += 1
        self._say(f"[{self.ended}/{self.total}] {_name(result, self.noun)}: {_outcome(result)}")

    def note(self, text: str) -> None:
        """A message about the batch."""
        self._say(text)


class LiveDisplay:
    """Bars redrawn in place: the batch overall, and each video being made."""

    def __init__(self, total: int, console: Console, noun: str = "row") -> None:
        self.noun = noun
        self.console = console
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", style="bold"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self.overall = self.progress.add_task("batch", total=total, status="")
        self.bars: dict[int, TaskID] = {}

    def __enter__(self) -> Self:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def started(self, result: RowResult) -> None:
        """A video began: it gets a bar of six stages."""
        name = _name(result, self.noun)
        name = escape(name if len(name) <= 48 else name[:47] + "…")
        self.bars[result.row] = self.progress.add_task(name, total=STAGES, status="starting")

    def update(self, result: RowResult, text: str, step: int | None = None) -> None:
        """A video moved on."""
        bar = self.bars.get(result.row)
        if bar is not None:
            self.progress.update(bar, status=escape(text), completed=step)

    def finished(self, result: RowResult) -> None:
        """A video ended: its bar gives way to a line above the bars."""
        bar = self.bars.pop(result.row, None)
        if bar is not None:
            self.progress.remove_task(bar)
        colour = COLOURS.get(result.status, "white")
        self.console.print(
            f"[{colour}]{escape(_name(result, self.noun))}: {escape(_outcome(result))}[/]",
            highlight=False,
        )
        self.progress.advance(self.overall)

    def note(self, text: str) -> None:
        """A message about the batch."""
        self.console.print(escape(text), highlight=False)


def make_display(total: int, noun: str) -> PlainDisplay | LiveDisplay:
    """Live bars in a terminal, plain lines otherwise."""
    console = Console()
    if console.is_terminal and not console.is_dumb_terminal:
        return LiveDisplay(total, console, noun)
    return PlainDisplay(total, noun)
