"""`reelflow check`: a brief's compliance findings while a copywriter writes, in about a second.

Copywriters run it after every edit, so it loads only what the checks need: the brief models,
the rule profiles and the offline writer. Prefect, moviepy and the OpenAI client are not imported
(unless a model writer is configured, which needs its client); `reelflow.main` sends `check`
here without loading the full CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from pipeline.brief_file import load_brief
from pipeline.briefs import BriefError
from pipeline.compliance.report import report_text
from pipeline.compliance.review import compliance_report
from pipeline.providers.writer import Writer
from pipeline.settings import Settings, settings_problem
from pipeline.video_types import VideoType


def check(
    video_type: Annotated[VideoType, typer.Argument(help="Which kind of video.")],
    brief: Annotated[Path, typer.Option(help="Brief JSON file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a brief, its storyboard and its script against its market's rules, without rendering.

    Exit code 0: nothing blocks; 1: something does; 2: the brief itself is not valid.
    """
    try:
        parsed = load_brief(brief, video_type)
    except (BriefError, ValueError) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    report = compliance_report(parsed, _writer())
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        typer.echo(report_text(report, subject=f"the {video_type} brief {brief}"))
    raise typer.Exit(1 if report.blocking else 0)


def _writer() -> Writer:
    """The configured writer; the offline one without loading any model client."""
    try:
        settings = Settings()
    except ValidationError as exc:
        typer.secho(settings_problem(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    if settings.writer == "offline":
        from pipeline.providers.writer.offline import OfflineWriter

        return OfflineWriter()
    from pipeline.providers.registry import writer_for

    return writer_for(settings)


def run_check(args: list[str]) -> None:
    """`reelflow check ARGS` as its own one-command app (same options and help as in the CLI)."""
    app = typer.Typer(add_completion=False)
    app.command()(check)
    app(args=args, prog_name="reelflow check")
