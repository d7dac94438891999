"""Findings as people read them: a terminal report, a review-page section, and JSON.

Every finding shows the rule, its source, its severity and the evidence, so a reviewer can judge
it without looking anything up. The same words head every format: the checks assist MLR review
and are not legal advice.
"""

from __future__ import annotations

from pipeline.compliance.models import CheckReport, Finding

DISCLAIMER = "These checks assist MLR review; they are not legal advice."


def merged(*reports: CheckReport) -> CheckReport:
    """One report holding every finding of `reports` (same profile)."""
    first = reports[0]
    findings = tuple(f for report in reports for f in report.findings)
    return first.model_copy(update={"stage": "all", "findings": findings})


def report_text(report: CheckReport, *, subject: str) -> str:
    """The report for a terminal: one paragraph per finding, then the count."""
    lines = [f"Compliance check of {subject} under {report.profile} {report.profile_version}."]
    for finding in report.findings:
        lines += ["", *_finding_lines(finding)]
    blocking, warnings = len(report.blocking), len(report.findings) - len(report.blocking)
    verdict = "nothing blocks" if not blocking else f"{blocking} blocking"
    lines += ["", f"{verdict}, {warnings} warning(s). {DISCLAIMER}"]
    return "\n".join(lines)


def _finding_lines(finding: Finding) -> list[str]:
    label = "BLOCK" if finding.severity == "block" else "WARN "
    lines = [f"{label} {finding.rule_id}: {finding.message}"]
    for item in finding.evidence:
        measured = f" [{item.measured}]" if item.measured else ""
        lines.append(f'      {item.where}: "{item.text}"{measured}')
    lines.append(f"      rule: {finding.rule} (source: {finding.source})")
    return lines


def report_markdown(report: CheckReport) -> str:
    """The Compliance section of a review page."""
    head = f"### Compliance ({report.profile} {report.profile_version})"
    if not report.findings:
        return f"{head}\n\nNo findings. _{DISCLAIMER}_"
    rows = ["| | Rule | Finding | Evidence | Source |", "|---|---|---|---|---|"]
    for f in report.findings:
        evidence = "; ".join(f"{e.where}: “{e.text}”" for e in f.evidence) or "—"
        icon = "⛔ block" if f.severity == "block" else "⚠️ warn"
        rows.append(
            f"| {icon} | {f.rule_id} | {_cell(f.message)} | {_cell(evidence)} | {_cell(f.source)} |"
        )
    note = (
        "**Blocking findings**: accepting needs a written waiver (the *waiver* field), recorded "
        "with your name in the audit trail."
        if report.blocking
        else ""
    )
    return "\n\n".join(part for part in (head, "\n".join(rows), note, f"_{DISCLAIMER}_") if part)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
