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
from flows.review import Choice, ReviewPolicy, StageReview, ask_reviewer, fail_after_timeout
from flows.stages import STAGES, VARIANT_STAGES, Words, run_stage, run_variants
from pipeline.audit import DecisionLog, DecisionRecord, output_hash
from pipeline.compliance import CheckReport
from pipeline.compliance.report import report_markdown
from pipeline.errors import explained
from pipeline.job import Job
from pipeline.review_page import review_page, stage_preview, variants_preview
from pipeline.revision import Revision
from pipeline.settings import Settings
from pipeline.workspace import content_hash
from tasks.events import stage_completed
from tasks.storage import push_job


@dataclass(frozen=True)
class GoBack:
    """The reviewer sent the run back to an earlier stage."""

    stage: str


@dataclass
class Made:
    """What one attempt at a stage made: its output, or 2-4 variants to pick from, or an error."""

    outputs: list[BaseModel] = field(default_factory=list)
    error: str = ""
    findings: list[CheckReport | None] = field(default_factory=list)
    variants: bool = False

    @property
    def output(self) -> BaseModel | None:
        """The output a single-output review is about (None when failed or with variants)."""
        return self.outputs[0] if self.outputs and not self.variants else None

    @property
    def sha256(self) -> str:
        """The hash a decision is tied to: the output's, or all the variants' in order."""
        if self.variants:
            return content_hash(*self.outputs)
        return output_hash(self.output)


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
    asked_variants: dict[str, int] = field(default_factory=dict)
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
            made = self._attempt(stage, revision)
            if not self.review.reviews(stage):
                findings = made.findings[0] if made.findings else None
                if findings is not None and findings.blocking:
                    return blocked_unattended(self.job, findings, stage, self.done, self.versions)
                self.log.append(self._record(stage, "auto_accept", made))
                return None
            answer = self._decide(stage, made)
            if isinstance(answer, State):
                return answer
            chosen = (answer.pick or 1) - 1 if made.variants else 0
            if made.variants and answer.decision in ("accept", "regenerate"):
                self._take(stage, made.outputs[chosen])
            match answer.decision:
                case "accept":
                    return None
                case "stop":
                    return self._stopped(stage)
                case "back":
                    return self._go_back(answer)
            findings = made.findings[chosen] if made.findings else None
            picked = chosen + 1 if made.variants else None
            self._regenerate(stage, with_findings(answer.feedback, stage, findings), picked)
            self.asked_variants[stage] = answer.variants

    def _attempt(self, stage: str, revision: Revision) -> Made:
        """The stage's output (or variants) with findings, or the error a reviewer reads.

        Raises when nobody reviews the stage.
        """
        count = self.asked_variants.get(stage, 1)
        try:
            if count > 1:
                outputs = run_variants(
                    stage,
                    self.job,
                    self.done,
                    revision,
                    count,
                    self.settings,
                    previous=self.revised_from.get(stage),
                )
            else:
                outputs = [
                    run_stage(
                        stage,
                        self.job,
                        self.done,
                        revision,
                        self.versions,
                        self.settings,
                        self.words,
                        previous=self.revised_from.get(stage),
                    )
                ]
        except Exception as exc:  # noqa: BLE001 - in review mode a failed stage goes to the reviewer
            failure = explained(stage, self.job.root, exc)
            if not self.review.reviews(stage) and failure is exc:
                raise
            if not self.review.reviews(stage):
                raise failure from exc
            error = f"{type(failure).__name__}: {failure}"
            get_run_logger().error("Stage %s v%d failed: %s", stage, revision.version, error)
            return Made(error=error)
        if count == 1:
            self._take(stage, outputs[0])
        findings = [stage_report(stage, self.job, {**self.done, stage: o}) for o in outputs]
        return Made(outputs=outputs, findings=findings, variants=count > 1)

    def _take(self, stage: str, output: BaseModel) -> None:
        """`output` is this stage's from now on: later stages are made from it."""
        self.done[stage] = output
        stage_completed(str(self.job.video_type), stage, self.revisions[stage].version)

    def _regenerate(self, stage: str, feedback: str, picked: int | None = None) -> None:
        """Make `stage` again as version + 1 with `feedback`, revising what the reviewer saw.

        `picked` is the variant regenerated from, when the review showed variants.
        """
        self.regenerations[stage] = self.regenerations.get(stage, 0) + 1
        self.revised_from[stage] = self.done.get(stage)
        revision = self.revisions[stage]
        if picked is not None:
            revision = revision.from_pick(picked)
        self.revisions[stage] = revision.next(feedback)

    def _go_back(self, answer: StageReview) -> GoBack:
        """Regenerate the earlier stage with the feedback; the stages after it follow."""
        target = str(answer.back_to)
        self.backs += 1
        # An accepted pick is that stage's output: going back revises the pick, not variant 1.
        picked = getattr(self.done.get(target), "variant", 0) or None
        self._regenerate(target, answer.feedback, picked)
        self.asked_variants.pop(target, None)
        get_run_logger().info(
            "Going back to %s (v%d): %s",
            target,
            self.revisions[target].version,
            answer.feedback or "(no feedback)",
        )
        return GoBack(target)

    def _decide(self, stage: str, made: Made) -> StageReview | State:
        """A replayed decision on this exact output, or a new one from the reviewer."""
        revision = self.revisions[stage]
        replay = self.log.recorded(stage, revision.version, made.sha256) if made.outputs else None
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
                variants=replay.variants,
                pick=replay.pick,
            )
        blocking = [len(f.blocking) if f is not None else 0 for f in made.findings]
        choice = Choice(
            shown=len(made.outputs) if made.variants else 0,
            blocking=tuple(blocking) if made.variants else (),
            stages=VARIANT_STAGES if self.words is None else (),
        )
        try:
            answer = ask_reviewer(
                key=self.review_key(stage),
                stage=stage,
                render_page=self._page(stage, made),
                timeout_s=self.settings.review_timeout_s,
                poll_s=self.settings.review_poll_s,
                failed=not made.outputs,
                regenerations_left=self.regenerations_left(),
                blocking=blocking[0] if blocking and not made.variants else 0,
                choice=choice,
            )
        except FlowPauseTimeout:
            self.log.append(self._record(stage, "timeout", made))
            push_job(self.job)
            return fail_after_timeout(
                f"No reviewer answered within {self.settings.review_timeout_s} s at stage "
                f"{stage!r} v{revision.version}. Accepted stages are kept: run the same brief "
                "again to continue from here."
            )
        self.log.append(self._record(stage, answer.decision, made, answer))
        push_job(self.job)  # the decision is durable on shared storage before the flow acts on it
        return answer

    def _page(self, stage: str, made: Made) -> Callable[[str], str]:
        """The function drawing this review's page (with a message when input is refused)."""
        settings, job = self.settings, self.job
        if made.variants:
            preview = variants_preview(stage, made.outputs, self.done, job.workspace)
            for number, findings in enumerate(made.findings, start=1):
                if findings is not None and findings.findings:
                    preview += f"\n\n#### Variant {number}: compliance\n\n"
                    preview += report_markdown(findings)
        elif made.output is not None:
            preview = stage_preview(
                stage, made.output, self.done, job.workspace, settings.media_url
            )
            if made.findings and made.findings[0] is not None:
                preview = f"{preview}\n\n{report_markdown(made.findings[0])}"
        else:
            preview = ""
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
                error=made.error,
                earlier=STAGES[: STAGES.index(stage)],
                variants=len(made.outputs) if made.variants else 0,
            )

        return page

    def _record(
        self, stage: str, decision: str, made: Made, answer: StageReview | None = None
    ) -> DecisionRecord:
        return DecisionRecord(
            stage=stage,
            version=self.revisions[stage].version,
            decision=decision,
            feedback=answer.feedback if answer else "",
            reviewer=answer.reviewer if answer else "",
            waiver=answer.waiver if answer else "",
            back_to=(answer.back_to or "") if answer else "",
            variants=answer.variants if answer else 1,
            variant_sha256=[output_hash(o) for o in made.outputs] if made.variants else [],
            pick=answer.pick if answer and made.variants else None,
            output_sha256=made.sha256,
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
