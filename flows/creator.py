"""The one production loop every video type shares.

Six stages in order, each a cached task, each optionally followed by a reviewer's decision.

The per-type flows only name their brief; running, reviewing, replaying decisions after a crash
and delivering a video live here once: the stages in `flows/stages.py`, the decisions in
`flows/session.py`, the gate itself in `flows/review.py`.
"""

from __future__ import annotations

from prefect.logging import get_run_logger
from prefect.runtime import flow_run
from prefect.states import State
from pydantic import BaseModel

from flows.compliance import brief_gate, delivered_pack
from flows.review import ReviewPolicy
from flows.session import ReviewSession
from flows.stages import STAGES, Words
from pipeline.audit import DecisionLog
from pipeline.job import Job
from pipeline.outputs import Video
from pipeline.previews import media_link
from pipeline.settings import Settings, current_settings
from pipeline.video_types import Brief
from pipeline.workspace import slug
from tasks.artifacts import publish_delivery
from tasks.storage import pull_job, push_job

__all__ = ["STAGES", "Delivery", "ReviewPolicy", "Words", "make_video", "run_name"]


class Delivery(BaseModel):
    """What a finished run hands back: where the video and its records are."""

    video_type: str
    status: str = "finished"
    folder: str
    mp4: str | None = None
    srt: str | None = None
    poster: str | None = None
    manifest: str | None = None
    audit: str | None = None
    post_caption: str | None = None
    duration_s: float | None = None
    stage_versions: dict[str, int] = {}


def run_name() -> str:
    """Flow-run name: video type and title, readable in the UI's run list."""
    brief = flow_run.parameters.get("brief")
    title = getattr(brief, "title", None) or (brief or {}).get("video_type", "video")
    return f"{flow_run.flow_name}-{slug(str(title), 30)}"


def make_video(
    brief: Brief,
    review: ReviewPolicy = ReviewPolicy.every,
    *,
    job: Job | None = None,
    words: Words | None = None,
) -> Delivery | State:
    """Take `brief` through all six stages, pausing for review where the policy says.

    A localized version brings its own `job` (its folder) and `words` (the translation).
    """
    settings = current_settings()
    job = job or Job.create(brief, settings)
    logger = get_run_logger()
    logger.info(
        "Working folder: %s (%dx%d @ %d fps, review: %s)",
        job.root,
        job.profile.width,
        job.profile.height,
        job.profile.fps,
        review.value,
    )
    if job.narration_language != job.brief.language:
        logger.warning(
            "The offline writer writes English: this %r brief will be narrated in English. "
            "Configure an OpenAI-compatible writer (REELFLOW_WRITER=openai) for %r copy.",
            job.brief.language,
            job.brief.language,
        )
    gate = brief_gate(job)
    if gate is not None:
        return gate
    pull_job(job)  # media and decisions made on other workers (REELFLOW_MEDIA_STORE)
    session = ReviewSession(job, review, settings, DecisionLog(job.workspace), words)
    ended = session.run_all()
    if ended is not None:
        return ended
    delivered_pack(job, session.done, session.versions)  # final/mlr/ before the session closes
    return deliver(job, session.done["render"], session.versions, session.log, settings)


def deliver(
    job: Job, video: Video, versions: dict[str, int], log: DecisionLog, settings: Settings
) -> Delivery:
    """The run's return value, with absolute paths a caller can open; closes the review."""
    workspace = job.workspace
    mp4 = workspace.path(video.mp4)
    audit = log.export(
        mp4.with_name(mp4.stem + "-audit.json"),
        summary={
            "status": "finished",
            "video": video.mp4,
            "stage_versions": versions,
            "video_type": job.video_type,
            "brief_title": job.brief.title,
        },
    )
    log.close()
    push_job(job)
    get_run_logger().info("Video ready: %s", mp4)
    delivery = Delivery(
        video_type=job.video_type,
        status="finished",
        folder=str(job.root),
        mp4=str(mp4),
        srt=str(workspace.path(video.srt)),
        poster=str(workspace.path(video.poster)),
        manifest=str(workspace.path(video.manifest)),
        audit=str(audit),
        post_caption=str(workspace.path(video.post_caption)) if video.post_caption else None,
        duration_s=video.duration_s,
        stage_versions=versions,
    )
    publish_delivery(delivery, media_link(video.mp4, workspace, settings.media_url))
    return delivery
