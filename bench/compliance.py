"""`python -m bench.compliance`: what the compliance checks add to a full offline run (issue 11).

Issue 11 allows the checks at most 5 % of a full offline run. This runs the real flow of each
`--types` example (offline writer, slides and speech; review none; 1080p30 unless REELFLOW_*
says otherwise) in a fresh output folder under Prefect's test harness, and times, inside that
same run, every compliance call the flow makes: the brief gate, the checks after the scenes and
script stages, and the render-timing checks (timeline, the text as drawn, the rules). Prints one
row per type: the run's wall time, the checks' time and their share.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.05


def _timed(spent: list[float], function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    return wrapper


def measure(video_type: str) -> dict[str, float | str]:
    """One full offline run of the type's example, and the seconds its checks took inside it."""
    from prefect.testing.utilities import prefect_test_harness

    import flows.creator as creator
    from flows.registry import run_here
    from flows.review import ReviewPolicy
    from pipeline.settings import load_settings
    from pipeline.video_types import VideoType, parse_brief

    spent: list[float] = []
    saved = {name: os.environ.get(name) for name in ("REELFLOW_OUTPUT_DIR", "REELFLOW_WRITER")}
    gate, report = creator.brief_gate, creator.stage_report
    creator.brief_gate, creator.stage_report = _timed(spent, gate), _timed(spent, report)
    brief = parse_brief(json.loads((ROOT / "examples" / f"{video_type}.json").read_text()))
    try:
        with tempfile.TemporaryDirectory() as out, prefect_test_harness(server_startup_timeout=120):
            os.environ["REELFLOW_OUTPUT_DIR"] = out
            os.environ["REELFLOW_WRITER"] = "offline"
            load_settings.cache_clear()
            start = time.perf_counter()
            state = run_here(VideoType(video_type), brief, ReviewPolicy.none)
            run_s = time.perf_counter() - start
            assert state.is_completed(), state.message
            duration = state.result().duration_s
    finally:
        creator.brief_gate, creator.stage_report = gate, report
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        load_settings.cache_clear()
    checks_s = sum(spent)
    return {
        "type": video_type,
        "video_s": duration,
        "run_s": run_s,
        "checks_s": checks_s,
        "calls": len(spent),
        "share": checks_s / run_s,
    }


def main() -> None:
    """Measure each type and print the table rows (and the records as JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--types", nargs="+", default=["product_ad", "social_media"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [measure(kind) for kind in args.types]
    if args.json:
        print(json.dumps(rows, indent=2))
    print("| type | video s | full offline run s | checks s (calls) | checks / run | ≤ 5 % |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        met = "met" if row["share"] <= TARGET else "NOT met"
        print(
            f"| {row['type']} | {row['video_s']:.1f} | {row['run_s']:.1f} | "
            f"{row['checks_s']:.2f} ({row['calls']}) | {100 * row['share']:.2f} % | {met} |"
        )


if __name__ == "__main__":
    main()
