"""A stage's version and the reviewer feedback that produced it.

Version 1 is the first draft; every regenerate adds one and appends its feedback. Generators get
the whole history, so "shorter" followed by "more formal" means both.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

MAX_FEEDBACK_CHARS = 2000
MAX_VARIANTS = 4
"""A regenerate may ask for up to this many versions side by side."""
_SCENE_NOTE = re.compile(r"\bscenes?\s+(\d+(?:\s*(?:,|and|&)\s*\d+)*)\s*[:\-–]", re.IGNORECASE)


class Revision(BaseModel):
    """Which draft of a stage to make, and why it differs from the last one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(default=1, ge=1)
    feedback: tuple[str, ...] = Field(
        default=(), description="One entry per regenerate, oldest first ('' = no comment)."
    )
    variant: int = Field(
        default=0,
        ge=0,
        le=MAX_VARIANTS,
        description="Which of the versions made side by side this is (1…4); 0 when only one.",
    )
    carry: tuple[tuple[int, int], ...] = Field(
        default=(),
        description="Takes carried over from variants picked to regenerate from: (scene, takes), "
        "scene 0 meaning every scene. Kept by every later revision.",
    )

    def next(self, feedback: str = "") -> Revision:
        """The revision a regenerate with `feedback` asks for."""
        return Revision(
            version=self.version + 1, feedback=(*self.feedback, feedback.strip()), carry=self.carry
        )

    def from_pick(self, number: int) -> Revision:
        """The revision continued from its variant `number`: later versions start from its look.

        A variant moves the scenes its feedback named (all when none) `number - 1` takes along;
        a regenerate from it keeps that move, so the slides go on from the pick rather than from
        variant 1 (the writer revises the picked words themselves, given as `previous`).
        """
        shift = number - 1
        if shift <= 0:
            return self.model_copy(update={"variant": 0})
        named = sorted(self.scenes_named()) or [0]
        moved = tuple((scene, shift) for scene in named)
        return self.model_copy(update={"variant": 0, "carry": (*self.carry, *moved)})

    def as_variant(self, number: int) -> Revision:
        """Variant `number` of this revision: same version and feedback, its own wording."""
        return self.model_copy(update={"variant": number})

    def variant_shift(self, index: int) -> int:
        """How far variant k moves scene `index`'s wording: k - 1 where the feedback applies."""
        named = self.scenes_named()
        return max(self.variant - 1, 0) if not named or index in named else 0

    def take(self, index: int) -> int:
        """Scene `index`'s take: 1 plus the regenerates that named it or named no scene.

        "Take" is the one word for how many times a scene was redone: file names, cache keys,
        slide styles, motions and wording all follow it.
        """
        redone = sum(
            1 for text in self.feedback if not (named := scenes_named(text)) or index in named
        )
        return 1 + redone + self.carried(index)

    def carried(self, index: int) -> int:
        """Takes scene `index` carries from variants picked earlier (0 when none was)."""
        return sum(takes for scene, takes in self.carry if scene in (0, index))

    @property
    def latest(self) -> str:
        """The most recent feedback, or an empty string for a first draft."""
        return self.feedback[-1] if self.feedback else ""

    def scenes_named(self) -> frozenset[int]:
        """Scenes the latest feedback names ("scene 3: ...", "scenes 2 and 4: ..."); empty = all."""
        return scenes_named(self.latest)

    def notes_for_scene(self, index: int) -> list[str]:
        """Feedback for scene `index`: notes addressed to it, plus general ones."""
        notes: list[str] = []
        for text in self.feedback:
            parts = _split_by_scene(text)
            notes.extend(note for scene, note in parts if scene in (None, index) and note)
        return notes


def scenes_named(text: str) -> frozenset[int]:
    """Scene numbers addressed in `text` ("scene 3: ...", "scenes 2 and 4 - ...")."""
    found: set[int] = set()
    for match in _SCENE_NOTE.finditer(text):
        found.update(int(n) for n in re.findall(r"\d+", match.group(1)))
    return frozenset(found)


def _split_by_scene(text: str) -> list[tuple[int | None, str]]:
    """Split "make it warmer. scene 2: bigger title" into (None, ...), (2, ...) pieces."""
    matches = list(_SCENE_NOTE.finditer(text))
    if not matches:
        return [(None, text.strip())]
    parts: list[tuple[int | None, str]] = []
    head = text[: matches[0].start()].strip()
    if head:
        parts.append((None, head))
    for i, match in enumerate(matches):
        body_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end() : body_end].strip()
        for n in re.findall(r"\d+", match.group(1)):
            parts.append((int(n), body))
    return parts
