"""`reelflow console`: serve the review console (registered on the main CLI in reelflow/cli.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from prefect.settings import PREFECT_API_URL

from pipeline.settings import load_settings
from reelflow.console.app import ConsoleConfig, serve
from reelflow.console.auth import Access, parse_origins

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def console(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 4300,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    auth: Annotated[
        str | None,
        typer.Option(
            envvar=["REELFLOW_CONSOLE_AUTH", "REELFLOW_STACK_AUTH", "REELFLOW_MEDIA_AUTH"],
            help="user:password reviewers log in with (defaults to the stack's --auth).",
        ),
    ] = None,
    origin: Annotated[
        list[str] | None,
        typer.Option(help="Another origin whose pages may open the socket (repeatable)."),
    ] = None,
) -> None:
    """Serve the review console: the /ws/creator socket and the review pages."""
    if not PREFECT_API_URL.value():
        typer.secho(
            "The console reviews runs on a Prefect server: run `reelflow up` (it starts one) or "
            "export PREFECT_API_URL, and try again.",
            fg="red",
            err=True,
        )
        raise typer.Exit(2)
    if host not in LOOPBACK and not auth:
        typer.secho(
            f"Listening on {host} lets other machines in: give --auth user:password.",
            fg="red",
            err=True,
        )
        raise typer.Exit(2)
    if auth is not None and ":" not in auth:
        typer.secho("--auth takes user:password.", fg="red", err=True)
        raise typer.Exit(2)
    config = ConsoleConfig(
        output_dir=load_settings().output_dir,
        log_dir=Path(".reelflow") / "logs",
        access=Access(auth=auth, origins=parse_origins(origin or [])),
    )
    typer.secho(f"Review console: http://{host}:{port}/", bold=True)
    typer.echo(f"Socket:         ws://{host}:{port}/ws/creator")
    serve(config, host, port)
