"""Reading a run's stage outputs while Prefect is still recording them.

A task run filtered by its state type can come back before its state does (the refresh that
read it crashed with AttributeError in a page test); it is skipped until the next refresh.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import uuid4

from prefect.client.schemas.objects import TaskRun
from prefect.states import Completed

from pipeline.outputs import Scene, Scenes
from reelflow.console.views import Views


class TaskRuns:
    """Just the client call `stage_outputs` makes, answering with the given task runs."""

    def __init__(self, runs: list[TaskRun]) -> None:
        self.runs = runs

    async def read_task_runs(self, **_filters) -> list[TaskRun]:
        return self.runs


def scenes() -> Scenes:
    scene = Scene(
        index=1, title="How it works", purpose="explain", visual_kind="title", duration_hint_s=2
    )
    return Scenes(scenes=[scene])


def task_run(key: str, state) -> TaskRun:
    return TaskRun(flow_run_id=uuid4(), task_key=key, dynamic_key="0", state=state)


def test_a_task_run_without_its_state_yet_is_skipped(tmp_path: Path):
    made = scenes()
    recorded = task_run("scenes_task-abc", Completed(data=made))
    pending = task_run("script_task-def", None)
    views = Views(TaskRuns([recorded, pending]), tmp_path)

    found = asyncio.run(views.stage_outputs(uuid4()))
    assert found == {"scenes": {1: made}}
