"""A scripted reviewer that answers a paused flow run through Prefect's API from another thread,
the way Prefect's own pause tests drive resumes."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType


@dataclass
class Pause:
    """One pause the reviewer saw."""

    flow_run_id: UUID
    key: str
    description: str

    @property
    def review(self) -> str:
        """The review this pause asks about (`script-v2`): the key without its attempt number,
        which grows when an answer is refused and the same review is asked again."""
        return self.key.rsplit("-", 1)[0]


@dataclass(eq=False)
class ScriptedReviewer(threading.Thread):
    """Answers each new pause of `flow_name` with the next of `answers` (dicts of run input).

    An answer of None means: leave this pause unanswered and stop reviewing.
    """

    flow_name: str
    answers: list[dict | None]
    timeout_s: float = 180
    seen: list[Pause] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        threading.Thread.__init__(self, daemon=True)

    def run(self) -> None:  # noqa: D102
        self.since = datetime.now(UTC)
        with get_client(sync_client=True) as client:
            try:
                self._review(client)
            except Exception as exc:  # noqa: BLE001 - reported to the test, never a hang
                self.errors.append(f"{type(exc).__name__}: {exc}")
            if self.errors and self.seen:
                self._stop_the_run(client)

    def _review(self, client) -> None:
        pause: Pause | None = None
        for answer in self.answers:
            if pause is None:
                pause = self._next_pause(client)
                if pause is None:
                    self.errors.append(f"no pause came within {self.timeout_s:.0f} s")
                    return
                self.seen.append(pause)
            if answer is None:
                return
            # Name the pause, as the Prefect form and the console do: a decision the client
            # sends twice (an HTTP retry after a 503 from a locked SQLite) is then refused at
            # the next review instead of deciding it unseen.
            answer = {"pause": pause.review} | answer
            response = client.resume_flow_run(pause.flow_run_id, run_input=answer)
            if response.status.value == "ACCEPT" or self._moved_on(client, pause):
                # Moved on despite a refusal: the first attempt of a retried request got
                # through, and the retry found the run no longer paused.
                pause = None
            else:  # refused: the run stays paused; the next answer goes to the same pause
                self.rejections.append(str(response.details.reason))
        # Answers ran out: the run must now end without asking again, or the test would wait
        # in pause_flow_run until pytest-timeout ends the whole session.
        if self.seen and (extra := self._next_pause(client, until_run_ends=True)):
            self.seen.append(extra)
            self.errors.append(f"the answers ran out, but the run paused again at {extra.key}")

    @staticmethod
    def _moved_on(client, pause: Pause) -> bool:
        state = client.read_flow_run(pause.flow_run_id).state
        return not (state and state.is_paused() and state.state_details.pause_key == pause.key)

    def _stop_the_run(self, client) -> None:
        """End the reviewed run with a stop decision so the test fails on `errors`, not a hang."""
        run_id = self.seen[-1].flow_run_id
        state = client.read_flow_run(run_id).state
        if state and state.is_paused():
            review = Pause(run_id, state.state_details.pause_key, "").review
            stop = {"pause": review, "decision": "stop", "feedback": "", "reviewer": "qa"}
            client.resume_flow_run(run_id, run_input=stop)

    def _next_pause(self, client, until_run_ends: bool = False) -> Pause | None:
        """The next unseen pause, waiting up to `timeout_s` (per pause: slow machines make the
        whole run long, not one stage); with `until_run_ends`, None as soon as the run ends."""
        known = {p.key for p in self.seen}
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline:
            if until_run_ends:
                state = client.read_flow_run(self.seen[-1].flow_run_id).state
                if state and state.is_final():
                    return None
            runs = client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=[self.flow_name])),
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))
                ),
            )
            for run in runs:
                key = run.state.state_details.pause_key
                if key in known or run.state.timestamp < self.since:  # another run's old pause
                    continue
                base = f"{run.state.name.lower()}-{key}"
                try:  # the run shows Paused before its form schema is saved
                    client.read_flow_run_input(run.id, f"{base}-schema")
                    description = client.read_flow_run_input(run.id, f"{base}-description")
                except Exception:  # noqa: BLE001 - not saved yet
                    continue
                return Pause(run.id, key, description)
            time.sleep(0.2)
        return None
