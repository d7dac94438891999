"""Writers turn a brief into scenes and a script. One module per backend behind `Writer`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pipeline.checks import no_check
from pipeline.outputs import Scenes, Script
from pipeline.revision import Revision
from pipeline.video_types import Brief


class Writer(Protocol):
    """Produces the storyboard and the narration; `revision` carries version and feedback.

    `check` is the stage's rules: a writer runs it on what it is about to return (raising
    `StageError` if broken), and may use the complaint to try again, as a model-backed one does.
    """

    name: str

    def write_scenes(
        self,
        brief: Brief,
        revision: Revision,
        *,
        previous: Scenes | None = None,
        check: Callable[[Scenes], None] = no_check,
    ) -> Scenes:
        """The ordered scenes for `brief` at `revision.version`, honouring its feedback."""
        ...

    def write_script(
        self,
        brief: Brief,
        scenes: Scenes,
        revision: Revision,
        *,
        previous: Script | None = None,
        check: Callable[[Script], None] = no_check,
    ) -> Script:
        """One narration line per scene, honouring the feedback history."""
        ...
