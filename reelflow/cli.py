"""`reelflow` command line: list video types, run a brief, render the demo.

Runs flows in this process against whatever Prefect API is configured; with none, Prefect starts
its local SQLite-backed server for the run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from prefect.settings import PREFECT_API_URL
from pydantic import ValidationError

from flows.creator import Delivery, ReviewPolicy
from flows.registry import run_here
from pipeline.brief_file import load_brief
from pipeline.briefs import BriefError
from pipeline.settings import Settings, settings_problem, using_settings
from pipeline.video_types import BRIEF_MODELS, Brief, VideoType, parse_brief
from reelflow import postgres
from reelflow.batch.command import batch
from reelflow.check import check
from reelflow.console.command import console as console_command
from reelflow.console.creator import creator
from reelflow.doctor import main_doctor
from reelflow.ephemeral import EphemeralServerError, private_server
from reelflow.errors import StackError
from reelflow.localize import localize
from reelflow.media_server import serve
from reelflow.stack import Database, Stack
from reelflow.stack import down as stack_down
from reelflow.stack import up as stack_up

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
app.command("console")(console_command)
app.command()(creator)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STACK_HOME = Path(".reelflow")


@app.command()
def types() -> None:
    """List the video types and the fields of their briefs."""
    for kind, model in BRIEF_MODELS.items():
        typer.secho(f"\n{kind}", bold=True)
        typer.echo(f"  {(model.__doc__ or '').strip()}")
        for name, field in model.model_fields.items():
            if name == "video_type":
                continue
            need = "required" if field.is_required() else f"default {field.get_default()!r}"
            typer.echo(f"  - {name} ({need}): {field.description or ''}")


def _settings(**overrides: object) -> Settings:
    """The settings for this command: the environment's, with the command line's options on top.

    Built as one validated `Settings` and handed to the run (`using_settings`), never written
    into the environment; a bad REELFLOW_* variable is one clear paragraph, not a traceback.
    """
    try:
        return Settings(**{name: value for name, value in overrides.items() if value is not None})
    except ValidationError as exc:
        typer.secho(settings_problem(exc), fg="red", err=True)
        raise typer.Exit(2) from None


@app.command()
def run(
    video_type: Annotated[VideoType, typer.Argument(help="Which kind of video.")],
    brief: Annotated[Path, typer.Option(help="Brief JSON file.")],
    brand_name: Annotated[str | None, typer.Option(help="Override brand.name.")] = None,
    primary_color: Annotated[str | None, typer.Option(help="Override brand.primary_color.")] = None,
    secondary_color: Annotated[str | None, typer.Option(help="Override brand colour 2.")] = None,
    accent_color: Annotated[str | None, typer.Option(help="Override brand.accent_color.")] = None,
    logo: Annotated[Path | None, typer.Option(help="Override brand.logo.")] = None,
    language: Annotated[str | None, typer.Option(help="Override language (en, de, ...).")] = None,
    duration: Annotated[float | None, typer.Option(help="Override target_duration_s.")] = None,
    review: Annotated[
        ReviewPolicy, typer.Option(help="Review policy: none, key or every.")
    ] = ReviewPolicy.none,
    short_side: Annotated[
        int | None, typer.Option(min=90, max=2160, help="Frame short side in px (1080).")
    ] = None,
    fps: Annotated[int | None, typer.Option(min=1, max=60, help="Frames per second (30).")] = None,
    output: Annotated[Path | None, typer.Option(help="Output folder.")] = None,
) -> None:
    """Make one video from a brief and print the MP4's path."""
    overrides = dict(
        name=brand_name,
        primary_color=primary_color,
        secondary_color=secondary_color,
        accent_color=accent_color,
        logo=logo,
        language=language,
        target_duration_s=duration,
    )
    try:
        parsed = load_brief(brief, video_type, overrides)
    except (BriefError, ValueError) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    if review is not ReviewPolicy.none and not PREFECT_API_URL.value():
        typer.secho(
            f"--review {review} waits for a reviewer in the Prefect UI, but no Prefect server is "
            "configured. Run `reelflow up`, export PREFECT_API_URL as it prints, and try again "
            "(or use --review none).",
            fg="red",
            err=True,
        )
        raise typer.Exit(2)
    settings = _settings(short_side=short_side, fps=fps, output_dir=output)
    with using_settings(settings), _prefect_server():
        delivery = _run_flow(video_type, parsed, review)
    typer.secho(f"\n{delivery.mp4}", fg="green", bold=True)


@contextmanager
def _prefect_server() -> Iterator[None]:
    """The configured Prefect server, or a private one whose log stays out of the terminal."""
    try:
        with private_server(STACK_HOME / "logs"):
            yield
    except EphemeralServerError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from None


def _run_flow(video_type: VideoType, brief: Brief, review: ReviewPolicy) -> Delivery:
    state = run_here(video_type, brief, review)
    if not state.is_completed():
        typer.secho(f"{state.name}: {state.message}", fg="red", err=True)
        raise typer.Exit(1)
    return state.result()


app.command()(check)


@app.command()
def demo(
    types_: Annotated[
        list[VideoType] | None, typer.Option("--type", help="Only these types.")
    ] = None,
    short_side: Annotated[
        int | None, typer.Option(min=90, max=2160, help="Frame short side in px (1080).")
    ] = None,
    output: Annotated[Path | None, typer.Option(help="Output folder.")] = None,
) -> None:
    """Render the example brief of every video type (offline) and list the videos."""
    settings = _settings(short_side=short_side, output_dir=output)
    made = []
    with using_settings(settings), _prefect_server():
        for kind in types_ or list(VideoType):
            brief = parse_brief(json.loads((EXAMPLES / f"{kind.value}.json").read_text()))
            typer.secho(f"\n=== {kind.value} ===", bold=True)
            made.append((kind.value, _run_flow(kind, brief, ReviewPolicy.none)))
    typer.secho("\nDemo videos:", bold=True)
    for kind, delivery in made:
        typer.echo(f"  {kind:17} {delivery.duration_s:6.1f} s  {delivery.mp4}")


@app.command()
def media(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 4280,
    auth: Annotated[
        str | None,
        typer.Option(envvar="REELFLOW_MEDIA_AUTH", help="user:password for basic auth."),
    ] = None,
) -> None:
    """Serve the output folder over HTTP for reviewers (set REELFLOW_MEDIA_URL to its URL)."""
    root = _settings().output_dir.resolve()
    typer.echo(f"Serving {root} at http://{host}:{port}/ (set REELFLOW_MEDIA_URL to this URL)")
    serve(root, host, port, auth)


@app.command()
def doctor() -> None:
    """Show which provider each stage uses and why (never prints secrets)."""
    _settings()  # a bad REELFLOW_* variable is reported here, clearly
    main_doctor()


@app.command()
def up(
    host: Annotated[str, typer.Option(help="Address for server and media.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Prefect server port.")] = 4200,
    media_port: Annotated[int, typer.Option(help="Media server port.")] = 4280,
    console_port: Annotated[int, typer.Option(help="Review console port.")] = 4300,
    auth: Annotated[
        str | None,
        typer.Option(envvar="REELFLOW_STACK_AUTH", help="user:password: basic auth everywhere."),
    ] = None,
    db: Annotated[
        Database | None,
        typer.Option(
            help="Prefect's database: sqlite (default), or postgres: a private PostgreSQL in "
            ".reelflow/postgres, or the one --db-url names.",
        ),
    ] = None,
    db_url: Annotated[
        str | None,
        typer.Option(help="An existing PostgreSQL instead: postgresql://user:pw@host:5432/db."),
    ] = None,
    db_port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port of the private PostgreSQL (0: any free).")
    ] = 0,
    notify: Annotated[
        str | None,
        typer.Option(
            envvar="REELFLOW_NOTIFY_URL",
            help="Webhook URL (Slack or any JSON endpoint) told when a run waits for review, "
            "fails or is delivered.",
            show_envvar=True,
        ),
    ] = None,
) -> None:
    """Start the local stack: Prefect server + UI, a worker, the deployments, the media server."""
    try:
        stack = stack_up(
            STACK_HOME,
            host=host,
            port=port,
            media_port=media_port,
            console_port=console_port,
            auth=auth,
            db=db.value if db else None,
            db_url=db_url,
            db_port=db_port,
            notify_url=notify,
        )
    except StackError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(exc.code) from None
    typer.secho(f"Prefect UI:   {stack.ui_url}", bold=True)
    typer.echo(f"Media server: {stack.media_url}\nReview:       {stack.console_url}")
    typer.echo(f"Logs:         {stack.logs}")
    typer.echo(f"Database:     {_database_line(stack)}")
    if stack.notify:
        typer.echo(f"Notifying:    {stack.notify} (review, failure, delivery)")
    typer.echo("")
    typer.echo("In your shell, to use it:")
    typer.echo(f"  export PREFECT_API_URL={stack.api_url} REELFLOW_MEDIA_URL={stack.media_url}")
    if auth:
        typer.echo("  export PREFECT_API_AUTH_STRING='<user:password>'")
    typer.echo("Stop it with: reelflow down")


def _database_line(stack: Stack) -> str:
    if stack.postgres_data:
        where = f"{postgres.HOST}:{stack.postgres_port}"
        return f"PostgreSQL on {where} (PID {stack.pids['postgres']}, in {stack.postgres_data})"
    return {"external": "PostgreSQL from --db-url"}.get(stack.db, "SQLite (in PREFECT_HOME)")


@app.command()
def down() -> None:
    """Stop what `reelflow up` started, its PostgreSQL included."""
    try:
        stopped = stack_down(STACK_HOME)
    except StackError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(exc.code) from None
    typer.echo(f"Stopped: {', '.join(stopped)}" if stopped else "Nothing was running.")


app.command()(batch)
app.command()(localize)


def main() -> None:
    """Entry point for `python -m reelflow`."""
    sys.exit(app())
