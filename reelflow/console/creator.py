"""`reelflow creator`: review a run from the terminal over the console's `/ws/creator` socket.

The original app shipped a throwaway test client for Creator Mode; this is that client done
properly. It starts a run of a brief, shows each stage as it pauses (a short summary, compliance
findings, the output's media links, variants one after another) and asks accept (with a pick
among variants, and a waiver when the pick blocks) / regenerate with feedback and variants /
back to an earlier stage / stop (creator_review.py); `--auto` accepts everything, for scripts
and smoke tests. It speaks only the protocol, so it is also the
shortest working example of a client.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

from pipeline.brief_file import read_brief_file
from pipeline.briefs import BriefFileError
from reelflow.console.creator_review import decide, show

END = {"pipeline_complete", "stopped", "failed"}
FATAL = {"invalid_brief", "invalid_field", "missing_field", "bad_message", "unauthorized"}
"""Errors that end the session: the start itself was refused."""


def creator(
    video_type: Annotated[str, typer.Argument(help="Which kind of video.")],
    brief: Annotated[Path, typer.Option(help="Brief JSON file.")],
    console: Annotated[str, typer.Option(help="The console's address.")] = "http://127.0.0.1:4300",
    auth: Annotated[
        str | None,
        typer.Option(
            envvar=["REELFLOW_CONSOLE_AUTH", "REELFLOW_STACK_AUTH"],
            help="user:password for the console.",
        ),
    ] = None,
    auto: Annotated[bool, typer.Option("--auto", help="Accept every stage.")] = False,
    reviewer: Annotated[str, typer.Option(help="Your name, for the audit trail.")] = "terminal",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each message.")] = 600,
) -> None:
    """Start a run of BRIEF on the console and review it stage by stage in this terminal."""
    try:
        payload = read_brief_file(brief)
    except BriefFileError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    payload.pop("video_type", None)
    headers = {}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    url = console.rstrip("/").replace("http", "ws", 1) + "/ws/creator"
    try:
        with connect(url, additional_headers=headers, open_timeout=15) as socket:
            send(socket, {"action": "start", "video_type": video_type, "payload": payload})
            outcome = review(
                socket, auto=auto, reviewer=reviewer, timeout_s=timeout, base=console.rstrip("/")
            )
    except (OSError, WebSocketException, TimeoutError) as exc:
        typer.secho(f"Could not talk to the console at {url}: {exc}", fg="red", err=True)
        raise typer.Exit(1) from None
    raise typer.Exit(0 if outcome == "pipeline_complete" else 1)


def review(
    socket: ClientConnection, *, auto: bool, reviewer: str, timeout_s: float, base: str = ""
) -> str:
    """Answer each `completed` until the run ends; returns the final status.

    A decision the console refuses (an `error` while one is pending) is asked again at the same
    review; one that came too late (`stale`) waits for the review the run is at now.
    """
    shown: dict[str, Any] | None = None
    pending: dict[str, Any] | None = None
    answered: set[str] = set()
    while True:
        message = json.loads(socket.recv(timeout=timeout_s))
        status = message.get("status")
        if status == "started":
            typer.echo(f"Run {message.get('run_id')} started.")
        elif status == "error":
            typer.secho(f"error: {message.get('message') or message}", fg="red", err=True)
            code = message.get("code")
            if pending is None or shown is None:
                if code in FATAL:
                    return "failed"
            elif code == "not_ready":
                time.sleep(1)
                send(socket, pending)
            elif code not in {"stale", "not_paused"}:
                if auto:
                    return "failed"  # the same answer would be refused again
                pending = decide(shown, auto=auto, reviewer=reviewer)
                send(socket, pending)
        elif status == "completed":
            key = message.get("pause_key") or message["pause"]
            if key in answered:
                continue  # announced again while the decision was landing
            show(message, base)
            shown, pending = message, decide(message, auto=auto, reviewer=reviewer)
            answered.add(key)
            send(socket, pending)
        elif status == "running" and message.get("decided"):
            pending = None
        elif status in END:
            summary = (message.get("data") or {}).get("video_url") or ""
            summary = f"{base}{summary}" if summary.startswith("/") else summary
            colour = "green" if status == "pipeline_complete" else "red"
            typer.secho(f"{status}: {message.get('message') or summary}", fg=colour)
            if summary:
                typer.echo(summary)
            return status


def send(socket: ClientConnection, message: dict[str, Any]) -> None:
    """One protocol message, as JSON."""
    socket.send(json.dumps(message))
