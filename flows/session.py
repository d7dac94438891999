"""One run's review: each stage made, shown and decided, until the video is accepted or ends.

`ReviewSession` holds what a run's decisions build up: the stages made so far, the revision of
each (version and feedback), what each was revised from, the regenerates used, and how many
times the reviewer went back. Going back regenerates the earlier stage as version + 1 and runs the
stages after it again at their own revisions: every task's cache key covers its inputs, so a
later stage whose inputs did not change comes from the cache, and per-scene work is redone only
for the scenes whose inputs changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prefect.exceptions import FlowPauseTimeout
from prefect.logging import get_run_logger
from prefect.runtime import flow_run
from prefect.states import Cancelled, State
from pydantic import BaseModel

from flows.compliance import blocked_unattended, stage_report, with_findings
from flows.review import ReviewPolicy, StageReview, ask_reviewer, fail_after_timeout
from flows.stages import STAGES, Words, run_stage
from pipeline.audit import DecisionLog, DecisionRecord, output_hash
from pipeline.compliance import CheckReport
from pipeline.compliance.report import report_markdown
from pipeline.errors import explained
from pipeline.job import Job
from pipeline.review_page import review_page, stage_preview
from pipeline.revision import Revision
from pipeline.settings import Settings
from tasks.events import stage_completed
from tasks.storage import push_job


@dataclass(frozen=True)
class GoBack:
    """The reviewer sent the run back to an earlier stage."""

    stage: str


@dataclass
class ReviewSession:
    """The state a run's decisions build up (see the module docstring)."""

    job: Job
    review: ReviewPolicy
    settings: Settings
    log: DecisionLog
    words: Words | None = None
    done: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    revisions: dict[str, Revision] = field(default_factory=dict)
    revised_from: dict[str, BaseModel | None] = field(default_factory=dict)
    regenerations: dict[str, int] = field(default_factory=dict)
    backs: int = 0

    def run_all(self) -> State | None:
        """Every stage in order, going back where the reviewer says; a State ends the run."""
        index = 0
        while index < len(STAGES):
            outcome = self.produce(STAGES[index])
            if isinstance(outcome, State):
                return outcome
            index = STAGES.index(outcome.stage) if isinstance(outcome, GoBack) else index + 1
        return None

    def regenerations_left(self) -> dict[str, int]:
        """Regenerates each stage has left (going back to a stage uses one of its own)."""
        most = self.settings.max_regenerations
        return {stage: most - self.regenerations.get(stage, 0) for stage in STAGES}

    def review_key(self, stage: str) -> str:
        """The review's name: `stage-vN`, and `-bR` once the reviewer has gone back R times."""
        key = f"{stage}-v{self.revisions[stage].version}"
        return f"{key}-b{self.backs}" if self.backs else key

    def produce(self, stage: str) -> State | GoBack | None:
        """Make `stage` until it is accepted (None), the reviewer goes back, or the run ends."""
        logger = get_run_logger()
        number = STAGES.index(stage) + 1
        self.revisions.setdefault(stage, Revision())
        while True:
            revision = self.revisions[stage]
            self.versions[stage] = revision.version
            logger.info("Stage %d of %d: %s (v%d)", number, len(STAGES), stage, revision.version)
            output, error = self._attempt(stage, revision)
            findings = stage_report(stage, self.job, self.done) if output is not None else None
            if not self.review.reviews(stage):
                if findings is not None and findings.blocking:
                    return blocked_unattended(self.job, findings, stage, self.done, self.versions)
                self.log.append(self._record(stage, "auto_accept", output))
                return None
            answer = self._decide(stage, output, error, findings)
            if isinstance(answer, State):
                return answer
            match answer.decision:
                case "accept":
                    return None
                case "stop":
                    return self._stopped(stage)
                case "back":
                    return self._go_back(answer)
            self._regenerate(stage, with_findings(answer.feedback, stage, findings))

    def _attempt(self, stage: str, revision: Revision) -> tuple[BaseModel | None, str]:
        """The stage's output, or the error a reviewer reads (raised when nobody reviews)."""
        try:
            output = run_stage(
                stage,
                self.job,
                self.done,
                revision,
                self.versions,
                self.settings,
                self.words,
                previous=self.revised_from.get(stage),
            )
        except Exception as exc:  # noqa: BLE001 - in review mode a failed stage goes to the reviewer
            failure = explained(stage, self.job.root, exc)
            if not self.review.reviews(stage) and failure is exc:
                raise
            if not self.review.reviews(stage):
                raise failure from exc
            error = f"{type(failure).__name__}: {failure}"
            get_run_logger().error("Stage %s v%d failed: %s", stage, revision.version, error)
            return None, error
        self.done[stage] = output
        stage_completed(str(self.job.video_type), stage, revision.version)
        return output, ""

    def _regenerate(self, stage: str, feedback: str) -> None:
        """Make `stage` again as version + 1 with `feedback`, revising what the reviewer saw."""
        self.regenerations[stage] = self.regenerations.get(stage, 0) + 1
        self.revised_from[stage] = self.done.get(stage)
        self.revisions[stage] = self.revisions[stage].next(feedback)

    def _go_back(self, answer: StageReview) -> GoBack:
        """Regenerate the earlier stage with the feedback; the stages after it follow."""
        target = str(answer.back_to)
        self.backs += 1
        self._regenerate(target, answer.feedback)
        get_run_logger().info(
            "Going back to %s (v%d): %s",
            target,
            self.revisions[target].version,
            answer.feedback or "(no feedback)",
        )
        return GoBack(target)

    def _decide(
        self,
        stage: str,
        output: BaseModel | None,
        error: str,
        findings: CheckReport | None,
    ) -> StageReview | State:
        """A replayed decision on this exact output, or a new one from the reviewer."""
        revision = self.revisions[stage]
        sha = output_hash(output)
        replay = self.log.recorded(stage, revision.version, sha) if output is not None else None
        if replay is not None:
            get_run_logger().info(
                "Replaying recorded decision on %s v%d: %s",
                stage,
                revision.version,
                replay.decision,
            )
            return StageReview(
                decision=replay.decision,
                feedback=replay.feedback,
                reviewer=replay.reviewer,
                waiver=replay.waiver,
                back_to=replay.back_to or None,
            )
        page = self._page(stage, output, error, findings)
        key = self.review_key(stage)
        try:
            answer = ask_reviewer(
                key=key,
                stage=stage,
                render_page=page,
                timeout_s=self.settings.review_timeout_s,
                poll_s=self.settings.review_poll_s,
                failed=output is None,
                regenerations_left=self.regenerations_left(),
                blocking=len(findings.blocking) if findings is not None else 0,
            )
        except FlowPauseTimeout:
            self.log.append(self._record(stage, "timeout", output))
            push_job(self.job)
            return fail_after_timeout(
                f"No reviewer answered within {self.settings.review_timeout_s} s at stage "
                f"{stage!r} v{revision.version}. Accepted stages are kept: run the same brief "
                "again to continue from here."
            )
        self.log.append(self._record(stage, answer.decision, output, answer))
        push_job(self.job)  # the decision is durable on shared storage before the flow acts on it
        return answer

    def _page(
        self, stage: str, output: BaseModel | None, error: str, findings: CheckReport | None
    ) -> Callable[[str], str]:
        """The function drawing this review's page (with a message when input is refused)."""
        settings, job = self.settings, self.job
        preview = (
            ""
            if output is None
            else stage_preview(stage, output, self.done, job.workspace, settings.media_url)
        )
        if findings is not None:
            preview = f"{preview}\n\n{report_markdown(findings)}"
        history = [r for r in self.log.records() if stage in (r.stage, r.back_to)]
        left = self.regenerations_left()[stage]

        def page(message: str) -> str:
            return review_page(
                title=job.brief.title,
                stage=stage,
                number=STAGES.index(stage) + 1,
                total=len(STAGES),
                version=self.revisions[stage].version,
                preview=preview,
                history=history,
                regenerations_left=left,
                message=message,
                error=error,
                earlier=STAGES[: STAGES.index(stage)],
            )

        return page

    def _record(
        self,
        stage: str,
        decision: str,
        output: BaseModel | None,
        answer: StageReview | None = None,
    ) -> DecisionRecord:
        return DecisionRecord(
            stage=stage,
            version=self.revisions[stage].version,
            decision=decision,
            feedback=answer.feedback if answer else "",
            reviewer=answer.reviewer if answer else "",
            waiver=answer.waiver if answer else "",
            back_to=(answer.back_to or "") if answer else "",
            output_sha256=output_hash(output),
            flow_run_id=str(flow_run.id or ""),
        )

    def _stopped(self, stage: str) -> State:
        """End the run as Cancelled, saying where, with everything so far kept on disk."""
        audit = self.log.export(
            self.job.workspace.folder("final") / "audit-stopped.json",
            summary={
                "status": "stopped",
                "stopped_at": stage,
                "stage_versions": self.versions,
            },
        )
        message = (
            f"Stopped by the reviewer at stage {stage!r} v{self.revisions[stage].version}. "
            f"Everything made so far is kept in {self.job.root} (decisions: {audit}); run the "
            "same brief again to continue."
        )
        get_run_logger().warning(message)
        push_job(self.job)
        return Cancelled(message=message)
