"""The `reelflow` command: `check` and `batch` take light import paths, the rest the full CLI.

The full CLI imports Prefect, moviepy and the stack tooling (seconds); `reelflow check` is run
by copywriters after every edit and must answer in about a second (see bench/check.py). `reelflow
batch` imports Prefect's settings but not the flows: its worker processes import those, and every
second the batch spends importing before it starts them is a second added to the batch (see
bench/batch.py).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Dispatch `reelflow check …` without loading the rest of the CLI."""
    args = sys.argv[1:]
    if args[:1] == ["check"]:
        from reelflow.check import run_check

        run_check(args[1:])
        return
    if args[:1] == ["batch"]:
        from reelflow.batch.command import run_batch

        run_batch(args[1:])
        return
    from reelflow.cli import app

    sys.exit(app())
