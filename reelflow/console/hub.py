"""Watch runs for their clients: learn of pauses promptly, tell every watcher, take decisions.

Prefect's events subscription says within milliseconds that a run changed state, but it drops
events when its queue fills or its socket resets; so every watched run is also re-read every
`reconcile_s`. Either path ends in `refresh`, which compares the run's state with what was last
announced and broadcasts only what is new, so clients never see a pause twice or miss one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from prefect.client.schemas.objects import FlowRun, StateType
from prefect.events.clients import get_events_subscriber
from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter
from prefect.exceptions import ObjectNotFound

from flows.review import STAGES
from reelflow.console.protocol import Accept, Back, Decision, ProtocolError, Regenerate
from reelflow.console.runs import Pause, RunService, pause_of
from reelflow.console.views import Views

logger = logging.getLogger("reelflow.console")
OUTPUT_WAIT_S = 10.0
FINAL = {StateType.COMPLETED, StateType.CANCELLED, StateType.FAILED, StateType.CRASHED}


class Subscriber(Protocol):
    """A client connection: gets messages, remembers the last review it was shown per run."""

    seen: dict[UUID, str]

    def send(self, message: dict[str, Any]) -> None:
        """Queue `message` for the client (never blocks the hub)."""


@dataclass(eq=False)
class Watch:
    """One run and the clients watching it."""

    run_id: UUID
    subscribers: set[Subscriber] = field(default_factory=set)
    announced: tuple | None = None
    last: dict[str, Any] | None = None
    decided: str | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class RunHub:
    """The console's one view of the runs its clients watch."""

    def __init__(self, service: RunService, views: Views, reconcile_s: float = 2.0) -> None:
        self.service = service
        self.views = views
        self.reconcile_s = reconcile_s
        self.watches: dict[UUID, Watch] = {}
        self._tasks: set[asyncio.Task] = set()

    async def run(self) -> None:
        """Listen for events and reconcile until cancelled."""
        await asyncio.gather(self._listen(), self._reconcile())

    async def watch(self, run_id: UUID, subscriber: Subscriber) -> None:
        """Add `subscriber` to `run_id`'s watchers and send it where the run is now."""
        try:
            await self.service.read_run(run_id)
        except ObjectNotFound:
            raise ProtocolError(
                "unknown_run", f"No flow run {run_id}.", run_id=str(run_id)
            ) from None
        watch = self.watches.setdefault(run_id, Watch(run_id))
        async with watch.lock:
            watch.subscribers.add(subscriber)
            last = watch.last
        if last is not None:
            subscriber.send(last)
        await self.refresh(run_id)

    def unwatch(self, subscriber: Subscriber) -> None:
        """Forget `subscriber` everywhere; runs nobody watches are dropped."""
        for run_id, watch in list(self.watches.items()):
            watch.subscribers.discard(subscriber)
            if not watch.subscribers:
                del self.watches[run_id]

    async def refresh(self, run_id: UUID) -> None:
        """Read the run; broadcast its new state if it changed since the last announcement."""
        watch = self.watches.get(run_id)
        if watch is None:
            return
        async with watch.lock:
            try:
                run = await self.service.read_run(run_id)
            except ObjectNotFound:
                return
            pause = pause_of(run)
            state = run.state
            key = (state.type, state.name, pause.key if pause else None) if state else None
            if key is None or key == watch.announced:
                return
            if pause is not None:
                message = await self._completed(run, pause)
                if message is None:
                    return  # no form: not a review pause; reconcile looks again
            elif state.type in FINAL:
                message = await self.views.final(run)
            else:
                message = self.views.running(run)
            watch.announced, watch.last = key, message
            self._broadcast(watch, message)

    async def _completed(self, run: FlowRun, pause: Pause) -> dict[str, Any] | None:
        """The `completed` message, as soon as the stage's output can be shown.

        The flow saves the pause's form (schema, then the page) a little after the run shows
        Paused, under a busy server up to seconds later. The output does not depend on it, so a
        first pause on a good output is announced at once (a decision waits for the form); a
        failed stage, or a pause repeated with a message, waits for the page that explains it.
        Task-run states reach the server as events, recorded a moment after the flow has moved
        on, so an output not recorded yet is waited for (a failed stage has none to wait for).
        """
        description = await self.service.description_now(run.id, pause)
        message = await self.views.completed(run, pause, description or "")
        made_as_variants = bool(self.views.variants(run.id, pause.stage, pause.version))
        if description is None and (
            message["data"] is None or pause.attempt > 1 or made_as_variants
        ):
            description = await self.service.pause_form(run.id, pause)
            if description is None:
                return None
            message = await self.views.completed(run, pause, description)
        deadline = asyncio.get_running_loop().time() + OUTPUT_WAIT_S
        while message["data"] is None and not message["failed"]:
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.1)
            message = await self.views.completed(run, pause, description or "")
        return message

    async def decide(self, subscriber: Subscriber, run_id: UUID, decision: Decision) -> None:
        """Resume `run_id` with `decision` if it answers the pause the run is at now.

        The decision must name (or the client must last have been shown) the current review;
        the run input carries that review too, so the flow itself refuses it if it still lands
        late. Raises ProtocolError with what to do otherwise.
        """
        watch = self.watches.get(run_id)
        if watch is None or subscriber not in watch.subscribers:
            raise ProtocolError(
                "not_attached", f"Attach to run {run_id} before deciding on it.", run_id=str(run_id)
            )
        async with watch.lock:
            run = await self.service.read_run(run_id)
            pause = pause_of(run)
            wanted = decision.pause or subscriber.seen.get(run_id)
            if pause is None or watch.decided == pause.key:
                state = run.state.name if run.state else "unknown"
                if wanted and (pause is None or wanted == pause.review):
                    raise ProtocolError(
                        "stale",
                        f"{wanted} has already been decided (the run is {state}); nothing was "
                        "changed. Wait for the next review.",
                        run_id=str(run_id),
                        pause=wanted,
                    )
                raise ProtocolError(
                    "not_paused",
                    f"Run {run_id} is {state}, not waiting for a review: nothing to "
                    f"{decision.action}.",
                    run_id=str(run_id),
                )
            if wanted is None:
                raise ProtocolError(
                    "not_shown",
                    f"This connection has not been shown {pause.review} yet: wait for its "
                    "'completed' message or name the review in 'pause'.",
                    run_id=str(run_id),
                )
            if wanted != pause.review:
                raise ProtocolError(
                    "stale",
                    f"That {decision.action} was for {wanted}, which has already been decided; "
                    f"the run now waits at {pause.review}. Nothing was changed: look at "
                    f"{pause.review} and decide again.",
                    run_id=str(run_id),
                    pause=wanted,
                    current=pause.review,
                )
            if (
                isinstance(decision, Back)
                and decision.stage not in STAGES[: STAGES.index(pause.stage)]
            ):
                raise ProtocolError(
                    "invalid_field",
                    f"back: {decision.stage} is not earlier than {pause.stage}; go back to one of "
                    f"{', '.join(STAGES[: STAGES.index(pause.stage)]) or '(none: regenerate)'}.",
                    field="stage",
                    action="back",
                )
            if await self.service.pause_form(run_id, pause) is None:
                raise ProtocolError(
                    "not_ready", f"{pause.review} has no review form yet; try again shortly."
                )
            run_input = {
                "decision": decision.action,
                "feedback": decision.feedback if isinstance(decision, Regenerate | Back) else "",
                "reviewer": decision.reviewer,
                "waiver": decision.waiver if isinstance(decision, Accept) else "",
                "back_to": decision.stage if isinstance(decision, Back) else None,
                "variants": decision.variants if isinstance(decision, Regenerate) else 1,
                "pick": decision.pick if isinstance(decision, Accept | Regenerate) else None,
                "pause": wanted,
            }
            reason = await self.service.resume(run_id, run_input)
            if reason is not None:
                raise ProtocolError("refused", f"Prefect refused the decision: {reason}")
            watch.decided = pause.key
            message = self.views.running(
                run,
                decided={
                    "stage": pause.stage,
                    "version": pause.version,
                    "decision": decision.action,
                    "reviewer": decision.reviewer,
                    **({"back_to": decision.stage} if isinstance(decision, Back) else {}),
                    **({"pick": decision.pick} if getattr(decision, "pick", None) else {}),
                },
            )
            message["state"] = "Running"
            watch.announced = (StateType.RUNNING, "Running", None)
            watch.last = message
            self._broadcast(watch, message)

    def _broadcast(self, watch: Watch, message: dict[str, Any]) -> None:
        message.setdefault("sent_at", datetime.now(UTC).isoformat())
        for subscriber in list(watch.subscribers):
            subscriber.send(message)

    def _refresh_soon(self, run_id: UUID) -> None:
        task = asyncio.create_task(self.refresh(run_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _listen(self) -> None:
        """Refresh a watched run as soon as Prefect reports one of its state changes."""
        while True:
            events = EventFilter(
                event=EventNameFilter(prefix=["prefect.flow-run."]),
                occurred=EventOccurredFilter(since=datetime.now(UTC)),
            )
            try:
                async with get_events_subscriber(filter=events) as subscriber:
                    async for event in subscriber:
                        run_id = event.resource.id.removeprefix("prefect.flow-run.")
                        with contextlib.suppress(ValueError):
                            if UUID(run_id) in self.watches:
                                self._refresh_soon(UUID(run_id))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the reconcile loop covers the gap
                logger.warning("Prefect events subscription lost (%s); reconnecting", exc)
            await asyncio.sleep(1)

    async def _reconcile(self) -> None:
        """Re-read every watched run: events can be dropped."""
        while True:
            await asyncio.sleep(self.reconcile_s)
            for run_id in list(self.watches):
                try:
                    await self.refresh(run_id)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # noqa: BLE001 - one bad read must not stop the loop
                    logger.warning("Could not refresh run %s: %s", run_id, exc)


def summary(run: FlowRun, flow_name: str) -> dict[str, Any]:
    """A run waiting for review, for the run list."""
    pause = pause_of(run)
    return {
        "run_id": str(run.id),
        "run_name": run.name,
        "video_type": flow_name,
        "stage": pause.stage if pause else None,
        "version": pause.version if pause else None,
        "pause": pause.review if pause else None,
        "paused_at": pause.at.isoformat() if pause else None,
    }
