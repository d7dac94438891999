"""The review gate: pause after a stage, show its output, and wait for a reviewer's decision.

Written the way Prefect's interactive-workflow docs write it: a `RunInput` form with described
fields, the preview in `with_initial_data(description=...)`, and the pause inside a loop that
answers invalid input with a message and a new pause instead of a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, get_args

from prefect.client.orchestration import get_client
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from prefect.runtime import flow_run
from prefect.states import Failed, State
from pydantic import Field, ValidationError

from pipeline.audit import MAX_WAIVER_CHARS
from pipeline.revision import MAX_FEEDBACK_CHARS, MAX_VARIANTS

Stage = Literal["scenes", "script", "visuals", "animations", "tts", "render"]
STAGES: tuple[str, ...] = get_args(Stage)
Decision = Literal["accept", "regenerate", "back", "stop"]


class ReviewPolicy(StrEnum):
    """Which stages wait for a reviewer."""

    every = "every"  # all six stages: creator mode
    key = "key"  # scenes, script and the final render: the decisions that change the message
    none = "none"  # scheduled and batch runs go straight through

    def reviews(self, stage: str) -> bool:
        """Whether this policy pauses after `stage`."""
        if self is ReviewPolicy.every:
            return True
        return self is ReviewPolicy.key and stage in {"scenes", "script", "render"}


class StageReview(RunInput):
    """The reviewer's answer (the form in the resume dialog)."""

    decision: Decision = Field(
        default="accept",
        description="accept: go on · regenerate: redo this stage with your feedback · "
        "back: redo an earlier stage (back_to) with your feedback; later stages are made again "
        "only where their inputs change · stop: end the run here, keeping everything so far",
    )
    back_to: Stage | None = Field(
        default=None,
        description="For back: the earlier stage to redo (e.g. script, from the render).",
    )
    feedback: str = Field(
        default="",
        max_length=MAX_FEEDBACK_CHARS,
        description="For regenerate: what to change. Name scenes to redo only them "
        "(e.g. 'scene 3: shorter title'). Earlier feedback on this stage still applies.",
    )
    variants: int = Field(
        default=1,
        ge=1,
        le=MAX_VARIANTS,
        description="For regenerate of scenes, script or visuals: how many versions to make side "
        f"by side (2-{MAX_VARIANTS}); you pick one at the next review.",
    )
    pick: int | None = Field(
        default=None,
        ge=1,
        le=MAX_VARIANTS,
        description="At a review of variants: the one to accept (or to regenerate from).",
    )
    reviewer: str = Field(default="", max_length=120, description="Your name, for the audit trail.")
    waiver: str = Field(
        default="",
        max_length=MAX_WAIVER_CHARS,
        description="Needed only to accept a stage with blocking compliance findings: why it is "
        "acceptable. Recorded with your name in the audit trail.",
    )
    pause: str = Field(
        default="",
        max_length=80,
        description="The review this decision answers (stage-vN), filled in for you: a decision "
        "made on a page that has since moved on is refused instead of landing on a later stage.",
    )


class FailedStageReview(StageReview):
    """The form after a stage failed: regenerate (retry) is the sensible default."""

    decision: Decision = Field(
        default="regenerate",
        description="regenerate: try this stage again (with feedback if useful) · "
        "back: redo an earlier stage (back_to) with your feedback · "
        "stop: end the run here, keeping everything so far",
    )


def ask_reviewer(
    *,
    key: str,
    stage: str,
    render_page: Callable[[str], str],
    timeout_s: int,
    poll_s: int,
    failed: bool,
    regenerations_left: Mapping[str, int],
    blocking: int = 0,
    choice: Choice | None = None,
) -> StageReview:
    """Pause until a valid decision arrives; `render_page(message)` draws the dialog's page.

    `key` names the review (`stage-vN`, `-bR` after the reviewer's R-th going back, so a stage
    made again after going back has a review of its own); `regenerations_left` is per stage;
    `choice` says what variants this review shows and which stages may ask for them.

    Raises prefect.exceptions.FlowPauseTimeout when nobody answers within `timeout_s`.
    """
    message = ""
    attempt = 0
    while True:
        attempt += 1
        description = render_page(message)
        try:
            # Only the description goes through with_initial_data: field defaults passed there
            # would replace the fields' constraints and help texts in the form's schema.
            form = FailedStageReview if failed else StageReview
            answer = pause_flow_run(
                wait_for_input=form.with_initial_data(description=description, pause=key),
                timeout=timeout_s,
                poll_interval=poll_s,
                key=f"{key}-{attempt}",
            )
        except ValidationError as exc:
            message = (
                "That input was not valid ("
                + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
                + "). Choose accept, regenerate, back (with back_to) or stop; feedback at most "
                f"{MAX_FEEDBACK_CHARS} characters."
            )
            continue
        problem = _refuse(
            answer,
            key=key,
            stage=stage,
            failed=failed,
            regenerations_left=regenerations_left,
            blocking=blocking,
            choice=choice or Choice(),
        )
        if problem:
            message = problem
            continue
        return answer


def _refuse(
    answer: StageReview,
    *,
    key: str,
    stage: str,
    failed: bool,
    regenerations_left: Mapping[str, int],
    blocking: int = 0,
    choice: Choice | None = None,
) -> str:
    """Why `answer` cannot be acted on at the pause `key` ('' when it can).

    Prefect's `/resume` does not say which pause an input answers: a decision submitted from a
    page opened at an earlier pause would land on whichever pause is current. A decision that
    names its pause is held to it; one that names none (older API clients) is taken as before.
    """
    if answer.pause and answer.pause != key:
        return (
            f"That decision ({answer.decision}) was made for {answer.pause}, which has already "
            f"been decided; this review is {key}. Nothing was changed: look at {key} and decide "
            "again."
        )
    if answer.back_to is not None and answer.decision != "back":
        return f"back_to is for decision back: choose back to redo {answer.back_to}, or clear it."
    choice = choice or Choice()
    if problem := _refuse_variants(answer, stage=stage, choice=choice):
        return problem
    if answer.pick is not None:
        blocking = choice.blocking[answer.pick - 1] if choice.blocking else blocking
    if answer.decision == "back":
        return _refuse_back(answer, stage=stage, regenerations_left=regenerations_left)
    if answer.decision == "accept" and failed:
        return "This stage failed, so there is nothing to accept: choose regenerate or stop."
    if answer.decision == "accept" and blocking and not answer.waiver.strip():
        return (
            f"This stage has {blocking} blocking compliance finding(s): accept it only with a "
            "written waiver (the waiver field), or regenerate."
        )
    if answer.decision == "regenerate" and regenerations_left.get(stage, 0) <= 0:
        return "This stage has used all its regenerates: choose accept or stop."
    return ""


@dataclass(frozen=True)
class Choice:
    """Variants at a review: how many are shown, their blocking findings, who may ask for them."""

    shown: int = 0
    blocking: tuple[int, ...] = ()
    stages: tuple[str, ...] = ()  # the stages a regenerate may ask variants of


def _refuse_variants(answer: StageReview, *, stage: str, choice: Choice) -> str:
    """Why `answer`'s variants or pick cannot be acted on ('' when they can)."""
    if answer.variants > 1 and answer.decision != "regenerate":
        return "variants are for regenerate: choose regenerate, or set variants to 1."
    if answer.variants > 1 and stage not in choice.stages:
        where = " and ".join(choice.stages) or "no stage of this run"
        return f"Variants can be made of {where}, not of {stage}: set variants to 1."
    if answer.pick is not None and not choice.shown:
        return "There are no variants to pick from at this review: leave pick empty."
    if answer.pick is not None and answer.pick > choice.shown:
        return f"There are {choice.shown} variants: pick one of 1-{choice.shown}."
    if choice.shown and answer.pick is None and answer.decision == "accept":
        return f"Pick the variant to accept (pick: 1-{choice.shown})."
    return ""


def _refuse_back(answer: StageReview, *, stage: str, regenerations_left: Mapping[str, int]) -> str:
    """Why going back as `answer` asks cannot be done from `stage` ('' when it can)."""
    earlier = STAGES[: STAGES.index(stage)]
    if not earlier:
        return "There is no earlier stage to go back to from scenes: choose regenerate instead."
    if answer.back_to not in earlier:
        named = f"{answer.back_to} is not earlier than {stage}" if answer.back_to else "no stage"
        return (
            f"Going back needs an earlier stage in back_to ({named}): one of {', '.join(earlier)}."
        )
    if regenerations_left.get(answer.back_to, 0) <= 0:
        return f"{answer.back_to} has used all its regenerates: choose another stage, or stop."
    return ""


def fail_after_timeout(message: str) -> State:
    """Fail the run with `message` although its pause has expired.

    Once a pause times out, Prefect's server rejects every further transition and fails the run
    with a generic "paused and never resumed"; forcing our state keeps the message that names
    the stage and tells the user how to continue.
    """
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(flow_run.id, Failed(message=message), force=True)
    return Failed(message=message)  # a fresh state: one the API has seen counts as upstream
