"""The pack's spreadsheet and JSON files: the annotated script and the claims, row by row.

CSV is what MLR teams open in their review tools and spreadsheets; UTF-8 with a byte-order mark
so Excel shows accents and other scripts correctly. JSON carries the same values for tools.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pipeline.compliance.pack.models import ClaimEntry, ScriptRow

SCRIPT_COLUMNS = (
    "line",
    "scene",
    "scene_title",
    "tc_in",
    "tc_out",
    "major_statement",
    "spoken",
    "on_screen",
    "captions",
    "claims",
    "claims_on_screen",
    "unreferenced_claim",
)
CLAIM_COLUMNS = ("id", "footnote", "claim", "used_at", "citation", "locator", "quote", "file")
JOIN = " | "


def claim_marks(ids: tuple[str, ...], claims: list[ClaimEntry]) -> str:
    """Claim ids with their footnote numbers: "C2 [1]; C3 [2]"."""
    notes = {c.id: c.footnote for c in claims}
    return "; ".join(f"{cid} [{notes.get(cid)}]" for cid in ids)


def write_script_csv(path: Path, rows: list[ScriptRow], claims: list[ClaimEntry]) -> Path:
    """annotated-script.csv: one row per line, timecodes in and out, texts, claims, the flag."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SCRIPT_COLUMNS)
        for row in rows:
            writer.writerow(
                (
                    row.line,
                    row.scene,
                    row.scene_title,
                    row.tc_in,
                    row.tc_out,
                    "yes" if row.major_statement else "no",
                    row.spoken,
                    JOIN.join(row.on_screen),
                    JOIN.join(row.captions),
                    claim_marks(row.claims, claims),
                    claim_marks(row.shown_claims, claims),
                    row.unreferenced,
                )
            )
    return path


def used_at(claim: ClaimEntry) -> str:
    """Where a claim is made, in one cell: "3.2 spoken 00:00:13:07-00:00:16:07; …"."""
    if not claim.uses:
        return "not used"
    return "; ".join(
        f"{use.line} {use.how}" + (f" {use.tc_in}-{use.tc_out}" if use.tc_in else "")
        for use in claim.uses
    )


def write_claims(folder: Path, claims: list[ClaimEntry]) -> tuple[Path, Path]:
    """claims.json and claims.csv: each claim, where it is used and its reference."""
    as_json = folder / "claims.json"
    payload = {"claims": [claim.model_dump(mode="json") for claim in claims]}
    as_json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    as_csv = folder / "claims.csv"
    with as_csv.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CLAIM_COLUMNS)
        for claim in claims:
            writer.writerow(
                (
                    claim.id,
                    claim.footnote or "",
                    claim.text,
                    used_at(claim),
                    claim.citation,
                    claim.locator,
                    claim.quote,
                    claim.file,
                )
            )
    return as_json, as_csv


def read_csv(path: Path) -> list[dict[str, str]]:
    """A pack CSV's rows as dicts (for the diff against an earlier pack)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
