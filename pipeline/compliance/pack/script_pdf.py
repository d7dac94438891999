"""The annotated script as a PDF: the table MLR reviewers mark up, with footnoted references.

One row per line: timecodes in and out, the scene, what is said, what is on screen, the claims it
states (id and footnote number) and the major-statement flag; rows of the major statement are
shaded. The footnotes under the table give each claim's reference, numbered by first use.
"""

from __future__ import annotations

from pathlib import Path

from fpdf.fonts import FontFace

from pipeline.compliance.pack.models import ClaimEntry, PackInputs, ScriptRow
from pipeline.compliance.pack.pdf import FAMILY, HEADINGS, MAJOR_FILL, PackPDF
from pipeline.compliance.pack.tables import claim_marks
from pipeline.compliance.profiles import profile_for

COLUMNS = ("Line", "In", "Out", "Scene", "Spoken", "On screen", "Claims [note]", "Major statement")
WIDTHS = (5, 9, 9, 11, 29, 24, 10, 7)


def write_script_pdf(
    path: Path, inputs: PackInputs, rows: list[ScriptRow], claims: list[ClaimEntry]
) -> Path:
    """annotated-script.pdf."""
    pdf = PackPDF(
        heading="Annotated script", subject=inputs.brief.title, language=inputs.brief.language
    )
    pdf.add_page()
    pdf.paragraph(_preamble(inputs))
    pdf.ln(2)
    if rows:
        _table(pdf, rows, claims)
    else:
        pdf.paragraph("No script: the run stopped before a storyboard was written.")
    pdf.ln(3)
    _footnotes(pdf, claims)
    _unreferenced(pdf, rows)
    pdf.output(str(path))
    return path


def _preamble(inputs: PackInputs) -> str:
    brief, profile = inputs.brief, profile_for(inputs.brief.market)
    lines = [
        f"{brief.video_type} video, market {brief.market}, language {brief.language}. "
        f"Checked under rule profile {profile.id} {profile.version} "
        f"(effective {profile.effective.isoformat()}).",
        "Status: delivered."
        if inputs.status == "delivered"
        else f"Status: blocked after {inputs.stopped_at}; nothing was delivered.",
    ]
    if inputs.timeline is not None:
        t = inputs.timeline
        lines.append(
            f"Timecodes are HH:MM:SS:FF at {t.fps} fps in the delivered video "
            f"({t.width}x{t.height}, {t.frames} frames, {t.duration_s:.2f} s); 'Out' is the "
            "first frame after the line."
        )
    else:
        lines.append("No timecodes: the run stopped before the video was rendered.")
    return "\n".join(lines)


def _table(pdf: PackPDF, rows: list[ScriptRow], claims: list[ClaimEntry]) -> None:
    pdf.set_font(FAMILY, size=8)
    major = FontFace(fill_color=MAJOR_FILL)
    with pdf.table(
        col_widths=WIDTHS,
        headings_style=HEADINGS,
        line_height=3.8,
        text_align="LEFT",
        padding=1,
        repeat_headings=1,
    ) as table:
        table.row(COLUMNS)
        for row in rows:
            cells = table.row(style=major if row.major_statement else None)
            marks = "\n".join(
                part
                for part in (
                    claim_marks(row.claims, claims),
                    f"screen: {claim_marks(row.shown_claims, claims)}" if row.shown_claims else "",
                    f"NO REFERENCE ({row.unreferenced} claim)" if row.unreferenced else "",
                )
                if part
            )
            for text in (
                row.line,
                row.tc_in or "-",
                row.tc_out or "-",
                f"{row.scene} {row.scene_title}",
                row.spoken or "-",
                "\n".join(row.on_screen) or "-",
                marks or "-",
                "MAJOR STATEMENT" if row.major_statement else "",
            ):
                cells.cell(text)
    pdf.set_font(FAMILY, size=9)


def _footnotes(pdf: PackPDF, claims: list[ClaimEntry]) -> None:
    used = sorted((c for c in claims if c.footnote is not None), key=lambda c: c.footnote or 0)
    pdf.paragraph("References", style="B", size=10)
    if not used:
        pdf.paragraph("The script states none of the brief's claims.")
    for claim in used:
        pdf.paragraph(f"[{claim.footnote}] {claim.id} \u201c{claim.text}\u201d: {_cite(claim)}")
    unused = [c for c in claims if c.footnote is None]
    if unused:
        names = "; ".join(f"{c.id} \u201c{c.text}\u201d" for c in unused)
        pdf.paragraph(f"Claims in the brief the video does not make: {names}.")


def _cite(claim: ClaimEntry) -> str:
    parts = [claim.citation + (f", {claim.locator}" if claim.locator else "")]
    if claim.quote:
        parts.append(f"Quote: \u201c{claim.quote}\u201d")
    if claim.file:
        parts.append(f"Copy: {claim.file}")
    return ". ".join(parts) + "."


def _unreferenced(pdf: PackPDF, rows: list[ScriptRow]) -> None:
    bare = [row for row in rows if row.unreferenced]
    if bare:
        pdf.ln(2)
        pdf.paragraph("Claims without a reference in the brief", style="B", size=10)
        for row in bare:
            pdf.paragraph(f"{row.line} ({row.unreferenced}): {row.spoken}")
