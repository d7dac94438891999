"""Messages between `reelflow batch` and its local worker processes: one JSON object per line.

The parent writes `Order`s to a worker's stdin (first the server to use, then one job at a time);
the worker answers with `Event`s on a pipe of its own, while everything the flow prints goes to
the row's log file.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class Job(BaseModel):
    """One video to make: a validated brief (JSON data), its review policy, where to log."""

    row: int
    video_type: str
    brief: dict[str, Any]
    review: str
    log: str


class Order(BaseModel):
    """Parent → worker: the Prefect API to report to (sent once), or a job."""

    api_url: str | None = None
    job: Job | None = None


class Event(BaseModel):
    """Worker → parent: ready for work, a job's progress, or its end."""

    kind: Literal["ready", "stage", "review", "done"]
    row: int | None = None
    run_id: str | None = None
    stage: str | None = None
    number: int | None = None
    total: int | None = None
    status: Literal["delivered", "failed", "stopped", "interrupted"] | None = None
    mp4: str | None = None
    error: str | None = None
    seconds: float | None = None
