"""The one production loop every video type shares: six stages, in order, each a cached task.

The per-type flows only name their brief; everything about running, reviewing and delivering a
video lives here once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from prefect.logging import get_run_logger
from prefect.runtime import flow_run
from pydantic import BaseModel

from pipeline.briefs import Brief
from pipeline.job import Job
from pipeline.outputs import Video
from pipeline.revision import Revision
from pipeline.settings import load_settings
from pipeline.workspace import slug
from tasks.animations import animations_task
from tasks.render import render_task
from tasks.speech import tts_task
from tasks.visuals import visuals_task
from tasks.writing import scenes_task, script_task

STAGES: tuple[str, ...] = ("scenes", "script", "visuals", "animations", "tts", "render")


class ReviewPolicy(StrEnum):
    """Which stages wait for a reviewer."""

    every = "every"  # all six stages: creator mode
    key = "key"  # scenes, script and the final render: the decisions that change the message
    none = "none"  # scheduled and batch runs go straight through


class Delivery(BaseModel):
    """What a finished (or stopped) run hands back: where the video and its records are."""

    video_type: str
    status: str
    folder: str
    mp4: str | None = None
    srt: str | None = None
    poster: str | None = None
    manifest: str | None = None
    duration_s: float | None = None
    stage_versions: dict[str, int] = {}


def run_name() -> str:
    """Flow-run name: video type and title, readable in the UI's run list."""
    brief = flow_run.parameters.get("brief")
    title = getattr(brief, "title", None) or (brief or {}).get("video_type", "video")
    return f"{flow_run.flow_name}-{slug(str(title), 30)}"


def run_stage(stage: str, job: Job, done: dict[str, Any], revision: Revision,
              versions: dict[str, int]) -> BaseModel:
    """Run one stage's task with the upstream outputs it needs."""
    match stage:
        case "scenes":
            return scenes_task(job, revision)
        case "script":
            return script_task(job, done["scenes"], revision)
        case "visuals":
            return visuals_task(job, done["scenes"], done["script"], revision)
        case "animations":
            return animations_task(job, done["scenes"], done["visuals"], revision)
        case "tts":
            return tts_task(job, done["script"], revision)
        case "render":
            return render_task(
                job, done["scenes"], done["script"], done["visuals"], done["animations"],
                done["tts"], revision, versions,
            )
    raise ValueError(f"unknown stage {stage!r}")


def make_video(brief: Brief, review: ReviewPolicy = ReviewPolicy.none) -> Delivery:
    """Take `brief` through all six stages and deliver the video."""
    logger = get_run_logger()
    job = Job.create(brief, load_settings())
    logger.info("Working folder: %s (%dx%d @ %d fps)", job.root, job.profile.width,
                job.profile.height, job.profile.fps)
    done: dict[str, Any] = {}
    versions: dict[str, int] = {}
    for number, stage in enumerate(STAGES, start=1):
        revision = Revision()
        logger.info("Stage %d of %d: %s (v%d)", number, len(STAGES), stage, revision.version)
        versions[stage] = revision.version
        done[stage] = run_stage(stage, job, done, revision, versions)
    return deliver(job, done["render"], versions)


def deliver(job: Job, video: Video, versions: dict[str, int]) -> Delivery:
    """The run's return value, with absolute paths a caller can open."""
    workspace = job.workspace
    get_run_logger().info("Video ready: %s", workspace.path(video.mp4))
    return Delivery(
        video_type=job.video_type, status="finished", folder=str(job.root),
        mp4=str(workspace.path(video.mp4)), srt=str(workspace.path(video.srt)),
        poster=str(workspace.path(video.poster)), manifest=str(workspace.path(video.manifest)),
        duration_s=video.duration_s, stage_versions=versions,
    )
