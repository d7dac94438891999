"""What the MLR pack holds, as data: script rows, claims with their uses, storyboard frames.

Each row, claim and frame is a model, so the PDFs, the CSV/JSON files and the diff against the
previous pack all read the same values: a timecode in the annotated script is the one in the CSV
and the one burned into the storyboard frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.audit import DecisionRecord
from pipeline.compliance.models import CheckReport
from pipeline.compliance.timeline import Timeline
from pipeline.outputs import Scenes, Script
from pipeline.video_types import Brief

PackStatus = Literal["delivered", "blocked"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScriptRow(_Model):
    """One line of the annotated script: a sentence as spoken, with what is on screen meanwhile.

    Timecodes are HH:MM:SS:FF in video time; `tc_out` is the first frame after the line (the
    editing convention). They are empty when the run stopped before the video was rendered.
    """

    line: str = Field(description='"scene.sentence", e.g. "3.2".')
    scene: int
    scene_title: str
    tc_in: str = ""
    tc_out: str = ""
    start_frame: int | None = None
    end_frame: int | None = None
    spoken: str
    on_screen: tuple[str, ...] = Field(default=(), description="Slide texts visible meanwhile.")
    captions: tuple[str, ...] = Field(default=(), description="Caption phrases shown meanwhile.")
    claims: tuple[str, ...] = Field(default=(), description="Claim ids the line says.")
    shown_claims: tuple[str, ...] = Field(
        default=(), description="Claim ids the slide texts on screen meanwhile state."
    )
    unreferenced: str = Field(default="", description="The kind of an unbacked claim, if any.")
    major_statement: bool = False


class ClaimUse(_Model):
    """One place a claim is made: spoken in a line or shown on a slide."""

    line: str
    how: Literal["spoken", "on screen"]
    text: str
    tc_in: str = ""
    tc_out: str = ""


class ClaimEntry(_Model):
    """A brief claim, its footnote number in the annotated script, its reference and its uses."""

    id: str = Field(description='"C1", "C2" … in the brief\'s order.')
    footnote: int | None = Field(description="Numbered by first use; None when never used.")
    text: str
    citation: str
    locator: str = ""
    quote: str = ""
    file: str = Field(default="", description="The reference's copy inside the pack, if given.")
    uses: tuple[ClaimUse, ...] = ()


class StoryboardFrame(_Model):
    """A frame of the delivered video picked for the storyboard, and why it was picked."""

    frame: int = Field(ge=0)
    timecode: str
    seconds: float
    scene: int
    reasons: tuple[str, ...]
    on_screen: tuple[str, ...] = ()
    spoken: str = Field(default="", description="The line being said on this frame, if any.")


class PackInputs(BaseModel):
    """Everything a pack is made from; the later fields are absent when a run stopped early."""

    model_config = ConfigDict(frozen=True)

    brief: Brief
    report: CheckReport
    status: PackStatus
    stopped_at: str = Field(default="", description="The stage a blocked run stopped after.")
    decisions: tuple[DecisionRecord, ...] = ()
    stage_versions: dict[str, int] = Field(default_factory=dict)
    providers: dict[str, str] = Field(default_factory=dict)
    scenes: Scenes | None = None
    script: Script | None = None
    timeline: Timeline | None = None
    video: Path | None = Field(default=None, description="The rendered MP4, when there is one.")
