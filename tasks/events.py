"""`reelflow.stage.completed`: the Prefect event every finished stage emits, for other systems.

Anything that follows Prefect's events (an automation, a webhook, `prefect events stream`, the
events API) can react to a stage being made without polling runs. The event's resource is the
flow run (`prefect.flow-run.<id>`), so Prefect's UI lists it on the run's page; the payload says
which video type, stage and version. It is emitted whether the stage ran or came from the cache:
either way that version of the stage now exists for the run.
"""

from __future__ import annotations

from prefect.events import emit_event
from prefect.runtime import flow_run

STAGE_COMPLETED = "reelflow.stage.completed"


def stage_completed(video_type: str, stage: str, version: int) -> None:
    """Emit the event for the current flow run (nothing outside a flow run)."""
    run_id = flow_run.id
    if not run_id:
        return
    emit_event(
        event=STAGE_COMPLETED,
        resource={
            "prefect.resource.id": f"prefect.flow-run.{run_id}",
            "prefect.resource.name": str(flow_run.name or ""),
            "reelflow.stage": stage,
        },
        related=[
            {
                "prefect.resource.id": f"reelflow.video-type.{video_type}",
                "prefect.resource.role": "video-type",
            },
        ],  # fmt: skip
        payload={"video_type": video_type, "stage": stage, "version": version},
    )
