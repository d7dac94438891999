"""The review gate: pause after a stage, show its output, and wait for a reviewer's decision.

Written the way Prefect's interactive-workflow docs write it: a `RunInput` form with described
fields, the preview in `with_initial_data(description=...)`, and the pause inside a loop that
answers invalid input with a message and a new pause instead of a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Literal

from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from pydantic import Field, ValidationError

from pipeline.revision import MAX_FEEDBACK_CHARS


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

    decision: Literal["accept", "regenerate", "stop"] = Field(
        default="accept",
        description="accept: go on · regenerate: redo this stage with your feedback · "
        "stop: end the run here, keeping everything so far",
    )
    feedback: str = Field(
        default="",
        max_length=MAX_FEEDBACK_CHARS,
        description="For regenerate: what to change. Name scenes to redo only them "
        "(e.g. 'scene 3: shorter title'). Earlier feedback on this stage still applies.",
    )
    reviewer: str = Field(default="", max_length=120, description="Your name, for the audit trail.")


def ask_reviewer(
    *,
    key: str,
    render_page: Callable[[str], str],
    timeout_s: int,
    poll_s: int,
    failed: bool,
    regenerations_left: int,
) -> StageReview:
    """Pause until a valid decision arrives; `render_page(message)` draws the dialog's page.

    Raises prefect.exceptions.FlowPauseTimeout when nobody answers within `timeout_s`.
    """
    message = ""
    attempt = 0
    while True:
        attempt += 1
        description = render_page(message)
        try:
            answer = pause_flow_run(
                wait_for_input=StageReview.with_initial_data(
                    description=description,
                    decision="regenerate" if failed else "accept",
                    feedback="",
                    reviewer="",
                ),
                timeout=timeout_s,
                poll_interval=poll_s,
                key=f"{key}-{attempt}",
            )
        except ValidationError as exc:
            message = (
                "That input was not valid ("
                + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
                + "). Choose accept, regenerate or stop; feedback at most "
                f"{MAX_FEEDBACK_CHARS} characters."
            )
            continue
        problem = _refuse(answer, failed=failed, regenerations_left=regenerations_left)
        if problem:
            message = problem
            continue
        return answer


def _refuse(answer: StageReview, *, failed: bool, regenerations_left: int) -> str:
    if answer.decision == "accept" and failed:
        return "This stage failed, so there is nothing to accept: choose regenerate or stop."
    if answer.decision == "regenerate" and regenerations_left <= 0:
        return "This stage has used all its regenerates: choose accept or stop."
    return ""
