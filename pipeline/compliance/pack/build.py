"""Making the MLR pack: every file written in a scratch folder, then swapped in whole.

A half-written pack is worse than none (a reviewer could approve a PDF whose CSV is missing), so
the files are made beside the target and renamed into place only when all of them, the diff and
the manifest exist; the pack it replaces is read first, for the diff.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from pipeline.compliance.pack.diff import (
    PackSnapshot,
    diff_text,
    pack_diff,
    pack_key,
    previous_pack,
)
from pipeline.compliance.pack.frames import storyboard_frames
from pipeline.compliance.pack.manifest import MANIFEST, file_entries, manifest_document
from pipeline.compliance.pack.models import ClaimEntry, PackInputs
from pipeline.compliance.pack.review import write_audit, write_report
from pipeline.compliance.pack.rows import claim_entries, script_rows
from pipeline.compliance.pack.script_pdf import write_script_pdf
from pipeline.compliance.pack.storyboard import write_storyboard
from pipeline.compliance.pack.tables import write_claims, write_script_csv


def build_pack(inputs: PackInputs, video_folder: Path, *, history_root: Path | None = None) -> Path:
    """Write the pack to `video_folder/final/mlr` (replacing any there) and return that folder.

    `history_root` holds the folders of earlier videos (default: `video_folder`'s parent, the
    output directory); the newest pack there of the same brief is the one the diff compares with.
    """
    target = video_folder / "final" / "mlr"
    key = pack_key(inputs.brief.video_type, inputs.brief.title, inputs.brief.language)
    before = previous_pack(history_root or video_folder.parent, key)
    previous = PackSnapshot.read(before) if before is not None else None
    scratch = target.with_name(f".mlr-{uuid.uuid4().hex[:12]}")
    scratch.mkdir(parents=True)
    try:
        pages = _write_files(scratch, inputs)
        document = manifest_document(
            inputs, key=key, video_folder=video_folder, storyboard_pages=pages
        )
        changes = pack_diff(previous, PackSnapshot.read(scratch).with_manifest(document))
        (scratch / "diff.json").write_text(
            json.dumps(changes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (scratch / "diff.txt").write_text(diff_text(changes) + "\n", encoding="utf-8")
        document["files"] = file_entries(scratch)
        (scratch / MANIFEST).write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _swap(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return target


def _write_files(folder: Path, inputs: PackInputs) -> int | None:
    """Every file but the diff and the manifest; the storyboard's page count (None: no video)."""
    rows = script_rows(inputs)
    claims = claim_entries(inputs, rows)
    write_script_csv(folder / "annotated-script.csv", rows, claims)
    write_script_pdf(folder / "annotated-script.pdf", inputs, rows, claims)
    write_claims(folder, claims)
    _copy_references(folder, inputs, claims)
    write_report(folder, inputs)
    write_audit(folder, inputs)
    if inputs.video is None or inputs.timeline is None or not inputs.video.is_file():
        return None
    frames = storyboard_frames(inputs.timeline)
    write_storyboard(folder, inputs, frames)
    return len(frames)


def _copy_references(folder: Path, inputs: PackInputs, claims: list[ClaimEntry]) -> None:
    """The reference files the brief names, copied in so the pack stands on its own."""
    for claim, entry in zip(inputs.brief.claims, claims, strict=True):
        source = claim.reference.file
        if source is not None and entry.file and source.is_file():
            target = folder / entry.file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def _swap(scratch: Path, target: Path) -> None:
    """Put `scratch` where `target` is, in two renames (the old pack is removed after)."""
    old = target.with_name(f".mlr-old-{uuid.uuid4().hex[:12]}")
    if target.exists():
        target.rename(old)
    scratch.rename(target)
    shutil.rmtree(old, ignore_errors=True)
