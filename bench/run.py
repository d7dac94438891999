"""`python -m bench.run`: time reelflow's render against the encoder's limit and plain moviepy.

One run renders the same scenes every way, prints a table with ratios and writes
bench/results/<timestamp>.json so runs can be compared between commits.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from PIL import Image

from bench import targets
from bench.baseline import render_baseline
from bench.fixture import Inputs, animate, build_inputs, draw_visual, render
from bench.measure import encoder_limit, gray_frame, peak_tree_rss, sampled_ssim, ssim
from pipeline.briefs import Aspect
from pipeline.media.captions import CaptionOverlay, caption_cues
from pipeline.media.ffmpeg import count_video_frames
from pipeline.media.motion import KenBurns
from pipeline.outputs import Video, Visuals
from pipeline.profile import RenderProfile

RESULTS = Path(__file__).resolve().parent / "results"
STAGES = 6


def options(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; the defaults are the issue's 30 s, 8-scene, 1080p30 video."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--scenes", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--long-seconds", type=float, default=120.0, help="memory check length")
    parser.add_argument("--short-side", type=int, default=1080)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--preset", default="veryfast", help="x264 preset of the main rows")
    parser.add_argument("--compare-presets", default="ultrafast,superfast,veryfast")
    parser.add_argument("--crf", type=int, default=20)
    parser.add_argument("--reps", type=int, default=1, help="repetitions of the render (median)")
    parser.add_argument("--skip", default="", help="comma list of: baseline,flow,memory,presets")
    parser.add_argument("--out", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def median(values: list[float]) -> float:
    """The middle value (the machine is noisy; medians resist one slow run)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def profile_for(args: argparse.Namespace, preset: str) -> RenderProfile:
    """The render profile of the benchmark video at `preset`."""
    return RenderProfile.for_aspect(
        Aspect.landscape,
        short_side=args.short_side,
        fps=args.fps,
        x264_preset=preset,
        crf=args.crf,
    )


def timed_render(inputs: Inputs, reps: int) -> tuple[float, float, Video]:
    """Median seconds of the animations and render stages, each from an empty render cache."""
    animate_s, render_s, video = [], [], None
    for _ in range(reps):
        shutil.rmtree(inputs.workspace.root / "render", ignore_errors=True)
        shutil.rmtree(inputs.workspace.root / "animations", ignore_errors=True)
        start = time.perf_counter()
        animations = animate(inputs)
        middle = time.perf_counter()
        video = render(inputs, animations)
        animate_s.append(middle - start)
        render_s.append(time.perf_counter() - middle)
    assert video is not None
    return median(animate_s), median(render_s), video


def regenerate_one(inputs: Inputs, scene_index: int) -> dict[str, object]:
    """Redraw one scene's slide (a new take), render, and list the segments encoded again."""
    folder = inputs.workspace.root / "render" / "scenes"
    before = {p.name for p in folder.glob("*.mp4")}
    scene = inputs.scenes.scenes[scene_index - 1]
    line = inputs.script.for_scene(scene_index)
    start = time.perf_counter()
    new = draw_visual(inputs.workspace, inputs.brief, scene, line, inputs.profile, take=2)
    inputs.visuals = Visuals(
        items=[new if v.scene_index == scene_index else v for v in inputs.visuals.items]
    )
    video = render(inputs, animate(inputs))
    seconds = time.perf_counter() - start
    used = {Path(name).name for scene in video.scenes for name in scene.files}
    encoded = sorted(used - before)
    frames = sum(count_video_frames(folder / name) for name in encoded)
    return {
        "scene": scene_index,
        "seconds": seconds,
        "segments_encoded": encoded,
        "segments": len(used),
        "scenes": len(video.scenes),
        "video_s_encoded": frames / inputs.profile.fps,
        "video_s": video.duration_s,
    }


def memory_row(args: argparse.Namespace, scratch: Path, seconds: float) -> dict[str, float]:
    """Peak RSS (process + ffmpeg children, summed) of a fresh render of a `seconds` video.

    Slides are drawn here first, so the child's memory is the two stages' alone.
    """
    scenes = max(1, round(args.scenes * seconds / args.seconds))
    root = scratch / f"memory-{round(seconds)}"
    inputs = build_inputs(
        root, scenes=scenes, seconds=seconds, profile=profile_for(args, args.preset)
    )
    saved = root / "inputs.pkl"
    saved.write_bytes(pickle.dumps(inputs))
    peak, wall = peak_tree_rss([sys.executable, "-m", "bench.children", "render", str(saved)])
    return {"seconds": seconds, "scenes": scenes, "peak_rss_mib": peak / 2**20, "wall_s": wall}


def flow_row(args: argparse.Namespace, scratch: Path) -> dict[str, float]:
    """The real moa flow, review off, first run and cached rerun, in a child process."""
    env = dict(os.environ, REELFLOW_SHORT_SIDE=str(args.short_side), REELFLOW_FPS=str(args.fps))
    env["REELFLOW_X264_PRESET"], env["REELFLOW_CRF"] = args.preset, str(args.crf)
    command = [sys.executable, "-m", "bench.children", "flow", str(scratch / "flow-out")]
    command += [str(scratch / "flow-results"), str(max(3.0, args.seconds))]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("BENCH-FLOW ")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"flow child failed:\n{result.stderr[-3000:]}")
    return json.loads(lines[-1].removeprefix("BENCH-FLOW "))


def run(args: argparse.Namespace) -> dict[str, object]:
    """Measure every row; returns the results record (also written as JSON)."""
    skip = set(filter(None, args.skip.split(",")))
    size = (args.short_side * 16 // 9 // 2 * 2, args.short_side // 2 * 2)
    record: dict[str, object] = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpus": os.cpu_count()},
        "video": {"scenes": args.scenes, "seconds": args.seconds, "size": size, "fps": args.fps},
        "preset": args.preset,
        "crf": args.crf,
    }
    with tempfile.TemporaryDirectory(prefix="reelflow-bench-") as tmp:
        scratch = Path(tmp)
        presets = [args.preset]
        if "presets" not in skip:
            presets += [p for p in args.compare_presets.split(",") if p and p != args.preset]
        per_preset: dict[str, dict[str, float]] = {}
        inputs: Inputs | None = None
        video: Video | None = None
        for preset in presets:
            root = scratch / f"render-{preset}"
            attempt = build_inputs(
                root, scenes=args.scenes, seconds=args.seconds, profile=profile_for(args, preset)
            )
            animate_s, render_s, made = timed_render(attempt, args.reps)
            mp4 = attempt.workspace.path(made.mp4)
            limit_s, limit_bytes = encoder_limit(
                mp4, root, size=size, fps=args.fps, preset=preset, crf=args.crf
            )
            (root / "frames.yuv").unlink(missing_ok=True)
            per_preset[preset] = {
                "animations_s": animate_s,
                "render_s": render_s,
                "encoder_limit_s": limit_s,
                "render_over_limit": render_s / limit_s,
                "mp4_bytes": mp4.stat().st_size,
                "limit_mp4_bytes": limit_bytes,
            }
            if preset == args.preset:
                inputs, video = attempt, made
        assert inputs is not None and video is not None
        record["presets"] = per_preset
        main = per_preset[args.preset]
        if "baseline" not in skip:
            baseline_mp4 = scratch / "baseline.mp4"
            start = time.perf_counter()
            render_baseline(inputs, animate(inputs), baseline_mp4)
            baseline_s = time.perf_counter() - start
            mid_times = _mid_scene_times(video, args.fps)
            mp4 = inputs.workspace.path(video.mp4)
            samples = sampled_ssim(mp4, baseline_mp4, size, mid_times)
            record["baseline"] = {
                "seconds": baseline_s,
                "speedup": baseline_s / (main["animations_s"] + main["render_s"]),
                "ssim_min": min(samples),
                "ssim_samples": samples,
                "ssim_times": mid_times,
                "frames": count_video_frames(baseline_mp4),
                "reelflow_frames": count_video_frames(mp4),
            }
        record["look"] = reference_ssim(inputs, video)
        record["regenerate"] = regenerate_one(inputs, min(3, args.scenes))
        if "flow" not in skip:
            flow = flow_row(args, scratch)
            flow["cached_over_first"] = flow["cached"] / flow["first"]
            flow["prefect_overhead_per_stage_s"] = flow["cached"] / STAGES
            flow["compliance_over_first"] = flow["compliance"] / flow["first"]
            record["flow"] = flow
        if "memory" not in skip:
            record["memory"] = [
                memory_row(args, scratch, seconds) for seconds in (args.seconds, args.long_seconds)
            ]
    record["targets"] = [asdict(target) for target in targets.check(record)]
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = args.out / f"{stamp}.json"
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    record["path"] = str(path)
    return record


def reference_ssim(inputs: Inputs, video: Video) -> dict[str, float]:
    """SSIM of the rendered frames against the RGB drawing the render used before (the look).

    The reference frame is the still's crop window resized in RGB by Pillow, with the caption
    pasted over it: moviepy-style effects from `pipeline.media.motion` and `captions`.
    """
    profile = inputs.profile
    size = (profile.width, profile.height)
    animations = animate(inputs)
    values, start = [], 0
    for scene in video.scenes:
        at = scene.frames // 2
        visual = inputs.visuals.for_scene(scene.scene_index)
        animation = animations.for_scene(scene.scene_index)
        with Image.open(inputs.workspace.path(visual.image)) as opened:
            still = opened.convert("RGB")
        span = max(scene.frames - 1, 1)
        frame = KenBurns(animation.motion, size).frame(still, at / span)
        clip = inputs.narration.for_scene(scene.scene_index)
        cues = caption_cues(clip.words, scene.frames / profile.fps)
        CaptionOverlay(cues, size, animation.caption_style).draw(frame, at / profile.fps)
        decoded = gray_frame(inputs.workspace.path(video.mp4), (start + at) / profile.fps, size)
        values.append(ssim(decoded, np.asarray(frame.convert("L"))))
        start += scene.frames
    return {"ssim_min": min(values), "ssim_samples": values}


def _mid_scene_times(video: Video, fps: int) -> list[float]:
    """One sample per scene, in its middle: away from transitions, captions and motion both on."""
    times, start = [], 0
    for scene in video.scenes:
        times.append(round((start + scene.frames / 2) / fps, 3))
        start += scene.frames
    return times


def _short(segment: str) -> str:
    """`scene-03-entry-1a2b3c4d.mp4` → `scene 3 entry`."""
    _, index, part, *_ = segment.split("-")
    return f"scene {int(index)} {part}"


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip()


def table(record: dict[str, object]) -> str:
    """The results as a Markdown table (what bench/README.md shows)."""
    preset = record["preset"]
    presets: dict = record["presets"]  # type: ignore[assignment]
    main = presets[preset]
    limit = main["encoder_limit_s"]
    rows = [
        ("encoder limit: libx264 " + preset + " on the final's raw frames", limit, "1.00× limit")
    ]
    work = main["animations_s"] + main["render_s"]
    rows.append(("reelflow animations + render stages", work, f"{work / limit:.2f}× limit"))
    rows.append(("  of which render", main["render_s"], f"{main['render_over_limit']:.2f}× limit"))
    if "baseline" in record:
        base = record["baseline"]
        rows.append(
            (
                "plain moviepy render (same scenes)",
                base["seconds"],
                f"reelflow {base['speedup']:.1f}× faster; SSIM ≥ {base['ssim_min']:.3f}",
            )
        )
    if "flow" in record:
        flow = record["flow"]
        rows.append(
            (f"whole flow, first run ({flow['first_duration_s']:.1f} s video)", flow["first"], "")
        )
        rows.append(
            (
                "whole flow, cached rerun",
                flow["cached"],
                f"{100 * flow['cached_over_first']:.1f} % of first; "
                f"{flow['prefect_overhead_per_stage_s']:.2f} s per stage",
            )
        )
        rows.append(
            (
                "compliance checks of that run (brief, scenes, script)",
                flow["compliance"],
                f"{100 * flow['compliance_over_first']:.2f} % of the first run",
            )
        )
    look = record["look"]
    rows.append(
        ("look: SSIM vs the RGB drawing of the same frames", None, f"SSIM ≥ {look['ssim_min']:.3f}")
    )
    regen = record["regenerate"]
    rows.append(
        (
            "regenerate one scene's visual + render",
            regen["seconds"],
            f"encoded {', '.join(_short(n) for n in regen['segments_encoded'])} "
            f"({len(regen['segments_encoded'])} of {regen['segments']} segments, "
            f"{regen['video_s_encoded']:.1f} s of {regen['video_s']:.1f} s video); join copied",
        )
    )
    lines = ["| what | seconds | ratio |", "|---|---:|---|"]
    lines += [
        f"| {name} | {'' if seconds is None else f'{seconds:.1f}'} | {ratio} |"
        for name, seconds, ratio in rows
    ]
    for item in record.get("memory", []):
        lines.append(
            f"| peak RSS, render of a {item['seconds']:.0f} s video ({item['scenes']} scenes) "
            f"| {item['wall_s']:.1f} | {item['peak_rss_mib']:.0f} MiB |"
        )
    if "memory" in record and len(record["memory"]) == 2:
        short, long = record["memory"]
        growth = 100 * (long["peak_rss_mib"] / short["peak_rss_mib"] - 1)
        lines.append(
            f"| RSS growth {short['seconds']:.0f} s → {long['seconds']:.0f} s | | {growth:+.1f} % |"
        )
    lines += [
        "",
        "| x264 preset | render s | encoder limit s | render / limit | MP4 size |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, item in presets.items():
        lines.append(
            f"| {name} | {item['render_s']:.1f} | {item['encoder_limit_s']:.1f} | "
            f"{item['render_over_limit']:.2f}× | {item['mp4_bytes'] / 2**20:.1f} MiB |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    record = run(options(argv))
    print(table(record))
    print("\n" + targets.table([targets.Target(**item) for item in record["targets"]]))
    print(f"\nresults: {record['path']}")


if __name__ == "__main__":
    main()
