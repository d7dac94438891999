"""Where per-scene render tasks run: this worker's threads, or a Dask cluster.

prefect-dask is optional (`pip install 'reelflow[dask]'`), so it is imported only when asked for.
Workers of a remote cluster need the video's files: set REELFLOW_MEDIA_STORE so each scene task
pulls what it reads and pushes the segment it writes.
"""

from __future__ import annotations

from prefect.task_runners import TaskRunner

from pipeline.errors import ProviderUnavailable
from pipeline.settings import Settings


def scene_runner(settings: Settings) -> TaskRunner | None:
    """A Dask task runner when REELFLOW_RENDER_RUNNER=dask; None means Prefect's own threads."""
    if settings.render_runner != "dask":
        return None
    try:
        from prefect_dask import DaskTaskRunner  # noqa: PLC0415 - optional dependency
    except ImportError as error:
        raise ProviderUnavailable(
            "render",
            "dask",
            f"prefect-dask is not installed ({error})",
            "pip install 'reelflow[dask]' or set REELFLOW_RENDER_RUNNER=threads",
        ) from None
    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.render_workers,
            "threads_per_worker": 1,
            "processes": True,
        }
    )
