"""The record of review decisions: what medical reviewers need to show who approved what.

Each decision (stage, version, decision, feedback, time, hash of the output it was about) is
appended to the video folder's review session as it happens, so a run that crashes can be
started again and replay the decisions already made. When a video is delivered the session is
exported as JSON beside it and closed, so a later run starts a fresh review.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.workspace import Workspace, content_hash

DecisionKind = Literal["accept", "regenerate", "back", "stop", "auto_accept", "timeout", "failed"]
REPLAYED: frozenset[str] = frozenset({"accept", "regenerate", "back"})
"""Decisions a rerun acts on again; stops and timeouts end a run, so a rerun asks anew."""


MAX_WAIVER_CHARS = 2000
"""The longest written waiver a review takes (the form, the console and the terminal client)."""


class DecisionRecord(BaseModel):
    """One reviewer decision on one version of one stage."""

    model_config = ConfigDict(frozen=True)

    stage: str
    version: int = Field(ge=1)
    decision: DecisionKind
    feedback: str = ""
    reviewer: str = ""
    waiver: str = Field(default="", description="Why blocking compliance findings were accepted.")
    back_to: str = Field(default="", description="For back: the earlier stage made again.")
    variants: int = Field(default=1, ge=1, description="For regenerate: versions asked for.")
    variant_sha256: list[str] = Field(
        default=[], description="At a review of variants: each variant's hash, in order."
    )
    pick: int | None = Field(default=None, description="The variant the decision took (1-based).")
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    output_sha256: str = Field(default="", description="Hash of the output the decision was on.")
    flow_run_id: str = ""


def output_hash(output: BaseModel | None) -> str:
    """The hash a decision is tied to: replaying a decision needs the very same output."""
    return content_hash(output) if output is not None else ""


class DecisionLog:
    """Append-only JSON-lines file of the current review session of one video folder.

    A rerun replays the recorded decisions in order: each one is used once, and only the
    decisions after the last one used (or made) can be replayed. Going back makes a stage's
    same version come up again; the order tells its first and second review apart.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.path = workspace.root / "review" / "session.jsonl"
        self._used = 0  # records before this index were replayed or made in this run

    def records(self) -> list[DecisionRecord]:
        """Every decision of the open session, oldest first."""
        if not self.path.is_file():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [DecisionRecord.model_validate_json(line) for line in lines if line.strip()]

    def append(self, record: DecisionRecord) -> None:
        """Record a decision durably before the flow acts on it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(record.model_dump_json() + "\n")
            handle.flush()
        self._used = len(self.records())

    def recorded(self, stage: str, version: int, sha256: str) -> DecisionRecord | None:
        """The next unused replayable decision on exactly this output, if the session has one."""
        records = self.records()
        for index in range(self._used, len(records)):
            record = records[index]
            if (record.stage, record.version, record.output_sha256) == (
                stage,
                version,
                sha256,
            ) and record.decision in REPLAYED:
                self._used = index + 1
                return record
        return None

    def export(self, target: Path, *, summary: dict) -> Path:
        """Write the audit JSON (summary + every decision) to `target`."""
        payload = {
            **summary,
            "decisions": [json.loads(r.model_dump_json()) for r in self.records()],
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
        return target

    def close(self) -> None:
        """End the session (after delivery): keep it under a timestamped name, start fresh."""
        if self.path.is_file():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            self.path.rename(self.path.with_name(f"session-{stamp}.jsonl"))
