"""The check report and the review audit trail, as the pack carries them.

The report names the rule profile (id, version, effective date) and lists every finding; a
blocking finding a reviewer accepted carries the written waiver, the reviewer and the time from
the audit trail, so MLR sees at once what was waived and by whom. The audit trail is every review
decision of the run, in order, with the hash of the output it was about.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.audit import DecisionRecord
from pipeline.compliance.models import Finding
from pipeline.compliance.pack.models import PackInputs
from pipeline.compliance.profiles import profile_for
from pipeline.compliance.report import report_text


def waivers(decisions: tuple[DecisionRecord, ...]) -> dict[str, DecisionRecord]:
    """Per reviewed stage, the last accept that carries a written waiver."""
    found: dict[str, DecisionRecord] = {}
    for record in decisions:
        if record.decision == "accept" and record.waiver.strip():
            found[record.stage] = record
    return found


def _waiver_for(finding: Finding, waived: dict[str, DecisionRecord]) -> DecisionRecord | None:
    # brief findings are shown (and so waived) with the storyboard, the first reviewed stage
    stage = "scenes" if finding.stage == "brief" else finding.stage
    return waived.get(stage) if finding.severity == "block" else None


def _waiver_record(record: DecisionRecord) -> dict[str, object]:
    return {
        "text": record.waiver,
        "reviewer": record.reviewer,
        "at": record.at.isoformat(),
        "stage": record.stage,
        "version": record.version,
    }


def report_document(inputs: PackInputs) -> dict[str, object]:
    """check-report.json: the profile, every finding (with its waiver), and the verdict."""
    profile = profile_for(inputs.brief.market)
    waived = waivers(inputs.decisions)
    pairs = [(f, _waiver_for(f, waived)) for f in inputs.report.findings]
    return {
        "profile": profile.id,
        "profile_version": profile.version,
        "profile_effective": profile.effective.isoformat(),
        "profile_title": profile.title,
        "status": inputs.status,
        "stopped_at": inputs.stopped_at,
        "blocking": len(inputs.report.blocking),
        "blocking_unwaived": sum(1 for f, w in pairs if f.severity == "block" and w is None),
        "warnings": len(inputs.report.findings) - len(inputs.report.blocking),
        "findings": [
            f.model_dump(mode="json") | {"waiver": _waiver_record(w) if w else None}
            for f, w in pairs
        ],
    }


def write_report(folder: Path, inputs: PackInputs) -> tuple[Path, Path]:
    """check-report.json and check-report.txt."""
    document = report_document(inputs)
    as_json = folder / "check-report.json"
    as_json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    where = (
        "the delivered video"
        if inputs.status == "delivered"
        else f"this video at its {inputs.stopped_at}"
    )
    text = report_text(inputs.report, subject=f"{inputs.brief.title}, {where}")
    waived = waivers(inputs.decisions)
    lines = [
        f"WAIVED {f.rule_id} by {w.reviewer or 'a reviewer'} ({w.stage} v{w.version}, "
        f"{w.at.isoformat(timespec='seconds')}): {w.waiver}"
        for f in inputs.report.findings
        if (w := _waiver_for(f, waived)) is not None
    ]
    if lines:
        text += "\n\nWaivers (from the review audit trail):\n" + "\n".join(lines)
    as_text = folder / "check-report.txt"
    as_text.write_text(text + "\n", encoding="utf-8")
    return as_json, as_text


def write_audit(folder: Path, inputs: PackInputs) -> Path:
    """audit-trail.json: every review decision of the run, oldest first."""
    path = folder / "audit-trail.json"
    payload = {
        "status": inputs.status,
        "stopped_at": inputs.stopped_at,
        "stage_versions": inputs.stage_versions,
        "decisions": [json.loads(r.model_dump_json()) for r in inputs.decisions],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
