"""The `/ws/creator` messages, as pydantic models.

Client messages are a discriminated union on `action`, so one `TypeAdapter` both validates a
message and says exactly which field is wrong; server messages are plain dicts built here with a
`status` field, the names the original Creator Mode clients already read.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from flows.review import Stage
from pipeline.audit import MAX_WAIVER_CHARS
from pipeline.revision import MAX_FEEDBACK_CHARS, MAX_VARIANTS
from pipeline.video_types import VideoType

MAX_MESSAGE_BYTES = 256 * 1024
"""A brief with an inline logo is the largest thing a client sends; anything bigger is refused."""

PAUSE_PATTERN = r"^[a-z]+-v\d+(-b\d+)?$"
"""A review's name: stage and version, and `-bR` for one made after the R-th going back."""


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Start(_Action):
    """Make a video from a brief; the run is reviewed at every stage."""

    action: Literal["start"]
    video_type: VideoType
    payload: dict[str, Any] = Field(description="The brief, as in examples/<type>.json.")


class Attach(_Action):
    """Watch a run that already exists (after a dropped socket, or as a second reviewer)."""

    action: Literal["attach"]
    run_id: UUID


class _Decision(_Action):
    """A reviewer's answer to the pause this connection was last shown (or the one named)."""

    run_id: UUID | None = Field(default=None, description="Defaults to the connection's run.")
    pause: str | None = Field(
        default=None,
        pattern=PAUSE_PATTERN,
        description="The review answered (stage-vN); defaults to the last one this client saw.",
    )
    reviewer: str = Field(default="", max_length=120)


class Accept(_Decision):
    """Go on to the next stage."""

    action: Literal["accept"]
    waiver: str = Field(
        default="",
        max_length=MAX_WAIVER_CHARS,
        description="Why blocking compliance findings are acceptable (needed only then).",
    )
    pick: int | None = Field(
        default=None, ge=1, le=MAX_VARIANTS, description="At a review of variants: which one."
    )


class Regenerate(_Decision):
    """Redo this stage; name scenes ('scene 3: ...') to redo only them."""

    action: Literal["regenerate"]
    feedback: str = Field(max_length=MAX_FEEDBACK_CHARS)
    variants: int = Field(
        default=1,
        ge=1,
        le=MAX_VARIANTS,
        description="Make scenes, script or visuals as 2-4 variants side by side; pick one next.",
    )
    pick: int | None = Field(
        default=None, ge=1, le=MAX_VARIANTS, description="At a review of variants: redo from it."
    )


class Back(_Decision):
    """Go back to an earlier stage with feedback: it is made again as version + 1.

    The stages after it are made again only where their inputs change (the rest from cache).
    """

    action: Literal["back"]
    stage: Stage = Field(description="The earlier stage to redo.")
    feedback: str = Field(default="", max_length=MAX_FEEDBACK_CHARS)


class Stop(_Decision):
    """End the run here, keeping everything made so far."""

    action: Literal["stop"]


class Auth(_Action):
    """Credentials as the first message, for clients that cannot send a cookie or header."""

    action: Literal["auth"]
    token: str = Field(max_length=512, description="user:password, as given to --auth.")


class ListRuns(_Action):
    """Ask for the runs waiting for review."""

    action: Literal["list"]


ClientMessage = Annotated[
    Start | Attach | Accept | Regenerate | Back | Stop | Auth | ListRuns,
    Field(discriminator="action"),
]
Decision = Accept | Regenerate | Back | Stop
_ADAPTER: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)
ACTIONS = ("start", "attach", "accept", "regenerate", "back", "stop", "auth", "list")


class ProtocolError(Exception):
    """A message the console cannot act on; `code` lets clients branch, `message` is for people."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    def as_message(self) -> dict[str, Any]:
        """The `error` message sent to the client."""
        return error(self.code, self.message, **self.extra)


def parse(text: str | bytes) -> ClientMessage:
    """Validate one raw client message; raises ProtocolError naming what is wrong."""
    if len(text) > MAX_MESSAGE_BYTES:
        raise ProtocolError(
            "too_large", f"Message of {len(text)} bytes; the limit is {MAX_MESSAGE_BYTES}."
        )
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError("bad_json", f"Not JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_message", "A message is a JSON object with an 'action' field.")
    action = data.get("action")
    if action is None:
        raise ProtocolError("missing_field", "Missing field 'action'.", field="action")
    if action not in ACTIONS:
        raise ProtocolError(
            "unknown_action",
            f"Unknown action {action!r}; expected one of {', '.join(ACTIONS)}.",
            action=str(action)[:40],
        )
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise _field_error(exc, str(action)) from None


def _field_error(exc: ValidationError, action: str) -> ProtocolError:
    first = exc.errors()[0]
    loc = [str(part) for part in first["loc"] if str(part) != action]
    field = ".".join(loc) or "message"
    if first["type"] == "missing":
        return ProtocolError(
            "missing_field", f"{action}: missing field {field!r}.", field=field, action=action
        )
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'] if str(p) != action)}: {e['msg']}"
        for e in exc.errors()[:5]
    )
    return ProtocolError("invalid_field", f"{action}: {problems}.", field=field, action=action)


def error(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """An `error` message: `code` for programs, `message` to show a person."""
    return {"status": "error", "code": code, "message": message, **extra}
