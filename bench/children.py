"""Work the benchmark runs in a child process, so its memory and Prefect state stay its own.

`python -m bench.children render INPUTS.pkl` renders saved inputs (drawn by the parent);
`python -m bench.children flow OUT RESULTS SECONDS` runs the moa flow twice and prints timings.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from pathlib import Path

from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings
from prefect.testing.utilities import prefect_test_harness

from bench.fixture import EXAMPLE, animate, render
from flows.registry import run_here
from flows.review import ReviewPolicy
from pipeline.compliance import check_brief, check_outputs
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.video_types import VideoType, parse_brief


def render_saved(path: Path) -> None:
    """Run the animations and render stages on inputs the parent drew and saved at `path`."""
    inputs = pickle.loads(path.read_bytes())
    render(inputs, animate(inputs))


def run_flow(out: Path, results: Path, seconds: float) -> None:
    """Run the real moa flow (no review) twice as `reelflow run` does; print both run times."""
    # This child process exists for this run alone; settings are read when the flow starts.
    os.environ["REELFLOW_OUTPUT_DIR"] = str(out)
    data = json.loads(EXAMPLE.read_text())
    data["target_duration_s"] = seconds
    brief = parse_brief(data)
    timings = {}
    with prefect_test_harness(server_startup_timeout=120):
        with temporary_settings({PREFECT_LOCAL_STORAGE_PATH: results}):
            for name in ("first", "cached"):
                start = time.perf_counter()
                state = run_here(VideoType.moa, brief, ReviewPolicy.none)
                timings[name] = time.perf_counter() - start
                assert state.is_completed(), state.message
                timings[f"{name}_duration_s"] = state.result().duration_s
    timings["compliance"] = compliance_seconds(brief)
    print("BENCH-FLOW " + json.dumps(timings), flush=True)


def compliance_seconds(brief: object, repeats: int = 20) -> float:
    """What the run's compliance checks cost: the brief gate plus the scenes and script checks.

    The flow runs exactly these three; the storyboard and script are the offline writer's, as in
    the run. The median of `repeats` runs (a check takes milliseconds).
    """
    writer = OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    script = writer.write_script(brief, scenes, Revision())
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        check_brief(brief)
        check_outputs(brief, scenes)
        check_outputs(brief, scenes, script)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    if kind == "render":
        render_saved(Path(args[0]))
    elif kind == "flow":
        run_flow(Path(args[0]), Path(args[1]), float(args[2]))
    else:
        raise SystemExit(f"unknown child {kind!r}")
