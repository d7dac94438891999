"""`python -m bench.batch`: a batch of short videos against the same videos made one by one.

Issue 15's row: "a batch of 12 short videos takes at most 1.15× the sum of the same videos made
one by one, with at most 1 s of orchestration overhead per video". One run makes the same twelve
briefs (two per type, tiny frames) four ways, each from empty caches:

- one by one: `reelflow run` per video, one after another (each starts its own private server);
- `reelflow batch --concurrency 1` and with the default concurrency;
- the design not taken: `reelflow run` per video against one shared server, as many at once as
  the batch runs (what the batch would cost if each video were a fresh process).

Orchestration overhead per video is the batch's wall time beyond the videos' own work, per
video: (wall − Σ flow time / concurrency) / videos. A video's flow time is what its worker measures
around the flow call, from handing Prefect the brief to the run's final state: the video's own
work plus what Prefect does for any run (creating the flow run, task-run states, results), which
the same video made alone pays too. Everything else is the batch's: starting the CLI, reading and
validating the sheet, starting the workers and the private server, handing out rows, progress and
summary writes, stopping, and a slot left idle at the end. For the rows with no flow times of their
own (one by one, and one server), those of the sequential batch stand in. The JSON also keeps the
stricter slot-time form, (wall × concurrency − Σ flow time) / videos, which counts every idle slot.

`--reps N` makes each batch row N times, alternating the two (the one-by-one row once: it takes
minutes), and quotes medians; the ratio is the batch's median wall over the one-by-one sum of the
same run. Prints a table and the issue's two rows with met / NOT met, and writes
bench/results/batch-<timestamp>.json (git-ignored; bench/README.md quotes the run it reports).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
EXAMPLES = ROOT / "examples"
TYPES = [
    "product_ad", "moa", "doctor_ad", "social_media", "compliance_video", "disease_awareness"
]  # fmt: skip
RATIO_TARGET = 1.15
OVERHEAD_TARGET_S = 1.0


def options(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; the defaults are the issue's twelve short videos at tiny frames."""
    parser = argparse.ArgumentParser(prog="python -m bench.batch", description=__doc__)
    parser.add_argument("--videos", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=4.0, help="target_duration_s of each")
    parser.add_argument("--short-side", type=int, default=144)
    parser.add_argument("--fps", type=int, default=12)
    parser.add_argument("--concurrency", type=int, default=2, help="the batch's default is 2")
    parser.add_argument("--skip", default="", help="comma list of: singles,shared")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--reps", type=int, default=1, help="batch runs of each row (median)")
    parser.add_argument("--keep", action="store_true", help="keep the videos and logs")
    return parser.parse_args(argv)


def briefs(count: int, seconds: float) -> list[dict[str, Any]]:
    """`count` distinct short briefs, cycling through the types (brand names tell them apart)."""
    made = []
    for index in range(count):
        kind = TYPES[index % len(TYPES)]
        data = json.loads((EXAMPLES / f"{kind}.json").read_text())
        data["target_duration_s"] = seconds
        data["brand"]["name"] = f"{data['brand']['name']} {index + 1}"
        if kind == "product_ad":  # a short ad: the required safety text sets its length
            data["safety_information"] = "Not for use during MRI scans."
        made.append(data)
    return made


def write_sheet(path: Path, data: list[dict[str, Any]]) -> None:
    """The briefs as a JSON Lines batch sheet: one nested brief per line.

    JSON Lines keeps every brief whole (the product ad's referenced claims are a list of groups,
    which a CSV cell cannot hold), so the batch makes exactly the videos `reelflow run` makes.
    """
    path.write_text("".join(json.dumps(d) + "\n" for d in data), encoding="utf-8")


class Bench:
    """The work folder, the environment every command runs with, and the timed commands."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
        self.env = base | {
            "PYTHONPATH": str(ROOT),
            "PREFECT_HOME": str(work / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "REELFLOW_FPS": str(args.fps),
            "REELFLOW_X264_PRESET": "ultrafast",
        }

    def command(self, args: list[str], name: str, env: dict[str, str] | None = None) -> float:
        """Run `python -m reelflow ...` with its own empty result store; return its wall time."""
        env = (env or self.env) | {"PREFECT_LOCAL_STORAGE_PATH": str(self.work / name / "res")}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "reelflow", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args[:3])} failed:\n{(done.stdout + done.stderr)[-3000:]}")
        return took

    def warm_up(self) -> None:
        """Create the Prefect database once, so no measured command pays for it."""
        code = "from pathlib import Path\nfrom reelflow.ephemeral import private_server\n"
        code += f"with private_server(Path({str(self.work / 'logs')!r})): pass\n"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=self.env, check=True)

    def single(self, index: int, kind: str, name: str, env: dict[str, str] | None = None) -> float:
        """One `reelflow run` of brief `index`."""
        brief = self.work / "briefs" / f"{index:02d}-{kind}.json"
        out = self.work / name / "out"
        args = ["run", kind, "--brief", str(brief), "--short-side", str(self.args.short_side)]
        return self.command([*args, "--output", str(out)], f"{name}/{index:02d}", env)

    def batch(self, concurrency: int, rep: int = 0) -> tuple[float, list[float]]:
        """`reelflow batch` of the sheet; its wall time and the workers' per-video times."""
        name = f"batch-c{concurrency}-{rep}"
        out = self.work / name / "out"
        args = ["batch", str(self.work / "sheet.jsonl"), "--output", str(out)]
        args += ["--short-side", str(self.args.short_side), "--concurrency", str(concurrency)]
        wall = self.command(args, name)
        summary = json.loads((out / "batch-sheet-summary.json").read_text())
        if any(row["status"] != "delivered" for row in summary["rows"]):
            raise SystemExit(f"{name}: not every video was delivered: {summary['counts']}")
        return wall, [row["seconds"] for row in summary["rows"]]

    def shared_server(self, kinds: list[str]) -> float:
        """`reelflow run` per video, `concurrency` at once, all reporting to one private server."""
        # Prefect reads its settings on import: point them at the bench's home first.
        os.environ["PREFECT_HOME"] = self.env["PREFECT_HOME"]
        os.environ.pop("PREFECT_API_URL", None)
        from reelflow.ephemeral import private_server

        started = time.perf_counter()
        with private_server(self.work / "logs") as api_url:
            env = self.env | {"PREFECT_API_URL": api_url}
            with ThreadPoolExecutor(self.args.concurrency) as pool:
                list(pool.map(lambda i: self.single(i, kinds[i], "shared", env), range(len(kinds))))
        return time.perf_counter() - started


def row(
    name: str, runs: list[tuple[float, list[float]]], slots: int, singles: float | None
) -> dict[str, Any]:
    """One table row from one or more runs (wall time, flow times): medians of each figure."""
    walls = [wall for wall, _ in runs]
    overheads = [(wall - sum(flows) / slots) / len(flows) for wall, flows in runs]
    slot_overheads = [(wall * slots - sum(flows)) / len(flows) for wall, flows in runs]
    wall = statistics.median(walls)
    return {
        "name": name,
        "wall_s": wall,
        "walls_s": walls,
        "concurrency": slots,
        "ratio": wall / singles if singles else None,
        "overhead_per_video_s": statistics.median(overheads),
        "overheads_per_video_s": overheads,
        "slot_overhead_per_video_s": statistics.median(slot_overheads),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Measure every row once, print the table, write the JSON record."""
    args = options(argv)
    skip = set(filter(None, args.skip.split(",")))
    work = Path(tempfile.mkdtemp(prefix="reelflow-bench-batch-"))
    try:
        data = briefs(args.videos, args.seconds)
        (work / "briefs").mkdir()
        kinds = [d["video_type"] for d in data]
        for index, brief in enumerate(data):
            path = work / "briefs" / f"{index:02d}-{brief['video_type']}.json"
            path.write_text(json.dumps(brief))
        write_sheet(work / "sheet.jsonl", data)
        bench = Bench(args, work)
        bench.warm_up()
        record: dict[str, Any] = {
            "time": datetime.now(UTC).isoformat(),
            "cpus": os.cpu_count(),
            "load_before": os.getloadavg(),
            "options": {k: str(v) for k, v in vars(args).items()},
        }
        singles = None
        if "singles" not in skip:
            record["singles_s"] = [bench.single(i, k, "singles") for i, k in enumerate(kinds)]
            singles = sum(record["singles_s"])
        runs_1, runs_n = [], []
        for rep in range(args.reps):  # alternating, so a drift in the machine's load hits both
            runs_1.append(bench.batch(1, rep))
            runs_n.append(bench.batch(args.concurrency, rep))
        flows_1 = runs_1[0][1]  # stand-in flow times for the rows without their own
        rows = []
        if singles is not None:
            rows.append(row("one by one (reelflow run)", [(singles, flows_1)], 1, singles))
        rows.append(row("batch --concurrency 1", runs_1, 1, singles))
        slots = args.concurrency
        rows.append(row(f"batch --concurrency {slots}", runs_n, slots, singles))
        if "shared" not in skip:
            shared = bench.shared_server(kinds)
            rows.append(
                row(f"reelflow run ×{slots}, one server", [(shared, flows_1)], slots, singles)
            )
        record |= {
            "rows": rows,
            "flow_s_c1": [flows for _, flows in runs_1],
            "flow_s_cn": [flows for _, flows in runs_n],
            "targets": targets(rows, args.concurrency),
        }
        record["load_after"] = os.getloadavg()
        _print(record, args)
        args.out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        (args.out / f"batch-{stamp}.json").write_text(json.dumps(record, indent=2))
        return record
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def targets(rows: list[dict[str, Any]], concurrency: int) -> list[dict[str, Any]]:
    """Issue 15's two rows, judged on the batch as a user runs it (the default concurrency)."""
    batch = next(r for r in rows if r["name"] == f"batch --concurrency {concurrency}")
    return [
        {
            "target": f"batch ≤ {RATIO_TARGET}× the one-by-one sum",
            "value": None if batch["ratio"] is None else f"{batch['ratio']:.2f}×",
            "met": None if batch["ratio"] is None else batch["ratio"] <= RATIO_TARGET,
        },
        {
            "target": f"orchestration overhead ≤ {OVERHEAD_TARGET_S:g} s per video",
            "value": f"{batch['overhead_per_video_s']:.2f} s",
            "met": batch["overhead_per_video_s"] <= OVERHEAD_TARGET_S,
        },
    ]


def _print(record: dict[str, Any], args: argparse.Namespace) -> None:
    load = record["load_before"][0]
    print(
        f"\n{args.videos} videos, {args.seconds:g} s briefs, {args.short_side}p {args.fps} fps, "
        f"{record['cpus']} CPUs, load average {load:.1f} before; batch rows: median of "
        f"{args.reps}"
    )
    print(f"{'':34} {'wall s':>8} {'× Σ one-by-one':>15} {'overhead/video s':>17}")
    for r in record["rows"]:
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "–"
        print(f"{r['name']:34} {r['wall_s']:8.1f} {ratio:>15} {r['overhead_per_video_s']:17.2f}")
    print(f"\nIssue 15, batch --concurrency {args.concurrency} (the default):")
    for t in record["targets"]:
        verdict = (
            "not measured (--skip singles)"
            if t["met"] is None
            else ("met" if t["met"] else "NOT met")
        )
        print(f"  {t['target']:44} {t['value'] or '–':>8}  {verdict}")


if __name__ == "__main__":
    main()
