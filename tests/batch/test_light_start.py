"""`reelflow batch` starts without the flows: its workers import those (once, in the fork server),
and every second the batch itself spends importing comes before any worker or server starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"flows.registry", "flows.creator", "moviepy", "reelflow.cli", "reelflow.stack"}


def test_a_batch_imports_neither_the_flows_nor_moviepy_nor_the_full_cli(tmp_path):
    sheet = tmp_path / "bad.csv"  # refused by validation: the batch's own path, nothing started
    sheet.write_text("video_type,brand.name\nnot_a_type,Acme\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reelflow", "batch", str(sheet)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "not_a_type" in done.stderr
    imported = {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "prefect.settings" in imported and "reelflow.batch.validate" in imported
    assert not imported & HEAVY
