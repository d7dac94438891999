"""`reelflow localize MASTER --languages de,ja,ar`: localized versions of an approved video.

Every argument is checked before anything starts: the languages (an unknown one lists the
supported ones), the master (a delivered video folder, or the id of the run that made it), the
translations supplied, and whether a model is configured for the languages without one. A bad
request exits 2 with every problem, nothing written. Then the `localize` flow runs here: one
version after another, each a run of its own with its review, audit trail and manifest link.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from prefect.settings import PREFECT_API_URL
from pydantic import TypeAdapter, ValidationError

from flows.localize import Localization
from flows.localize import localize as localize_flow
from flows.master_run import MasterRunError, as_run_id, master_folder
from flows.review import ReviewPolicy
from pipeline.briefs import Translation
from pipeline.localization.master import MasterError, load_master
from pipeline.localization.plan import LocalizeError, plan_versions
from pipeline.settings import Settings, settings_problem, using_settings
from reelflow.ephemeral import EphemeralServerError, private_server

SERVER_LOGS = Path(".reelflow") / "logs"
TRANSLATIONS = TypeAdapter(dict[str, Translation])


def localize(
    master: Annotated[
        str, typer.Argument(help="The approved master: its video folder, or its flow run id.")
    ],
    languages: Annotated[
        str, typer.Option(help="Languages to make, comma-separated BCP-47 tags: de,fr,es.")
    ],
    translations: Annotated[
        Path | None,
        typer.Option(
            help="JSON file of your own translations by language (the brief's `translations` "
            "shape); those languages need no model."
        ),
    ] = None,
    review: Annotated[
        ReviewPolicy, typer.Option(help="Review policy of every version: none, key or every.")
    ] = ReviewPolicy.none,
    short_side: Annotated[
        int | None, typer.Option(min=90, max=2160, help="Frame short side in px (1080).")
    ] = None,
    output: Annotated[Path | None, typer.Option(help="Output folder.")] = None,
) -> None:
    """Make a version of an approved video in each language, each reviewed and linked to it."""
    try:
        settings = Settings(
            **{k: v for k, v in {"short_side": short_side, "output_dir": output}.items() if v}
        )
    except ValidationError as exc:
        _fail(settings_problem(exc))
    supplied = _read_translations(translations) if translations is not None else {}
    api = PREFECT_API_URL.value()
    run_id = as_run_id(master)
    if run_id is not None and not api:
        _fail(
            f"{master} is a flow run id, which only a Prefect server knows: export "
            "PREFECT_API_URL (reelflow up prints it), or give the master's video folder"
        )
    if review is not ReviewPolicy.none and not api:
        _fail(
            f"--review {review} waits for a reviewer in the Prefect UI, but no Prefect server is "
            "configured. Run `reelflow up`, export PREFECT_API_URL as it prints, and try again "
            "(or use --review none)."
        )
    try:
        folder = master_folder(run_id) if run_id is not None else master
        source = load_master(Path(folder), str(run_id or ""))
        plans = plan_versions(source, languages, supplied, writer=settings.writer)
    except (MasterRunError, MasterError, LocalizeError) as exc:
        _fail(str(exc))
    with using_settings(settings), _server():
        state = localize_flow(
            master=str(source.folder),
            languages=[plan.language for plan in plans],
            review=review,
            translations={p.language: p.translation for p in plans if p.translation},
            return_state=True,
        )
    if not state.is_completed():
        typer.secho(f"{state.name}: {state.message}", fg="red", err=True)
        raise typer.Exit(1)
    outcome: Localization = state.result()
    for version in outcome.versions:
        typer.secho(f"{version.language}: {version.mp4}", fg="green", bold=True)


def _read_translations(path: Path) -> dict[str, Translation]:
    """The --translations file, validated like the brief field it mirrors."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _fail(f"--translations {path}: no such file")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        _fail(f"--translations {path} is not a UTF-8 JSON file ({exc}): fix it")
    if isinstance(data, dict) and isinstance(data.get("translations"), dict):
        data = data["translations"]  # a brief's own `translations` block works too
    try:
        return TRANSLATIONS.validate_python(data)
    except ValidationError as exc:
        lines = [f"--translations {path} has {exc.error_count()} problem(s):"]
        for item in exc.errors(include_url=False):
            where = ".".join(str(p) for p in item["loc"]) or "(file)"
            lines.append(f"  - {where}: {str(item['msg']).removeprefix('Value error, ')}")
        _fail("\n".join(lines))


@contextmanager
def _server() -> Iterator[None]:
    """The configured Prefect server, or a private one whose log stays out of the terminal."""
    try:
        with private_server(SERVER_LOGS):
            yield
    except EphemeralServerError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from None


def _fail(message: str) -> NoReturn:
    typer.secho(message, fg="red", err=True)
    raise typer.Exit(2)
