"""Running a stage's rules once: by the writer on each draft, by the stage only if it was not.

A model-backed writer runs the rules on every draft so it can hand a broken one back to the model
to repair; the stage must still hold a writer that never calls them. `OutputCheck` remembers what
passed, so each output is checked exactly once either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from pipeline.video_types import Brief, spec_for

Output = TypeVar("Output")


class OutputCheck(Generic[Output]):
    """A stage's rules for one output; calling it raises `StageError` on a broken output."""

    def __init__(self, rules: Callable[[Output], None]) -> None:
        self._rules = rules
        self._passed: list[Output] = []

    def __call__(self, output: Output) -> None:
        """Apply the rules; remember `output` when it passes."""
        self._rules(output)
        self._passed.append(output)

    def ensure(self, output: Output) -> Output:
        """`output`, checked now unless this very object already passed."""
        if not any(output is passed for passed in self._passed):
            self(output)
        return output


def no_check(output: object) -> None:
    """The check a writer runs when called outside a stage (tests, tools): none."""


def banned_names_in(brief: Brief, texts: Iterable[str]) -> str:
    """The names the brief's video type keeps out that `texts` contain, quoted, or ''."""
    spec = spec_for(brief)
    named = [name for text in texts for name in spec.banned_names(brief, text)]
    return ", ".join(repr(n) for n in dict.fromkeys(named))
