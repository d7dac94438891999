"""Everything the console asks of Prefect: start runs, read their state and pause forms, resume.

A run starts through the type's interactive deployment when a worker is online to pick it up;
otherwise the console creates the flow run itself and executes it in a child process against
the same API (`python -m reelflow.console.launch <run id>`), so the console works without
`reelflow up` too. Either way the run, its pauses and its inputs are ordinary Prefect objects the
Prefect UI shows and can resume.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from uuid import UUID

from prefect.client.orchestration import PrefectClient
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
    WorkerFilter,
    WorkerFilterStatus,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.client.schemas.sorting import FlowRunSort
from prefect.exceptions import ObjectNotFound, PrefectHTTPStatusError
from prefect.settings import get_current_settings
from prefect.states import Pending

from flows.registry import FLOWS
from flows.review import ReviewPolicy
from pipeline.video_types import SPECS, Brief, parse_brief

ROOT = Path(__file__).resolve().parents[2]
PAUSE_KEY = re.compile(
    r"^(?P<stage>[a-z]+)-v(?P<version>\d+)(?:-b(?P<backs>\d+))?-(?P<attempt>\d+)$"
)


@dataclass(frozen=True)
class Pause:
    """Where a paused run waits: `review` (stage-vN) is what a decision names."""

    key: str
    stage: str
    version: int
    attempt: int
    at: datetime
    backs: int = 0

    @property
    def review(self) -> str:
        """The `pause` value a decision carries (the flow holds decisions to it)."""
        review = f"{self.stage}-v{self.version}"
        return f"{review}-b{self.backs}" if self.backs else review


@dataclass(frozen=True)
class StartedRun:
    """A new run and who executes it."""

    run_id: UUID
    launched_by: Literal["worker", "console"]
    deployment: str | None = None


def pause_of(run: FlowRun) -> Pause | None:
    """The review a run waits for, or None when it is not paused at a review."""
    state = run.state
    if state is None or state.type is not StateType.PAUSED:
        return None
    match = PAUSE_KEY.match(state.state_details.pause_key or "")
    if match is None:
        return None
    return Pause(
        key=match.group(0),
        stage=match["stage"],
        version=int(match["version"]),
        attempt=int(match["attempt"]),
        at=state.timestamp,
        backs=int(match["backs"] or 0),
    )


def deployment_name(video_type: str) -> str:
    """`<flow>/<deployment>` of the type's interactive deployment in prefect.yaml."""
    return f"{video_type}/{video_type.replace('_', '-')}-interactive"


class RunService:
    """The Prefect side of the console, over one long-lived async client."""

    def __init__(self, client: PrefectClient, log_dir: Path) -> None:
        self.client = client
        self.log_dir = log_dir
        self.children: dict[UUID, subprocess.Popen] = {}

    async def start(self, video_type: str, payload: dict[str, Any]) -> StartedRun:
        """Validate the brief and start a run reviewed at every stage.

        Raises ValueError (pipeline.briefs.BriefError) naming every bad field of the brief.
        """
        brief: Brief = parse_brief(payload, video_type, source="payload")
        parameters = {"brief": brief.model_dump(mode="json"), "review": ReviewPolicy.every.value}
        deployment = await self._served_deployment(video_type)
        if deployment is not None:
            run = await self.client.create_flow_run_from_deployment(
                deployment.id, parameters=parameters
            )
            return StartedRun(run.id, "worker", deployment_name(video_type))
        run = await self.client.create_flow_run(
            FLOWS[video_type], parameters=parameters, state=Pending()
        )
        self._launch(run.id)
        return StartedRun(run.id, "console")

    async def _served_deployment(self, video_type: str):  # noqa: ANN202 - DeploymentResponse
        """The interactive deployment if one exists and a worker is online in its pool."""
        try:
            deployment = await self.client.read_deployment_by_name(deployment_name(video_type))
        except ObjectNotFound:
            return None
        if not deployment.work_pool_name:
            return None
        try:
            workers = await self.client.read_workers_for_work_pool(
                deployment.work_pool_name,
                worker_filter=WorkerFilter(status=WorkerFilterStatus(any_=["ONLINE"])),
            )
        except ObjectNotFound:
            return None
        return deployment if workers else None

    def _launch(self, run_id: UUID) -> None:
        """Execute the created run in a child process (its log beside the console's)."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with (self.log_dir / f"run-{run_id}.log").open("ab") as log:
            self.children[run_id] = subprocess.Popen(
                [sys.executable, "-m", "reelflow.console.launch", str(run_id)],
                cwd=ROOT,
                env=_child_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop_children(self, timeout_s: float = 10) -> None:
        """End the runs this console executes itself (their states become Crashed)."""
        for process in self.children.values():
            if process.poll() is None:
                process.terminate()
        for process in self.children.values():
            try:
                process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.children.clear()

    async def read_run(self, run_id: UUID) -> FlowRun:
        """The run as Prefect has it now (raises ObjectNotFound)."""
        return await self.client.read_flow_run(run_id)

    async def pause_form(self, run_id: UUID, pause: Pause, timeout_s: float = 10) -> str | None:
        """The pause's description once its form is saved (a run shows Paused before that).

        None if the form never appears: an input-less pause nobody can answer here.
        """
        base = f"paused-{pause.key}"
        deadline = asyncio.get_running_loop().time() + timeout_s
        schema_seen = False
        delay = 0.02
        while True:
            try:
                if not schema_seen:
                    await self.client.read_flow_run_input(run_id, f"{base}-schema")
                    schema_seen = True
                raw = await self.client.read_flow_run_input(run_id, f"{base}-description")
                return _unquote(raw)
            except (ObjectNotFound, PrefectHTTPStatusError) as exc:
                if isinstance(exc, PrefectHTTPStatusError) and exc.response.status_code != 404:
                    raise
            if asyncio.get_running_loop().time() > deadline:
                return "" if schema_seen else None
            await asyncio.sleep(delay)
            delay = min(delay * 1.5, 0.25)

    async def description_now(self, run_id: UUID, pause: Pause) -> str | None:
        """The pause's description if the flow has saved it already (no waiting)."""
        try:
            raw = await self.client.read_flow_run_input(run_id, f"paused-{pause.key}-description")
        except (ObjectNotFound, PrefectHTTPStatusError) as exc:
            if isinstance(exc, PrefectHTTPStatusError) and exc.response.status_code != 404:
                raise
            return None
        return _unquote(raw)

    async def resume(self, run_id: UUID, run_input: dict[str, Any]) -> str | None:
        """Resume with `run_input`; None when Prefect accepted it, else its reason."""
        result = await self.client.resume_flow_run(run_id, run_input=run_input)
        if result.status.value == "ACCEPT":
            return None
        return str(result.details.reason or result.status.value)

    async def waiting_runs(self, limit: int = 100) -> list[FlowRun]:
        """Runs of any video type paused at a review, newest first."""
        return await self.client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=list(SPECS))),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))
            ),
            sort=FlowRunSort.START_TIME_DESC,
            limit=limit,
        )

    async def flow_name(self, run: FlowRun) -> str:
        """The flow (= video type) a run belongs to."""
        return (await self.client.read_flow(run.flow_id)).name


def _child_env() -> dict[str, str]:
    """The console's environment plus its Prefect settings (API URL, auth, result storage)."""
    prefect = get_current_settings().to_environment_variables(exclude_unset=True)
    return {**os.environ, **prefect}


def _unquote(raw: str) -> str:
    """Run inputs are stored as JSON; the description is a JSON string."""
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw
