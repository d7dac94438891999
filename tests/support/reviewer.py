"""A scripted reviewer that answers a paused flow run through Prefect's API from another thread,
the way Prefect's own pause tests drive resumes."""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterId,
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
    """Answers each new pause of one run of `flow_name` with the next of `answers` (run inputs).

    The run is the first of that flow to pause after the reviewer starts; from then on only its
    pauses are answered, and the reviewer ends when the run ends, so spare answers never reach
    another test's run. An answer of None means: leave this pause unanswered and stop reviewing.
    """

    flow_name: str
    answers: list[dict | None]
    timeout_s: float = 180
    seen: list[Pause] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)
    flow_run_id: UUID | None = None

    _live: ClassVar[weakref.WeakSet[ScriptedReviewer]] = weakref.WeakSet()

    def __post_init__(self) -> None:
        threading.Thread.__init__(self, daemon=True)
        self._quit = threading.Event()
        ScriptedReviewer._live.add(self)

    @classmethod
    def quit_all(cls) -> None:
        """End every reviewer still looking for pauses (a test's teardown calls this)."""
        for reviewer in list(cls._live):
            reviewer._quit.set()
            if reviewer.is_alive():
                reviewer.join(timeout=10)

    def run(self) -> None:  # noqa: D102
        self.since = datetime.now(UTC)
        with get_client(sync_client=True) as client:
            try:
                self._review(client)
            except Exception as exc:  # noqa: BLE001 - reported to the test, never a hang
                self.errors.append(f"{type(exc).__name__}: {exc}")
            if self.errors and self.flow_run_id:
                self._stop_the_run(client)

    def _review(self, client) -> None:
        pause: Pause | None = None
        for answer in self.answers:
            if pause is None:
                pause = self._next_pause(client)
                if pause is None:
                    if not self._ended(client):
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
        if self.flow_run_id and (extra := self._next_pause(client)):
            self.seen.append(extra)
            self.errors.append(f"the answers ran out, but the run paused again at {extra.key}")

    def _ended(self, client) -> bool:
        """Whether the reviewed run has ended (or the test has, for a run never seen)."""
        if self._quit.is_set():
            return True
        if self.flow_run_id is None:
            return False
        state = client.read_flow_run(self.flow_run_id).state
        return bool(state and state.is_final())

    @staticmethod
    def _moved_on(client, pause: Pause) -> bool:
        state = client.read_flow_run(pause.flow_run_id).state
        return not (state and state.is_paused() and state.state_details.pause_key == pause.key)

    def _stop_the_run(self, client) -> None:
        """End the reviewed run with a stop decision so the test fails on `errors`, not a hang."""
        state = client.read_flow_run(self.flow_run_id).state
        if state and state.is_paused():
            review = Pause(self.flow_run_id, state.state_details.pause_key, "").review
            stop = {"pause": review, "decision": "stop", "feedback": "", "reviewer": "qa"}
            client.resume_flow_run(self.flow_run_id, run_input=stop)

    def _next_pause(self, client) -> Pause | None:
        """The reviewed run's next unseen pause, waiting up to `timeout_s` (per pause: a slow
        machine makes the whole run long, not one stage); None as soon as the run ends."""
        known = {p.key for p in self.seen}
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline and not self._ended(client):
            runs = client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=[self.flow_name])),
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED])),
                    id=FlowRunFilterId(any_=[self.flow_run_id]) if self.flow_run_id else None,
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
                self.flow_run_id = run.id
                return Pause(run.id, key, description)
            time.sleep(0.2)
        return None
