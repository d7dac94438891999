"""Writers turn a brief into scenes and a script. One module per backend behind `Writer`."""

from __future__ import annotations

from typing import Protocol

from pipeline.briefs import Brief
from pipeline.outputs import Scenes, Script
from pipeline.revision import Revision


class Writer(Protocol):
    """Produces the storyboard and the narration; `revision` carries version and feedback."""

    name: str

    def write_scenes(
        self, brief: Brief, revision: Revision, *, previous: Scenes | None = None
    ) -> Scenes:
        """The ordered scenes for `brief` at `revision.version`, honouring its feedback."""
        ...

    def write_script(
        self, brief: Brief, scenes: Scenes, revision: Revision, *, previous: Script | None = None
    ) -> Script:
        """One narration line per scene, honouring the feedback history."""
        ...
