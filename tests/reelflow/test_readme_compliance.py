"""The README's compliance section stays true: its `reelflow check` example is the command's
exact output, its rules table is the profiles', and it says the checks are not legal advice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline.compliance.rules_table import BEGIN, END, markdown

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMAND = "reelflow check product_ad --brief examples/non-compliant/product_ad.json"


def test_the_readme_shows_the_exact_output_of_reelflow_check_on_the_non_compliant_brief():
    block = README.split(f"```\n$ {COMMAND}\n", 1)[1].split("```", 1)[0]
    result = subprocess.run(
        [sys.executable, "-m", "reelflow", *COMMAND.split()[1:]],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT), "REELFLOW_WRITER": "offline"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert block == result.stdout, "README out of date: paste the command's output into it"


def test_the_readme_rules_table_is_the_profiles():
    table = BEGIN + README.split(BEGIN, 1)[1].split(END, 1)[0] + END
    assert table == markdown(), "regenerate with python -m pipeline.compliance.rules_table"


def test_the_readme_says_the_checks_are_not_legal_advice():
    section = README.split("## Compliance checks", 1)[1].split("\n## ", 1)[0]
    assert "not legal advice" in section and "assist MLR review" in section
