"""One review in the terminal: what `reelflow creator` shows at a pause and the answer it reads.

Every answer is checked here against what the `completed` message says is possible at this
review (the `earlier` stages one may go back to, the `variant_stages` a regenerate may ask
variants of, the `variants` shown and which of them block), so a typo gets a sentence saying
what would do and the same question again, never a refused message or a traceback. The flow
checks every decision again; this is for the person at the keyboard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer

from pipeline.audit import MAX_WAIVER_CHARS
from pipeline.revision import MAX_FEEDBACK_CHARS, MAX_VARIANTS

T = TypeVar("T")
ACTIONS = {"a": "accept", "r": "regenerate", "b": "back", "s": "stop"}


class Invalid(ValueError):
    """Terminal input that cannot be sent; its message says what would do."""


def show(message: dict[str, Any], base: str = "") -> None:
    """One stage's review, as much as fits a terminal; variants one after another, numbered."""
    progress = message.get("progress", {})
    variants = message.get("variants") or []
    typer.secho(
        f"\nStage {progress.get('stage', '?')} of {progress.get('of', 6)}: "
        f"{message['stage']} v{message['version']}"
        + (f" ({len(variants)} variants side by side: pick one)" if variants else ""),
        bold=True,
    )
    if message.get("failed"):
        typer.secho(f"  This stage failed: {(message.get('error') or '')[-600:]}", fg="red")
    if variants:
        reports = message.get("variants_compliance") or [None] * len(variants)
        for number, (data, report) in enumerate(zip(variants, reports, strict=False), start=1):
            typer.secho(f"  --- Variant {number} of {len(variants)} ---", bold=True)
            _output(message["stage"], data or {}, base)
            _findings(report)
    else:
        _output(message["stage"], message.get("data") or {}, base)
        _findings(message.get("compliance"))
    if message.get("message"):
        typer.secho(f"  ! {message['message']}", fg="yellow")


def _output(stage: str, data: dict[str, Any], base: str) -> None:
    if stage == "scenes":
        for scene in data.get("scenes", []):
            typer.echo(
                f"  {scene.get('index')}. {scene.get('title')}  ({scene.get('visual_kind')})"
            )
    elif stage == "script":
        for line in data.get("lines", []):
            typer.echo(f"  {line.get('scene_index')}. {line.get('narration')}")
    _links(data, base, "  ")
    for key in ("items", "clips"):  # slides, motions and speech: one link line per scene
        for item in data.get(key) or []:
            if isinstance(item, dict):
                _links(item, base, f"  {item.get('scene_index', '?')}. ")


def _links(data: dict[str, Any], base: str, lead: str) -> None:
    for key, value in data.items():
        if key.endswith("_url") and isinstance(value, str):
            typer.echo(f"{lead}{key[:-4]}: {base + value if value.startswith('/') else value}")


def _findings(report: dict[str, Any] | None) -> None:
    for finding in (report or {}).get("findings", []):
        colour = "red" if finding["severity"] == "block" else "yellow"
        typer.secho(
            f"  {finding['severity']}: {finding['rule_id']}: {finding['message']}", fg=colour
        )


def blocking(message: dict[str, Any]) -> list[int]:
    """Blocking findings per variant shown, or of the one output (a list of one)."""
    variants = message.get("variants") or []
    if variants:
        reports = message.get("variants_compliance") or [None] * len(variants)
        return [(report or {}).get("blocking", 0) for report in reports]
    return [(message.get("compliance") or {}).get("blocking", 0)]


def decide(message: dict[str, Any], *, auto: bool, reviewer: str) -> dict[str, Any]:
    """The decision for this pause: what `--auto` does, or what the reviewer types."""
    answer: dict[str, Any] = {"pause": message["pause"], "reviewer": reviewer}
    if auto:
        return answer | automatic(message)
    action = ask(_menu(message), _action(message), default="r" if message.get("failed") else "a")
    if action == "accept":
        return answer | _accept(message)
    if action == "regenerate":
        return answer | _regenerate(message)
    if action == "back":
        return answer | _back(message)
    return answer | {"action": "stop"}


def automatic(message: dict[str, Any]) -> dict[str, Any]:
    """`--auto`: accept (the first variant without blocking findings); never waive, never retry."""
    clear = [number for number, count in enumerate(blocking(message), start=1) if not count]
    if message.get("failed") or not clear:
        return {"action": "stop"}  # never waive a finding unattended
    return {"action": "accept"} | ({"pick": clear[0]} if message.get("variants") else {})


def _menu(message: dict[str, Any]) -> str:
    options = [] if message.get("failed") else ["[a]ccept"]
    options.append("[r]egenerate")
    if message.get("earlier"):
        options.append("[b]ack to an earlier stage")
    return ", ".join(options) + " or [s]top"


def _action(message: dict[str, Any]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        word = raw.lower()
        action = ACTIONS.get(word[:1], "")
        if not action or word not in (word[:1], action):
            raise Invalid(f"{raw!r} is not a choice: type a, r, b or s (or the whole word).")
        if action == "accept" and message.get("failed"):
            raise Invalid("This stage failed, so there is nothing to accept: regenerate or stop.")
        if action == "back" and not message.get("earlier"):
            raise Invalid(
                f"There is no earlier stage to go back to from {message['stage']}: "
                "regenerate instead."
            )
        return action

    return parse


def _accept(message: dict[str, Any]) -> dict[str, Any]:
    decision: dict[str, Any] = {"action": "accept"}
    counts = blocking(message)
    shown = len(message.get("variants") or [])
    if shown:
        decision["pick"] = ask(f"Which variant do you accept (1-{shown})", _number(1, shown))
    count = counts[decision.get("pick", 1) - 1]
    if count:
        decision["waiver"] = ask(
            f"{count} blocking compliance finding(s): your written waiver", _waiver
        )
    return decision


def _regenerate(message: dict[str, Any]) -> dict[str, Any]:
    decision: dict[str, Any] = {"action": "regenerate", "feedback": _feedback()}
    shown = len(message.get("variants") or [])
    if shown:
        decision["pick"] = ask(f"Regenerate from which variant (1-{shown})", _number(1, shown))
    if message["stage"] in (message.get("variant_stages") or []):
        count = ask(
            f"How many versions side by side (1, or 2-{MAX_VARIANTS} to pick from)",
            _number(1, MAX_VARIANTS),
            default="1",
        )
        if count > 1:
            decision["variants"] = count
    return decision


def _back(message: dict[str, Any]) -> dict[str, Any]:
    earlier: list[str] = message["earlier"]
    listed = ", ".join(f"{number}. {stage}" for number, stage in enumerate(earlier, start=1))

    def parse(raw: str) -> str:
        if raw.isdigit() and 1 <= int(raw) <= len(earlier):
            return earlier[int(raw) - 1]
        if raw.lower() in earlier:
            return raw.lower()
        raise Invalid(
            f"{raw!r} is not a stage before {message['stage']}: "
            f"type one of {', '.join(earlier)} (or its number)."
        )

    stage = ask(f"Go back to which stage ({listed})", parse)
    return {"action": "back", "stage": stage, "feedback": _feedback()}


def _feedback() -> str:
    return ask("Feedback (e.g. 'scene 2: shorter')", _text("Feedback"), default="")


def _number(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise Invalid(f"{raw!r} is not a number from {low} to {high}.")
        return int(raw)

    return parse


def _text(what: str, most: int = MAX_FEEDBACK_CHARS) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if len(raw) > most:
            raise Invalid(f"{what} is {len(raw)} characters; at most {most}.")
        return raw

    return parse


def _waiver(raw: str) -> str:
    if not raw:
        raise Invalid("A waiver cannot be empty: say why the findings are acceptable.")
    return _text("The waiver", MAX_WAIVER_CHARS)(raw)


def ask(question: str, parse: Callable[[str], T], default: str | None = None) -> T:
    """Prompt until `parse` takes the answer; each refusal is said in one line."""
    while True:
        raw = typer.prompt(question, default=default, show_default=bool(default))
        try:
            return parse(raw.strip())
        except Invalid as exc:
            typer.secho(str(exc), fg="red", err=True)
