"""Keep each stage's preview on the flow run as a Prefect markdown artifact."""

from __future__ import annotations

from prefect.artifacts import create_link_artifact, create_markdown_artifact
from pydantic import BaseModel


def publish(stage: str, version: int, markdown: str) -> None:
    """Attach `markdown` to the current run, keyed by stage so versions line up in the UI."""
    create_markdown_artifact(
        key=f"{stage}-preview", markdown=markdown, description=f"{stage} v{version}"
    )


def publish_delivery(delivery: BaseModel, link: str) -> None:
    """Tell API callers where the video is: a link artifact and the delivery as JSON."""
    create_link_artifact(key="video", link=link, link_text="final video", description="MP4")
    create_markdown_artifact(
        key="delivery",
        markdown=f"```json\n{delivery.model_dump_json(indent=2)}\n```",
        description="where the video, captions, poster, manifest and audit are",
    )
