"""`python -m bench.check`: how long `reelflow check` takes from the shell, and what it imports.

Issue 11 asks for the brief, scenes and script checks "in about a second": copywriters run it
after every edit. Runs `python -m reelflow check <type> --brief <example>` `--reps` times in fresh
processes (wall time, median), the same through the full CLI (`reelflow.cli`, what `check` cost
before it got its own import path), and `-X importtime` once to list which heavy packages the
command loads (none of Prefect, moviepy, openai with the offline writer).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("prefect", "moviepy", "openai")
FULL_CLI = "import sys; from reelflow.cli import app; sys.argv[0] = 'reelflow'; app()"


def timed(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and exit code of one fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


def heavy_imports(argv: list[str]) -> list[str]:
    """Top-level packages of `HEAVY` that the command imports."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    err = subprocess.run(
        [sys.executable, "-X", "importtime", *argv[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stderr
    names = set(re.findall(r"\|\s+([\w]+)$", err, re.M))
    return [name for name in HEAVY if name in names]


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Measure and print one row per path; returns the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--type", default="product_ad")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    brief = str(ROOT / "examples" / f"{args.type}.json")
    check = [sys.executable, "-m", "reelflow", "check", args.type, "--brief", brief]
    full = [sys.executable, "-c", FULL_CLI, "check", args.type, "--brief", brief]
    results: dict[str, object] = {}
    for name, command in (("reelflow check", check), ("through the full CLI", full)):
        runs = [timed(command) for _ in range(args.reps)]
        codes = {code for _, code in runs}
        if codes != {0}:
            raise SystemExit(f"{name} exited {sorted(codes)} on the example brief")
        results[name] = statistics.median(seconds for seconds, _ in runs)
    results["heavy imports"] = heavy_imports(check)
    print(
        f"| reelflow check {args.type} (median of {args.reps}) "
        f"| {results['reelflow check']:.2f} s |"
    )
    print(f"| the same through the full CLI | {results['through the full CLI']:.2f} s |")
    print(f"| heavy packages imported by check | {', '.join(results['heavy imports']) or 'none'} |")  # type: ignore[arg-type]
    return results


if __name__ == "__main__":
    main()
