"""The six stages in order, and how the loop runs one: its task, its inputs, its time limit.

Each stage task gets the limit from the settings (`REELFLOW_STAGE_TIMEOUT_S__<STAGE>`) through
Prefect's own `timeout_seconds`, applied per call with `with_options`, so an operator changes a
limit without touching code. Prefect stops the task's work when the limit passes (in a flow on
the main thread by an alarm that interrupts even a blocking call) and fails the task run as
`TimedOut`; the loop turns that into a `StageTimedOut` naming the stage and the limit.
"""

from __future__ import annotations

from typing import Any, Protocol

from prefect import Task, unmapped
from prefect.task_engine import TaskRunTimeoutError
from pydantic import BaseModel

from flows.review import STAGES
from pipeline.errors import StageTimedOut
from pipeline.job import Job
from pipeline.outputs import Scenes, Script
from pipeline.revision import Revision
from pipeline.settings import Settings
from tasks.animations import animations_task
from tasks.render import render_task
from tasks.scenes import scenes_task
from tasks.script import script_task
from tasks.tts import tts_task
from tasks.visuals import visuals_task

__all__ = ["STAGES", "VARIANT_STAGES", "Words", "run_stage", "run_variants", "within_limit"]

VARIANT_STAGES: tuple[str, ...] = ("scenes", "script", "visuals")
"""Stages that can be made as 2-4 variants side by side: the written ones, where wording is the
choice, and the slides, where the look is (layout, pattern, emphasis). Motion follows the slides,
speech the script, and the render all of them: compared side by side, they would differ in
nothing a reviewer chooses between."""


class Words(Protocol):
    """Where a run's storyboard and script come from when not from the writer (a translation)."""

    def scenes(self, job: Job, revision: Revision, previous: Scenes | None) -> Scenes:
        """The storyboard at `revision`."""
        ...

    def script(
        self, job: Job, scenes: Scenes, revision: Revision, previous: Script | None
    ) -> Script:
        """The narration of the approved `scenes` at `revision`."""
        ...


def within_limit(task: Task, stage: str, settings: Settings) -> Task:
    """`task` with the stage's configured time limit."""
    return task.with_options(timeout_seconds=settings.stage_timeout_s.of(stage))


def run_stage(
    stage: str,
    job: Job,
    done: dict[str, Any],
    revision: Revision,
    versions: dict[str, int],
    settings: Settings,
    words: Words | None = None,
    *,
    previous: BaseModel | None = None,
) -> BaseModel:
    """Run one stage's task with the upstream outputs it needs, within its time limit.

    On a regenerate the writer also gets `previous`, the version the reviewer saw. Raises
    StageTimedOut when the stage runs past its limit.
    """
    try:
        return _run(stage, job, done, revision, versions, settings, words, previous)
    except TaskRunTimeoutError:
        raise StageTimedOut(stage, settings.stage_timeout_s.of(stage)) from None


def _run(
    stage: str,
    job: Job,
    done: dict[str, Any],
    revision: Revision,
    versions: dict[str, int],
    settings: Settings,
    words: Words | None,
    previous: Any,
) -> BaseModel:
    match stage:
        case "scenes" if words is not None:
            return words.scenes(job, revision, previous)
        case "script" if words is not None:
            return words.script(job, done["scenes"], revision, previous)
        case "scenes":
            return within_limit(scenes_task, stage, settings)(job, revision, previous)
        case "script":
            return within_limit(script_task, stage, settings)(
                job, done["scenes"], revision, previous
            )
        case "visuals":
            return within_limit(visuals_task, stage, settings)(
                job, done["scenes"], done["script"], revision
            )
        case "animations":
            return within_limit(animations_task, stage, settings)(
                job, done["scenes"], done["visuals"], revision
            )
        case "tts":
            return within_limit(tts_task, stage, settings)(job, done["script"], revision)
        case "render":
            return within_limit(render_task, stage, settings)(
                job,
                done["scenes"],
                done["script"],
                done["visuals"],
                done["animations"],
                done["tts"],
                revision,
                versions,
            )
    raise ValueError(f"unknown stage {stage!r}")


def run_variants(
    stage: str,
    job: Job,
    done: dict[str, Any],
    revision: Revision,
    count: int,
    settings: Settings,
    *,
    previous: BaseModel | None = None,
) -> list[BaseModel]:
    """`count` variants of a stage at `revision`, made in parallel as mapped tasks.

    Each is the stage's own task with `revision.as_variant(k)`: its own cache key, its own task
    run in the Prefect UI. Raises StageTimedOut when one runs past the stage's limit.
    """
    revisions = [revision.as_variant(number) for number in range(1, count + 1)]
    try:
        match stage:
            case "scenes":
                futures = within_limit(scenes_task, stage, settings).map(
                    job=unmapped(job), revision=revisions, previous=unmapped(previous)
                )
            case "script":
                futures = within_limit(script_task, stage, settings).map(
                    job=unmapped(job),
                    scenes=unmapped(done["scenes"]),
                    revision=revisions,
                    previous=unmapped(previous),
                )
            case "visuals":
                futures = within_limit(visuals_task, stage, settings).map(
                    job=unmapped(job),
                    scenes=unmapped(done["scenes"]),
                    script=unmapped(done["script"]),
                    revision=revisions,
                )
            case _:
                raise ValueError(f"{stage} cannot be made as variants")
        return list(futures.result())
    except TaskRunTimeoutError:
        raise StageTimedOut(stage, settings.stage_timeout_s.of(stage)) from None
