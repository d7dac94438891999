"""Compliance in the production loop: the brief gate, stage findings, the stop before delivery.

The checks themselves live in `pipeline/compliance`; this module decides what the run does with
their findings. A reviewed stage shows them on its pause page (a blocking one can be accepted only
with a written waiver); an unattended run fails before delivery and leaves the report beside where
the video would have been, so someone can see why. Either way the MLR pack is made in
`final/mlr/` (see `pipeline/compliance/pack`).
"""

from __future__ import annotations

import json
from typing import Any

from prefect.logging import get_run_logger
from prefect.states import Failed, State

from pipeline.compliance import CheckReport, check_brief, check_outputs
from pipeline.compliance.feedback import findings_feedback
from pipeline.compliance.legibility import measure_screen
from pipeline.compliance.render_checks import check_render, no_render_rules, render_rules_apply
from pipeline.compliance.report import merged, report_text
from pipeline.compliance.timeline import video_timeline
from pipeline.job import Job
from tasks.judge import judge_task
from tasks.mlr import mlr_pack_task

CHECKED_STAGES = ("scenes", "script", "render")
WRITTEN_STAGES = ("scenes", "script")


def brief_gate(job: Job) -> State | None:
    """Fail the run before any stage when the brief itself breaks a blocking rule."""
    report = check_brief(job.brief)
    for finding in report.findings:
        get_run_logger().warning("Compliance (%s): %s", finding.rule_id, finding.message)
    return _blocked(job, report, "brief") if report.blocking else None


def stage_report(stage: str, job: Job, done: dict[str, Any]) -> CheckReport | None:
    """The findings on what the run has shown and said so far, after a checked stage."""
    if stage not in CHECKED_STAGES or "scenes" not in done:
        return None
    if stage == "render":
        return render_report(job, done)
    report = check_outputs(job.brief, done["scenes"], done.get("script"))
    if stage == "script" and job.providers.writer == "openai":  # a model: its overall reading
        report = judge_task(job, done["scenes"], done["script"], report)
    return report


def render_report(job: Job, done: dict[str, Any]) -> CheckReport:
    """The findings on the finished video: the major statement's timing and legibility.

    The words were checked, and any waiver recorded, after the script.
    """
    brief, scenes, script = job.brief, done["scenes"], done["script"]
    if not render_rules_apply(brief):
        return no_render_rules(brief)
    animations, narration, video = done["animations"], done["tts"], done["render"]
    timeline = video_timeline(brief, scenes, script, animations, narration, video)
    screen = measure_screen(
        brief,
        scenes,
        script,
        animations,
        timeline,
        still_size=job.profile.still_size,
        overscan=job.profile.overscan,
    )
    return check_render(brief, timeline, screen)


def with_findings(feedback: str, stage: str, report: CheckReport | None) -> str:
    """A regenerate's feedback plus the findings the writer can fix, as "remove …" notes."""
    if stage not in WRITTEN_STAGES:
        return feedback
    notes = findings_feedback(report)
    return "\n".join(part for part in (feedback.strip(), notes) if part)


def delivered_pack(job: Job, done: dict[str, Any], versions: dict[str, int]) -> str:
    """The MLR pack beside the delivered video: every finding of every stage, with waivers."""
    brief = job.brief
    report = merged(
        check_brief(brief),
        check_outputs(brief, done["scenes"], done["script"]),
        render_report(job, done),
    )
    return mlr_pack_task(job, done, report, versions, status="delivered")


def blocked_unattended(
    job: Job, report: CheckReport, stage: str, done: dict[str, Any], versions: dict[str, int]
) -> State:
    """An unattended run stops here: nothing is delivered with a blocking finding unwaived.

    The report and pack hold every finding so far (a render's report has only the render's).
    """
    words = [check_outputs(job.brief, done["scenes"], done["script"])] if stage == "render" else []
    return _blocked(job, merged(check_brief(job.brief), *words, report), stage, done, versions)


def _blocked(
    job: Job,
    report: CheckReport,
    stage: str,
    done: dict[str, Any] | None = None,
    versions: dict[str, int] | None = None,
) -> State:
    folder = job.workspace.folder("final") / "mlr"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "check-report.json"
    path.write_text(json.dumps(report.model_dump(mode="json"), indent=2), encoding="utf-8")
    text = report_text(report, subject=f"this {job.video_type} video at its {stage}")
    (folder / "check-report.txt").write_text(text + "\n", encoding="utf-8")
    rules = ", ".join(sorted({f.rule_id for f in report.blocking}))
    message = (
        f"Compliance: {len(report.blocking)} blocking finding(s) after {stage} ({rules}); "
        f"nothing was delivered. The report is in {path}. Fix the brief, or run with review so "
        "a reviewer can regenerate or waive them in writing."
    )
    get_run_logger().error("%s\n%s", message, text)
    try:  # the pack shows the rest (script, claims, frames); the report above is what matters
        mlr_pack_task(job, done or {}, report, versions or {}, status="blocked", stopped_at=stage)
    except Exception as exc:  # noqa: BLE001 - a pack failure must not hide why the run stopped
        get_run_logger().error(
            "The MLR pack could not be made (%s); the report is in %s", exc, path
        )
    return Failed(message=message)
