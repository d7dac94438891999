"""Keep a job's folder in step with the shared media store (REELFLOW_MEDIA_STORE), if any."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prefect.logging import get_run_logger

from pipeline.job import Job
from pipeline.settings import current_settings
from pipeline.storage import media_store


def pull_job(job: Job) -> None:
    """Bring the job's folder up to date from the store (files made on other workers)."""
    store = media_store(current_settings().media_store)
    if store is not None:
        count = store.pull(job.workspace)
        get_run_logger().info("media store: pulled %d file(s) from %s", count, store.url)


def push_job(job: Job) -> None:
    """Publish what this worker made to the store."""
    store = media_store(current_settings().media_store)
    if store is not None:
        count = store.push(job.workspace)
        get_run_logger().info("media store: pushed %d file(s) to %s", count, store.url)


@contextmanager
def synced(job: Job) -> Iterator[None]:
    """Pull before a stage's work and push after it (nothing to do without a store)."""
    pull_job(job)
    yield
    push_job(job)
