"""`python -m bench.console`: how soon a pause reaches a console client, on loopback.

Starts a private Prefect server (or uses PREFECT_API_URL) and a console in this process, makes
`--runs` tiny moa videos over `/ws/creator`, accepting every stage, and measures for each
`completed` message the time from the run's Paused state (its timestamp) to the client's
receipt. Prints p50/p95/max; issue 12 asks for p50 <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from websockets.sync.client import connect

from pipeline.settings import load_settings
from reelflow.console.app import ConsoleConfig
from reelflow.console.background import console_thread
from reelflow.ephemeral import private_server

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "moa.json"
TINY = {"REELFLOW_SHORT_SIDE": "144", "REELFLOW_FPS": "12", "REELFLOW_X264_PRESET": "ultrafast"}


def review_one(ws_url: str, brief: dict, latencies: list[float]) -> None:
    """Start one run and accept every stage, recording each pause's delivery latency."""
    with connect(ws_url, max_size=1 << 24) as ws:
        ws.send(json.dumps({"action": "start", "video_type": "moa", "payload": brief}))
        while True:
            message = json.loads(ws.recv(timeout=300))
            status = message["status"]
            if status == "completed":
                paused = datetime.fromisoformat(message["paused_at"]).timestamp()
                latencies.append(time.time() - paused)
                print(f"  {message['stage']:<10} v{message['version']}  {latencies[-1]:.3f} s")
                ws.send(json.dumps({"action": "accept", "reviewer": "bench"}))
            elif status in ("pipeline_complete", "stopped", "failed"):
                if status != "pipeline_complete":
                    raise SystemExit(f"run ended {status}: {message.get('message')}")
                return
            elif status == "error":
                raise SystemExit(f"console error: {message['message']}")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by the inclusive method."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when p50 misses the 1 s target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="videos to review (6 pauses each)")
    parser.add_argument("--port", type=int, default=4399)
    parser.add_argument("--reconcile", type=float, default=2.0, help="reconcile period, s")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="reelflow-bench-console-"))
    os.environ.update(TINY | {"REELFLOW_OUTPUT_DIR": str(work / "out")})  # for the child runs
    load_settings.cache_clear()
    brief = json.loads(EXAMPLE.read_text()) | {"target_duration_s": 6}
    brief.pop("video_type", None)
    latencies: list[float] = []
    with private_server(work / "logs"):
        config = ConsoleConfig(
            output_dir=work / "out", log_dir=work / "logs", reconcile_s=args.reconcile
        )
        with console_thread(config, args.port) as url:
            ws_url = url.replace("http://", "ws://") + "/ws/creator"
            for number in range(1, args.runs + 1):
                print(f"run {number} of {args.runs}")
                brief["target_duration_s"] = 5 + number  # a new brief: no cached stages
                review_one(ws_url, brief, latencies)
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    print(f"\npause → completed over {len(latencies)} pauses (loopback):")
    print(f"  p50 {p50:.3f} s   p95 {p95:.3f} s   max {max(latencies):.3f} s   (target p50 ≤ 1 s)")
    return 0 if p50 <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
