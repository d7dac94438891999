"""Making a batch through the deployments, when a Prefect server and a worker serve them.

With `reelflow up` running (or a team's server), each row becomes a run of its type's interactive
deployment (`moa/moa-interactive`, ...): reviewers see the runs in the Prefect UI, the server's
deployment concurrency limits apply, and the batch only submits and watches. It is chosen only
when every type in the batch has its deployment AND an online worker in that deployment's pool;
otherwise runs would sit in Scheduled forever, so the batch makes the videos locally instead.
"""

from __future__ import annotations

import json
import threading
from typing import Any
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterId,
)
from prefect.client.schemas.objects import FlowRun, StateType, WorkerStatus
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.states import Cancelling

from reelflow.batch.summary import Ledger, RowStatus
from reelflow.batch.validate import BatchItem

POLL_S = 1.0


class ServerUnreachable(RuntimeError):
    """PREFECT_API_URL is set but nothing answers there; the message says what to do."""


def deployment_name(video_type: str) -> str:
    """The interactive deployment of a type, as prefect.yaml names it: `moa/moa-interactive`."""
    return f"{video_type}/{video_type.replace('_', '-')}-interactive"


def unserved(video_types: set[str], api_url: str) -> str | None:
    """Why the deployments cannot make these types now, or None when they can."""
    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
        if problem is not None:
            raise ServerUnreachable(
                f"PREFECT_API_URL is {api_url}, but no Prefect server answers there "
                f"({type(problem).__name__}): start it (`reelflow up`) or unset PREFECT_API_URL "
                "to make the batch with a private server"
            )
        for video_type in sorted(video_types):
            name = deployment_name(video_type)
            try:
                deployment = client.read_deployment_by_name(name)
            except ObjectNotFound:
                return f"the server has no deployment {name}"
            pool = deployment.work_pool_name
            if not pool:
                return f"the deployment {name} has no work pool"
            workers = client.read_workers_for_work_pool(pool)
            if not any(w.status == WorkerStatus.ONLINE for w in workers):
                return f"no worker is online in the work pool {pool!r}"
    return None


class DeployedRunner:
    """Submits every item as a deployment run, then polls their states until all have ended."""

    def __init__(
        self,
        items: list[BatchItem],
        ledger: Ledger,
        *,
        stop: threading.Event,
        job_env: dict[str, str],
        poll_s: float = POLL_S,
    ) -> None:
        self.items = items
        self.ledger = ledger
        self.stop = stop
        self.job_env = job_env
        self.poll_s = poll_s
        self.runs: dict[UUID, BatchItem] = {}
        self.shown: dict[UUID, str] = {}

    def run(self) -> None:
        """Submit, watch, and on Ctrl-C cancel the runs that have not ended."""
        for item in self.items:
            if self.stop.is_set():
                break
            flow_run = run_deployment(
                deployment_name(item.video_type),
                parameters={"brief": item.brief, "review": item.review.value},
                timeout=0,
                as_subflow=False,
                job_variables={"env": self.job_env} if self.job_env else None,
            )
            self.runs[flow_run.id] = item
            self.ledger.started(item.row, run_id=str(flow_run.id))
        with get_client(sync_client=True) as client:
            while self.runs and not self.stop.is_set():
                found = client.read_flow_runs(
                    flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(self.runs)))
                )
                for flow_run in found:
                    self._observe(client, flow_run)
                self.stop.wait(self.poll_s)
            if self.runs:
                self.ledger.display.note("Stopping: cancelling the runs that have not ended.")
            for run_id, item in list(self.runs.items()):
                message = "the batch was stopped (Ctrl-C)"
                client.set_flow_run_state(run_id, Cancelling(message=message), force=True)
                self.ledger.finish(item.row, RowStatus.interrupted, error=f"cancelled: {message}")
            self.runs.clear()

    def _observe(self, client: SyncPrefectClient, flow_run: FlowRun) -> None:
        item = self.runs[flow_run.id]
        state = flow_run.state
        if state is None:
            return
        if state.type == StateType.COMPLETED:
            del self.runs[flow_run.id]
            self.ledger.finish(item.row, RowStatus.delivered, mp4=_mp4(client, flow_run.id))
        elif state.type in (StateType.FAILED, StateType.CRASHED):
            del self.runs[flow_run.id]
            self.ledger.finish(item.row, RowStatus.failed, error=f"{state.name}: {state.message}")
        elif state.type in (StateType.CANCELLED, StateType.CANCELLING):
            del self.runs[flow_run.id]
            self.ledger.finish(item.row, RowStatus.stopped, error=f"{state.name}: {state.message}")
        else:
            text = state.name.lower()
            if state.type == StateType.PAUSED:
                stage = (state.state_details.pause_key or "").split("-v")[0]
                text = f"waiting for review of {stage}" if stage else "waiting for review"
            if self.shown.get(flow_run.id) != text:
                self.shown[flow_run.id] = text
                self.ledger.update(item.row, text)


def _mp4(client: SyncPrefectClient, run_id: UUID) -> str | None:
    """The MP4's path from the run's `delivery` artifact (the flow publishes its Delivery)."""
    artifacts = client.read_artifacts(
        artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]),
            key=ArtifactFilterKey(any_=["delivery"]),
        )
    )
    for artifact in artifacts:
        text = str(artifact.data or "").strip().removeprefix("```json").removesuffix("```")
        try:
            data: dict[str, Any] = json.loads(text)
        except json.JSONDecodeError:
            continue
        if data.get("mp4"):
            return str(data["mp4"])
    return None
