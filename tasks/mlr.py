"""The MLR pack as a task: built beside the delivered video, or where a blocked run stopped.

Never cached: the pack records this run's decisions, waivers and time, and diffs against whatever
pack came before it.
"""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from pipeline.audit import DecisionLog
from pipeline.compliance import CheckReport
from pipeline.compliance.pack import PackInputs, build_pack
from pipeline.compliance.pack.models import PackStatus
from pipeline.compliance.timeline import video_timeline
from pipeline.job import Job


@task(name="mlr-pack", cache_policy=NO_CACHE, timeout_seconds=900)
def mlr_pack_task(
    job: Job,
    done: dict[str, Any],
    report: CheckReport,
    versions: dict[str, int],
    status: PackStatus,
    stopped_at: str = "",
) -> str:
    """Write `final/mlr/` from the stage outputs made so far; returns the folder."""
    timeline, video = None, None
    if "render" in done:
        rendered = done["render"]
        timeline = video_timeline(
            job.brief,
            done["scenes"],
            done["script"],
            done["animations"],
            done["tts"],
            rendered,
        )
        video = job.workspace.path(rendered.mp4)
    inputs = PackInputs(
        brief=job.brief,
        report=report,
        status=status,
        stopped_at=stopped_at,
        decisions=tuple(DecisionLog(job.workspace).records()),
        stage_versions=dict(versions),
        providers={k: str(v) for k, v in job.providers.model_dump().items() if v},
        scenes=done.get("scenes"),
        script=done.get("script"),
        timeline=timeline,
        video=video,
    )
    folder = build_pack(inputs, job.root)
    get_run_logger().info("MLR pack: %s", folder)
    return str(folder)
