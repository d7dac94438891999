"""A whole compliance review without rendering.

The brief, then the scenes and script a writer makes from it: what `reelflow check` runs.
"""

from __future__ import annotations

from pipeline.briefs import BriefBase
from pipeline.compliance.checks import check_brief, check_outputs
from pipeline.compliance.judge import judged
from pipeline.compliance.models import CheckReport
from pipeline.compliance.report import merged
from pipeline.providers.writer import Writer
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script


def compliance_report(brief: BriefBase, writer: Writer) -> CheckReport:
    """Every finding for `brief`: its own, and its first storyboard's and script's.

    With a model writer, the model's overall-impression warnings follow (`judge.py`).
    """
    before = check_brief(brief)
    if before.blocking:
        return before
    scenes = plan_scenes(brief, revision=Revision(), writer=writer)
    script = write_script(brief, scenes, revision=Revision(), writer=writer)
    report = merged(before, check_outputs(brief, scenes, script))
    return judged(brief, scenes, script, report, writer)
