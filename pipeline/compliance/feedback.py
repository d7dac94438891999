"""Findings as writer feedback: what a regenerate asks the writer to change.

A reviewer who regenerates a stage with findings on it wants them fixed, not re-read. Findings
that point at words (a lexicon phrase, an unreferenced claim, a product name) become "remove …"
notes, the directive every writer understands: the offline writer drops the sentence or bullet
about it, a model reads it as an instruction. Findings the writer cannot fix (a field missing
from the brief) are left to the reviewer.
"""

from __future__ import annotations

import re

from pipeline.compliance.models import CheckReport

REMOVABLE = frozenset({"misleading-phrase", "new-wording", "no-product-names", "claims-referenced"})


def findings_feedback(report: CheckReport | None) -> str:
    """One "remove …" note per removable finding, newest wording first; '' when none."""
    if report is None:
        return ""
    notes: list[str] = []
    for finding in report.findings:
        if finding.rule_id not in REMOVABLE:
            continue
        for item in finding.evidence:
            words = item.text if finding.rule_id == "claims-referenced" else item.measured
            words = _topic(words)
            note = f"remove {words}"
            if words and note not in notes:
                notes.append(note)
    return "\n".join(notes)


def _topic(text: str) -> str:
    """The words to remove: a sentence without its ordinal lead ("Fourth:") or end stop."""
    text = re.sub(r"^\s*[\w ]{1,20}:\s+", "", text.split(",")[0] if "," in text else text)
    return re.sub(r"[.;:!?]+$", "", text).strip().strip("'\"")
