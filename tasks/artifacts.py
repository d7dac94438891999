"""Keep each stage's preview on the flow run as a Prefect markdown artifact."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact


def publish(stage: str, version: int, markdown: str) -> None:
    """Attach `markdown` to the current run, keyed by stage so versions line up in the UI."""
    create_markdown_artifact(
        key=f"{stage}-preview", markdown=markdown, description=f"{stage} v{version}"
    )
