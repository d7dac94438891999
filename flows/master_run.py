"""A master named by its Prefect flow run: the run's `delivery` artifact says where its folder is.

Every delivered run publishes the `Delivery` (folder, MP4, manifest …) as a JSON artifact keyed
`delivery`; reading it back is how a run id leads to the folder `reelflow localize` starts from.
"""

from __future__ import annotations

import json
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
)
from prefect.exceptions import ObjectNotFound


class MasterRunError(ValueError):
    """A run id that does not lead to a delivered video; the message says why."""


def as_run_id(text: str) -> UUID | None:
    """`text` as a flow run id, or None when it is (taken as) a folder."""
    try:
        return UUID(text.strip())
    except ValueError:
        return None


def delivery_of(client: SyncPrefectClient, run_id: UUID) -> dict:
    """The `Delivery` a finished run published, or {} when it published none."""
    artifacts = client.read_artifacts(
        artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]),
            key=ArtifactFilterKey(any_=["delivery"]),
        )
    )
    for artifact in artifacts:
        text = str(artifact.data or "").strip().removeprefix("```json").removesuffix("```")
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            continue
    return {}


def master_folder(run_id: UUID) -> str:
    """The video folder of the delivered run `run_id`, or `MasterRunError` saying why not."""
    with get_client(sync_client=True) as client:
        try:
            flow_run = client.read_flow_run(run_id)
        except ObjectNotFound:
            raise MasterRunError(
                f"flow run {run_id} was not found on {client.api_url}: check the id (the run's "
                "page in the Prefect UI shows it), or give the master's video folder instead"
            ) from None
        state = flow_run.state
        if state is None or not state.is_completed():
            name = state.name if state is not None else "not started"
            raise MasterRunError(
                f"flow run {run_id} ({flow_run.name}) is {name}: only a delivered, reviewed "
                "video can be localized; finish its review first"
            )
        folder = delivery_of(client, run_id).get("folder")
    if not folder:
        raise MasterRunError(
            f"flow run {run_id} ({flow_run.name}) delivered no video (it has no delivery "
            "artifact): give the id of a video run, or the master's video folder"
        )
    return str(folder)
