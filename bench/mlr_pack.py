"""`python -m bench.mlr_pack`: what the MLR pack adds to a delivered video, beside the render.

Every delivered video now gets `final/mlr/` (issue 11), so its cost lands on every run. Renders
the benchmark's video once (bench/fixture.py: 8 designed slides, timed narration, 1080p30 by
default), then builds the pack `--reps` times into the same folder (each diffing against the one
before, as reruns do) and prints the render's and the pack's seconds side by side, the pack's
share, its storyboard pages and its size.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.fixture import animate, build_inputs, render
from pipeline.briefs import Aspect
from pipeline.compliance import check_brief, check_outputs
from pipeline.compliance.pack import PackInputs, build_pack
from pipeline.compliance.report import merged
from pipeline.compliance.timeline import video_timeline
from pipeline.profile import RenderProfile


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Measure and print the table rows; returns the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--scenes", type=int, default=8)
    parser.add_argument("--short-side", type=int, default=1080)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    profile = RenderProfile.for_aspect(
        Aspect.landscape, short_side=args.short_side, fps=args.fps, x264_preset="veryfast"
    )
    with tempfile.TemporaryDirectory(prefix="bench-mlr-") as scratch:
        root = Path(scratch) / "out" / "video"
        inputs = build_inputs(root, scenes=args.scenes, seconds=args.seconds, profile=profile)
        start = time.perf_counter()
        animations = animate(inputs)
        video = render(inputs, animations)
        render_s = time.perf_counter() - start
        brief, scenes, script = inputs.brief, inputs.scenes, inputs.script
        pack_runs = []
        for _ in range(args.reps):
            start = time.perf_counter()
            timeline = video_timeline(brief, scenes, script, animations, inputs.narration, video)
            pack = PackInputs(
                brief=brief,
                report=merged(check_brief(brief), check_outputs(brief, scenes, script)),
                status="delivered",
                scenes=scenes,
                script=script,
                timeline=timeline,
                video=inputs.workspace.path(video.mp4),
            )
            folder = build_pack(pack, root)
            pack_runs.append(time.perf_counter() - start)
        pages = len(list((folder / "storyboard.csv").read_text().splitlines())) - 1
        size_mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
    pack_s = statistics.median(pack_runs)
    size = f"{video.width}x{video.height} at {video.fps} fps, {video.duration_s:.1f} s"
    print(f"| animations + render ({size}) | {render_s:.1f} s | 1.00 |")
    print(
        f"| MLR pack (median of {args.reps}; {pages} storyboard pages, {size_mb:.1f} MB) "
        f"| {pack_s:.1f} s | {pack_s / render_s:.2f} |"
    )
    return {"render_s": render_s, "pack_s": pack_s, "pages": pages, "size_mb": size_mb}


if __name__ == "__main__":
    main()
