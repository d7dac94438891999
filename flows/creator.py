"""The one production loop every video type shares.

Six stages in order, each a cached task, each optionally followed by a reviewer's decision.

The per-type flows only name their brief; running, reviewing, replaying decisions after a crash
and delivering a video live here once.
"""

from __future__ import annotations

from typing import Any

from prefect.exceptions import FlowPauseTimeout
from prefect.logging import get_run_logger
from prefect.runtime import flow_run
from prefect.states import Cancelled, State
from pydantic import BaseModel

from flows.compliance import (
    blocked_unattended,
    brief_gate,
    delivered_pack,
    stage_report,
    with_findings,
)
from flows.review import ReviewPolicy, StageReview, ask_reviewer, fail_after_timeout
from flows.stages import STAGES, Words, run_stage
from pipeline.audit import DecisionLog, DecisionRecord, output_hash
from pipeline.compliance import CheckReport
from pipeline.compliance.report import report_markdown
from pipeline.errors import explained
from pipeline.job import Job
from pipeline.outputs import Video
from pipeline.previews import media_link
from pipeline.review_page import review_page, stage_preview
from pipeline.revision import Revision
from pipeline.settings import Settings, current_settings
from pipeline.video_types import Brief
from pipeline.workspace import slug
from tasks.artifacts import publish_delivery
from tasks.events import stage_completed
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
    log = DecisionLog(job.workspace)
    done: dict[str, Any] = {}
    versions: dict[str, int] = {}
    for number, stage in enumerate(STAGES, start=1):
        outcome = _produce_stage(stage, number, job, done, versions, log, review, settings, words)
        if isinstance(outcome, State):
            return outcome
    delivered_pack(job, done, versions)  # final/mlr/ before the review session closes
    return deliver(job, done["render"], versions, log, settings)


def _produce_stage(
    stage: str,
    number: int,
    job: Job,
    done: dict[str, Any],
    versions: dict[str, int],
    log: DecisionLog,
    review: ReviewPolicy,
    settings: Settings,
    words: Words | None = None,
) -> State | None:
    """Run a stage until it is accepted; returns a final state if the run must end here."""
    logger = get_run_logger()
    revision = Revision()
    regenerations = 0
    while True:
        versions[stage] = revision.version
        logger.info("Stage %d of %d: %s (v%d)", number, len(STAGES), stage, revision.version)
        try:
            output, error = run_stage(stage, job, done, revision, versions, settings, words), ""
        except Exception as exc:  # noqa: BLE001 - in review mode a failed stage goes to the reviewer
            failure = explained(stage, job.root, exc)
            if not review.reviews(stage) and failure is exc:
                raise
            if not review.reviews(stage):
                raise failure from exc
            output, error = None, f"{type(failure).__name__}: {failure}"
            logger.error("Stage %s v%d failed: %s", stage, revision.version, error)
        if output is not None:
            done[stage] = output
            stage_completed(str(job.video_type), stage, revision.version)
        findings = stage_report(stage, job, done) if output is not None else None
        if not review.reviews(stage):
            if findings is not None and findings.blocking:
                return blocked_unattended(job, findings, stage, done, versions)
            log.append(_record(stage, revision, "auto_accept", output))
            return None
        answer = _decide(
            stage,
            number,
            job,
            done,
            revision,
            log,
            settings,
            output,
            error,
            settings.max_regenerations - regenerations,
            findings,
        )
        if isinstance(answer, State):
            return answer
        if answer.decision == "accept":
            return None
        if answer.decision == "stop":
            return _stopped(job, stage, revision, versions, log)
        regenerations += 1
        revision = revision.next(with_findings(answer.feedback, stage, findings))


def _decide(
    stage: str,
    number: int,
    job: Job,
    done: dict[str, Any],
    revision: Revision,
    log: DecisionLog,
    settings: Settings,
    output: BaseModel | None,
    error: str,
    regenerations_left: int,
    findings: CheckReport | None = None,
) -> StageReview | State:
    """A replayed decision on this exact output, or a new one from the reviewer."""
    sha = output_hash(output)
    replay = log.recorded(stage, revision.version, sha) if output is not None else None
    if replay is not None:
        get_run_logger().info(
            "Replaying recorded decision on %s v%d: %s", stage, revision.version, replay.decision
        )
        return StageReview(
            decision=replay.decision,
            feedback=replay.feedback,
            reviewer=replay.reviewer,
            waiver=replay.waiver,
        )
    preview = (
        ""
        if output is None
        else stage_preview(stage, output, done, job.workspace, settings.media_url)
    )
    if findings is not None:
        preview = f"{preview}\n\n{report_markdown(findings)}"
    history = [r for r in log.records() if r.stage == stage]

    def page(message: str) -> str:
        return review_page(
            title=job.brief.title,
            stage=stage,
            number=number,
            total=len(STAGES),
            version=revision.version,
            preview=preview,
            history=history,
            regenerations_left=regenerations_left,
            message=message,
            error=error,
        )

    try:
        answer = ask_reviewer(
            key=f"{stage}-v{revision.version}",
            render_page=page,
            timeout_s=settings.review_timeout_s,
            poll_s=settings.review_poll_s,
            failed=output is None,
            regenerations_left=regenerations_left,
            blocking=len(findings.blocking) if findings is not None else 0,
        )
    except FlowPauseTimeout:
        log.append(_record(stage, revision, "timeout", output))
        push_job(job)
        return fail_after_timeout(
            f"No reviewer answered within {settings.review_timeout_s} s at stage {stage!r} "
            f"v{revision.version}. Accepted stages are kept: run the same brief again to "
            "continue from here."
        )
    log.append(
        _record(
            stage,
            revision,
            answer.decision,
            output,
            answer.feedback,
            answer.reviewer,
            answer.waiver,
        )
    )
    push_job(job)  # the decision is durable on shared storage before the flow acts on it
    return answer


def _record(
    stage: str,
    revision: Revision,
    decision: str,
    output: BaseModel | None,
    feedback: str = "",
    reviewer: str = "",
    waiver: str = "",
) -> DecisionRecord:
    return DecisionRecord(
        stage=stage,
        version=revision.version,
        decision=decision,
        feedback=feedback,
        reviewer=reviewer,
        waiver=waiver,
        output_sha256=output_hash(output),
        flow_run_id=str(flow_run.id or ""),
    )


def _stopped(
    job: Job, stage: str, revision: Revision, versions: dict[str, int], log: DecisionLog
) -> State:
    """End the run as Cancelled, saying where, with everything so far kept on disk."""
    audit = log.export(
        job.workspace.folder("final") / "audit-stopped.json",
        summary={"status": "stopped", "stopped_at": stage, "stage_versions": versions},
    )
    message = (
        f"Stopped by the reviewer at stage {stage!r} v{revision.version}. Everything made so far "
        f"is kept in {job.root} (decisions: {audit}); run the same brief again to continue."
    )
    get_run_logger().warning(message)
    push_job(job)
    return Cancelled(message=message)


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
