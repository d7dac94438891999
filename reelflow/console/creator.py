"""`reelflow creator`: review a run from the terminal over the console's `/ws/creator` socket.

The original app shipped a throwaway test client for Creator Mode; this is that client done
properly. It starts a run of a brief, shows each stage as it pauses (a short summary, compliance
findings, the output's media links) and asks accept / regenerate with feedback / stop; `--auto`
accepts everything, for scripts and smoke tests. It speaks only the protocol, so it is also the
shortest working example of a client.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

from pipeline.brief_file import read_brief_file
from pipeline.briefs import BriefFileError

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
    """Answer each `completed` until the run ends; returns the final status."""
    while True:
        message = json.loads(socket.recv(timeout=timeout_s))
        status = message.get("status")
        if status == "started":
            typer.echo(f"Run {message.get('run_id')} started.")
        elif status == "error":
            typer.secho(f"error: {message.get('message') or message}", fg="red", err=True)
            if message.get("code") in FATAL:
                return "failed"
        elif status == "completed":
            show(message, base)
            send(socket, decide(message, auto=auto, reviewer=reviewer))
        elif status in END:
            summary = (message.get("data") or {}).get("video_url") or ""
            summary = f"{base}{summary}" if summary.startswith("/") else summary
            colour = "green" if status == "pipeline_complete" else "red"
            typer.secho(f"{status}: {message.get('message') or summary}", fg=colour)
            if summary:
                typer.echo(summary)
            return status


def show(message: dict[str, Any], base: str = "") -> None:
    """One stage's review, as much as fits a terminal."""
    progress = message.get("progress", {})
    typer.secho(
        f"\nStage {progress.get('stage', '?')} of {progress.get('of', 6)}: "
        f"{message['stage']} v{message['version']}",
        bold=True,
    )
    data = message.get("data") or {}
    if message["stage"] == "scenes":
        for scene in data.get("scenes", []):
            typer.echo(
                f"  {scene.get('index')}. {scene.get('title')}  ({scene.get('visual_kind')})"
            )
    elif message["stage"] == "script":
        for line in data.get("lines", []):
            typer.echo(f"  {line.get('scene_index')}. {line.get('narration')}")
    for key, value in data.items():
        if key.endswith("_url") and isinstance(value, str):
            typer.echo(f"  {key[:-4]}: {base}{value}" if value.startswith("/") else value)
    report = message.get("compliance") or {}
    for finding in report.get("findings", []):
        colour = "red" if finding["severity"] == "block" else "yellow"
        typer.secho(
            f"  {finding['severity']}: {finding['rule_id']}: {finding['message']}", fg=colour
        )
    if message.get("message"):
        typer.secho(f"  ! {message['message']}", fg="yellow")


def decide(message: dict[str, Any], *, auto: bool, reviewer: str) -> dict[str, Any]:
    """The decision for this pause: accept (auto), or what the reviewer types."""
    answer: dict[str, Any] = {"pause": message["pause"], "reviewer": reviewer}
    blocking = (message.get("compliance") or {}).get("blocking", 0)
    if auto:
        if blocking:
            return answer | {"action": "stop"}  # never waive a finding unattended
        return answer | {"action": "accept"}
    while True:
        choice = typer.prompt("[a]ccept, [r]egenerate or [s]top", default="a").strip().lower()
        if choice.startswith("a"):
            if blocking:
                waiver = typer.prompt("Blocking findings: your written waiver")
                return answer | {"action": "accept", "waiver": waiver}
            return answer | {"action": "accept"}
        if choice.startswith("r"):
            feedback = typer.prompt("Feedback (e.g. 'scene 2: shorter')", default="")
            return answer | {"action": "regenerate", "feedback": feedback}
        if choice.startswith("s"):
            return answer | {"action": "stop"}


def send(socket: ClientConnection, message: dict[str, Any]) -> None:
    """One protocol message, as JSON."""
    socket.send(json.dumps(message))
