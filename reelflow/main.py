"""The `reelflow` command: `check` takes a light import path, everything else the full CLI.

The full CLI imports Prefect, moviepy and the stack tooling (seconds); `reelflow check` is run
by copywriters after every edit and must answer in about a second (see bench/check.py).
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
    from reelflow.cli import app

    sys.exit(app())
