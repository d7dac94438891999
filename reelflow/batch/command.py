"""`reelflow batch FILE`: validate every row, then make the videos and keep a summary.

Order matters: the sheet is read and every row validated before anything is started or written
(a bad batch exits 2 with every problem listed and leaves the output folder untouched); rows an
earlier run delivered are skipped; then the videos are made through the deployments when a worker
serves them, else locally; the summary is rewritten after every video, so a Ctrl-C (which stops
launching, stops the running videos and exits 130) leaves a summary a rerun continues from.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from prefect.settings import PREFECT_API_URL

from flows.review import ReviewPolicy
from pipeline.settings import load_settings
from pipeline.workspace import slug
from reelflow.batch.display import make_display
from reelflow.batch.local import LocalRunner
from reelflow.batch.sheet import SheetError, read_sheet
from reelflow.batch.summary import (
    BatchSummary,
    Ledger,
    RowResult,
    RowStatus,
    read_delivered,
    summary_paths,
)
from reelflow.batch.validate import BatchInvalid, BatchItem, validate_sheet
from reelflow.ephemeral import EphemeralServerError, private_server

SERVER_LOGS = Path(".reelflow") / "logs"


def batch(
    file: Annotated[Path, typer.Argument(help="Sheet of briefs: .csv, .xlsx or .jsonl.")],
    output: Annotated[Path | None, typer.Option(help="Output folder.")] = None,
    short_side: Annotated[
        int | None, typer.Option(min=90, max=2160, help="Frame short side in px (1080).")
    ] = None,
    review: Annotated[
        ReviewPolicy, typer.Option(help="Review policy of every row; a review column wins.")
    ] = ReviewPolicy.none,
    concurrency: Annotated[
        int, typer.Option(min=1, max=16, help="Videos made at once on this machine.")
    ] = 2,
    summary: Annotated[
        Path | None,
        typer.Option(help="Summary path (.json and .csv); default <output>/batch-<name>-summary."),
    ] = None,
) -> None:
    """Make a video from every row of a sheet; a rerun skips the rows already delivered."""
    settings = load_settings()
    output_dir = (output or settings.output_dir).expanduser().resolve()
    render = {
        "short_side": short_side or settings.short_side,
        "fps": settings.fps,
        "crf": settings.crf,
        "x264_preset": settings.x264_preset,
        "output_dir": str(output_dir),
    }
    api_url = PREFECT_API_URL.value()
    if review is not ReviewPolicy.none and not api_url:
        _fail(
            f"--review {review} waits for a reviewer in the Prefect UI, but no Prefect server is "
            "configured. Run `reelflow up`, export PREFECT_API_URL as it prints, and try again "
            "(or use --review none).",
            2,
        )
    try:
        sheet = read_sheet(file)
        items = validate_sheet(sheet, review=review, server=bool(api_url), render=render)
    except (SheetError, BatchInvalid) as exc:
        _fail(str(exc), 2)
    paths = summary_paths(summary, output_dir, file)
    delivered, warning = read_delivered(paths[0])
    mode, how = _mode({i.video_type for i in items if i.key not in delivered}, api_url)
    rows = [_result(item, delivered) for item in items]
    todo = [item for item in items if item.key not in delivered]
    record = BatchSummary(
        sheet=str(file.resolve()), mode=mode, started_at=datetime.now(UTC), rows=rows
    )
    noun = "line" if sheet.kind == "jsonl" else "row"
    with make_display(len(todo), noun) as display, _stopping() as (stop, hurry):
        ledger = Ledger(record, paths, display)
        if warning:
            display.note(warning)
        plan = f"{len(todo)} to make {how}" if todo else "nothing left to make"
        display.note(
            f"{file}: {len(items)} video(s); {len(items) - len(todo)} delivered before "
            f"(skipped), {plan}."
        )
        for result in rows:
            if result.status is RowStatus.skipped:
                display.note(
                    f"{noun} {result.row} {result.video_type} · {result.title}: skipped "
                    f"(delivered before): {result.mp4}"
                )
        ledger.write()
        try:
            if todo and mode == "deployments":
                from reelflow.batch.deployed import DeployedRunner

                job_env = {"REELFLOW_OUTPUT_DIR": str(output_dir)} if output else {}
                job_env |= {"REELFLOW_SHORT_SIDE": str(short_side)} if short_side else {}
                DeployedRunner(todo, ledger, stop=stop, job_env=job_env).run()
            elif todo:
                _run_locally(todo, ledger, output_dir, short_side, concurrency, stop, hurry, file)
        finally:
            ledger.close()
    _report(record, paths[0], stopped=stop.is_set())


def run_batch(args: list[str]) -> None:
    """`reelflow batch ARGS` as its own one-command app (same options and help as in the CLI).

    `reelflow.main` calls this without importing the full CLI (the flows, moviepy, the stack).
    """
    app = typer.Typer(add_completion=False)
    app.command()(batch)
    try:
        app(args=args, prog_name="reelflow batch")
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    # The summary is on disk and the server and workers are stopped: leave without the
    # interpreter's teardown of Prefect's modules and threads (about 0.4 s of CPU).
    sys.stdout.flush()
    sys.stderr.flush()
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr, flush=True)
        code = 1
    os._exit(code or 0)


def _fail(message: str, code: int) -> NoReturn:
    typer.secho(message, fg="red", err=True)
    raise typer.Exit(code)


def _mode(video_types: set[str], api_url: str | None) -> tuple[str, str]:
    """("deployments" | "local", how the videos will be made, in words)."""
    if not video_types:
        return "local", ""
    if not api_url:
        return "local", "here (no Prefect server configured: a private one runs for the batch)"
    from reelflow.batch.deployed import ServerUnreachable, unserved  # Prefect's client: only here

    try:
        reason = unserved(video_types, api_url)
    except ServerUnreachable as exc:
        _fail(str(exc), 1)
    if reason is None:
        return "deployments", f"through the deployments on {api_url}"
    return "local", f"here ({reason}), reporting to {api_url}"


def _result(item: BatchItem, delivered: dict[str, RowResult]) -> RowResult:
    result = RowResult(
        row=item.row,
        video_type=item.video_type,
        title=item.title,
        key=item.key,
        review=item.review.value,
    )
    before = delivered.get(item.key)
    if before is not None:
        result.status = RowStatus.skipped
        result.run_id, result.mp4, result.seconds = before.run_id, before.mp4, before.seconds
    return result


def _run_locally(
    items: list[BatchItem],
    ledger: Ledger,
    output_dir: Path,
    short_side: int | None,
    concurrency: int,
    stop: threading.Event,
    hurry: threading.Event,
    file: Path,
) -> None:
    """Workers start first; their imports overlap the private server's start."""
    env = {**os.environ, "REELFLOW_OUTPUT_DIR": str(output_dir)}
    if short_side:
        env["REELFLOW_SHORT_SIDE"] = str(short_side)
    logs = output_dir / f"batch-{slug(file.stem)}-logs"
    runner = LocalRunner(
        items, ledger, concurrency=concurrency, env=env, logs=logs, stop=stop, hurry=hurry
    )
    runner.start_workers()
    try:
        with private_server(SERVER_LOGS, ephemeral=True) as api_url:
            runner.run(api_url)
    except EphemeralServerError as exc:
        ledger.display.note(str(exc))
        for result in ledger.summary.rows:
            if result.status is RowStatus.pending:
                result.error = str(exc)
        raise typer.Exit(1) from None
    finally:
        runner.abort()


@contextmanager
def _stopping() -> Iterator[tuple[threading.Event, threading.Event]]:
    """Ctrl-C (or SIGTERM) once: stop gracefully; twice: stop now."""
    stop, hurry = threading.Event(), threading.Event()

    def handle(signum: int, frame: Any) -> None:
        if stop.is_set():
            hurry.set()
        stop.set()

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {s: signal.signal(s, handle) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop, hurry
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _report(record: BatchSummary, json_path: Path, stopped: bool) -> None:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(record.counts.items()))
    typer.echo(f"\nBatch {'stopped' if stopped else 'done'}: {counts}")
    typer.echo(f"Summary: {json_path} (and {json_path.with_suffix('.csv').name})")
    if stopped:
        typer.echo("Run the same command again to make the rest.")
        raise typer.Exit(130)
    if any(r.status not in (RowStatus.delivered, RowStatus.skipped) for r in record.rows):
        raise typer.Exit(1)
