"""The six stages in order, and how the loop runs one: its task, its inputs, its time limit.

Each stage task gets the limit from the settings (`REELFLOW_STAGE_TIMEOUT_S__<STAGE>`) through
Prefect's own `timeout_seconds`, applied per call with `with_options`, so an operator changes a
limit without touching code. Prefect stops the task's work when the limit passes (in a flow on
the main thread by an alarm that interrupts even a blocking call) and fails the task run as
`TimedOut`; the loop turns that into a `StageTimedOut` naming the stage and the limit.
"""

from __future__ import annotations

from typing import Any, Protocol

from prefect import Task
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

__all__ = ["STAGES", "Words", "run_stage", "within_limit"]


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
