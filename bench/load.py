"""`python -m bench.load`: issue 13's load row, SQLite and PostgreSQL side by side.

For each database: a real stack (`reelflow.stack.up`) plus a second worker; `--runs` unattended
runs triggered over REST (throughput, lost runs, 503s seen), then `--paused` runs resumed at once
(resume-to-running latency). bench/README.md says what it measures and shows a run's numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx

from reelflow.errors import StackError
from reelflow.stack import POOL, Stack, down, stack_env, stop_pid, up

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
EXAMPLE = ROOT / "examples" / "moa.json"
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
TINY = {
    "REELFLOW_SHORT_SIDE": "90",
    "REELFLOW_FPS": "6",
    "REELFLOW_X264_PRESET": "ultrafast",
    "REELFLOW_REVIEW_POLL_S": "1",
}


class GaveUp(Exception):
    """A request that kept failing, or a run that never got where it was expected to."""


def options(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; the defaults are issue 13's 60 unattended and 20 paused runs."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--runs", type=int, default=60, help="unattended runs (throughput)")
    parser.add_argument("--paused", type=int, default=20, help="paused runs (resume latency)")
    parser.add_argument("--dbs", default="sqlite,postgres", help="comma list of databases")
    parser.add_argument("--threads", type=int, default=8, help="client threads that trigger")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait per phase")
    parser.add_argument("--out", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def free_port() -> int:
    """A TCP port nobody listens on right now (each stack gets its own)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """Plain REST with the retries any caller needs, counting the 503s and 429s it absorbs.

    The counts are the point: a server that sheds load answers 503, and the goal is that
    PostgreSQL never has to.
    """

    def __init__(self, api: str) -> None:
        self.api = api
        self.http = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=64))
        self.lock = threading.Lock()
        self.counts = {"503": 0, "429": 0, "timeouts": 0}

    def _count(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1

    def call(self, method: str, path: str, **kwargs) -> httpx.Response:
        """One request, retried on 503/429 and transport errors with a growing pause."""
        for attempt in range(60):
            try:
                response = self.http.request(method, f"{self.api}{path}", **kwargs)
            except httpx.TransportError:
                self._count("timeouts")
            else:
                if response.status_code not in (429, 503):
                    return response
                self._count(str(response.status_code))
            time.sleep(min(0.5 * (attempt + 1), 3))
        raise GaveUp(f"{method} {path} kept failing")

    def trigger(self, deployment_id: str, parameters: dict) -> str:
        """Create one run of the deployment; its id."""
        path = f"/deployments/{deployment_id}/create_flow_run"
        response = self.call("POST", path, json={"parameters": parameters})
        if not response.is_success:
            raise GaveUp(f"create_flow_run answered {response.status_code}: {response.text[:200]}")
        return response.json()["id"]

    def state(self, run_id: str) -> dict:
        """The run's current state (type, details)."""
        return self.call("GET", f"/flow_runs/{run_id}").json()["state"] or {"type": "NONE"}

    def states(self, run_ids: list[str]) -> dict[str, str]:
        """State types of many runs in one request (missing runs are absent)."""
        found: dict[str, str] = {}
        for start in range(0, len(run_ids), 200):
            chunk = run_ids[start : start + 200]
            body = {"flow_runs": {"id": {"any_": chunk}}, "limit": 200}
            for run in self.call("POST", "/flow_runs/filter", json=body).json():
                found[run["id"]] = (run.get("state") or {}).get("type", "NONE")
        return found


def brief(drug: str) -> dict:
    """A 4 s moa brief; the drug name makes it distinct, so no stage is a cache hit."""
    return json.loads(EXAMPLE.read_text()) | {"drug_name": drug, "target_duration_s": 4}


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100) by the inclusive method; None without values."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def wait_final(client: Client, run_ids: list[str], timeout_s: float) -> dict[str, str]:
    """Poll until every run is final or time runs out; the last state type of each."""
    deadline = time.monotonic() + timeout_s
    seen: dict[str, str] = {}
    while time.monotonic() < deadline:
        seen = client.states(run_ids)
        if all(seen.get(r) in FINAL for r in run_ids):
            break
        time.sleep(2)
    return seen


def throughput(client: Client, deployment_id: str, args: argparse.Namespace) -> dict:
    """Phase 1: trigger the runs from a thread pool and time until all are final."""
    before = dict(client.counts)
    drugs = [f"Drug{n:02d}" for n in range(1, args.runs + 1)]
    params = [{"brief": brief(d), "review": "none"} for d in drugs]
    started = time.monotonic()
    with ThreadPoolExecutor(args.threads) as pool:
        futures = [pool.submit(client.trigger, deployment_id, p) for p in params]
    run_ids, errors = [], []
    for future in futures:
        try:
            run_ids.append(future.result())
        except GaveUp as error:
            errors.append(str(error))
    triggered_s = time.monotonic() - started
    print(f"  triggered {len(run_ids)}/{args.runs} in {triggered_s:.1f} s; waiting for them")
    seen = wait_final(client, run_ids, args.timeout)
    wall_s = time.monotonic() - started
    types = [seen.get(r, "MISSING") for r in run_ids]
    completed = types.count("COMPLETED")
    by_type = {t: types.count(t) for t in sorted(set(types))}
    return {
        "runs": args.runs,
        "triggered": len(run_ids),
        "trigger_errors": errors,
        "trigger_s": round(triggered_s, 2),
        "wall_s": round(wall_s, 1),
        "runs_per_min": round(completed / wall_s * 60, 2),
        "completed": completed,
        "lost": args.runs - completed,
        "states": by_type,
        "client_503": client.counts["503"] - before["503"],
        "client_429": client.counts["429"] - before["429"],
        "client_timeouts": client.counts["timeouts"] - before["timeouts"],
    }


def wait_for_form(client: Client, run_id: str, timeout_s: float) -> str:
    """Wait until the run is paused AND its form schema is saved; return the pause key."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = client.state(run_id)
        if state["type"] == "PAUSED":
            key = state["state_details"]["pause_key"]
            path = f"/flow_runs/{run_id}/input/paused-{key}-schema"
            if client.call("GET", path).status_code == 200:
                return key
        elif state["type"] in FINAL:
            raise GaveUp(f"run {run_id} ended {state['type']} before its first pause")
        time.sleep(0.5)
    raise GaveUp(f"run {run_id} did not pause within {timeout_s:.0f} s")


def resume_and_time(client: Client, run_id: str, key: str, go: threading.Event) -> float:
    """Resume at the signal and return seconds from the POST to the run seen RUNNING."""
    answer = {
        "decision": "accept",
        "feedback": "",
        "reviewer": "bench",
        "pause": key.rsplit("-", 1)[0],  # scenes-v1-1 answers review scenes-v1
    }
    go.wait()
    sent = time.monotonic()
    response = client.call("POST", f"/flow_runs/{run_id}/resume", json={"run_input": answer})
    if not response.is_success or response.json().get("status") != "ACCEPT":
        if client.state(run_id)["type"] == "PAUSED":  # a retried POST may find it resumed
            raise GaveUp(f"resume of {run_id} refused: {response.text[:200]}")
    deadline = sent + 300
    while time.monotonic() < deadline:
        if client.state(run_id)["type"] == "RUNNING":
            return time.monotonic() - sent
        time.sleep(0.1)
    raise GaveUp(f"run {run_id} not seen RUNNING within 300 s of its resume")


def resume_latency(client: Client, deployment_id: str, args: argparse.Namespace) -> dict:
    """Phase 2: pause `--paused` runs at their first review, resume all at once, time each."""
    before = dict(client.counts)
    params = [
        {"brief": brief(f"Paused{n:02d}"), "review": "every"} for n in range(1, args.paused + 1)
    ]
    with ThreadPoolExecutor(args.threads) as pool:
        run_ids = list(pool.map(lambda p: client.trigger(deployment_id, p), params))
    started = time.monotonic()
    keys: dict[str, str] = {}
    errors: list[str] = []
    for run_id in run_ids:
        left = max(args.timeout - (time.monotonic() - started), 1)
        try:
            keys[run_id] = wait_for_form(client, run_id, left)
        except GaveUp as error:
            errors.append(str(error))
    print(f"  {len(keys)}/{args.paused} paused with forms after {time.monotonic() - started:.1f} s")
    go = threading.Event()
    latencies: list[float] = []
    with ThreadPoolExecutor(max(len(keys), 1)) as pool:
        futures = [pool.submit(resume_and_time, client, r, k, go) for r, k in keys.items()]
        time.sleep(0.5)  # every thread waiting on the signal
        go.set()
    for future in futures:
        try:
            latencies.append(future.result())
        except GaveUp as error:
            errors.append(str(error))
    return {
        "paused": args.paused,
        "measured": len(latencies),
        "errors": errors,
        "p50_s": round(percentile(latencies, 50), 3) if latencies else None,
        "p95_s": round(percentile(latencies, 95), 3) if latencies else None,
        "max_s": round(max(latencies), 3) if latencies else None,
        "latencies_s": [round(x, 3) for x in latencies],
        "client_503": client.counts["503"] - before["503"],
        "client_429": client.counts["429"] - before["429"],
        "after": "left paused at their next review; `down` stopped the worker and ended them",
    }


def second_worker(stack: Stack) -> subprocess.Popen:
    """Another process worker on the pool, as a team would add to take more runs at once."""
    env = stack_env(stack.api_url, stack.api_url, None)
    env.setdefault("REELFLOW_MEDIA_URL", stack.media_url)
    log = (Path(stack.logs) / "worker2.log").open("a")
    args = [sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL]
    return subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def bench_db(db: str, args: argparse.Namespace) -> dict:
    """Both phases on one freshly started stack; the stack and its home are removed after."""
    home = Path(tempfile.mkdtemp(prefix=f"reelflow-load-{db}-", dir="/tmp"))
    home.chmod(0o755)  # the postgres user (we may be root) has to enter it
    env = TINY | {
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_LOCAL_STORAGE_PATH": str(home / "results"),
        "REELFLOW_OUTPUT_DIR": str(home / "out"),
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    worker = None
    result: dict = {"db": db}
    try:
        print(f"{db}: starting the stack in {home}")
        started = time.monotonic()
        stack = up(home, port=free_port(), media_port=free_port(), console_port=free_port(), db=db)
        worker = second_worker(stack)
        result["up_s"] = round(time.monotonic() - started, 1)
        client = Client(stack.api_url)
        found = client.call("GET", "/deployments/name/moa/moa-interactive")
        if not found.is_success:
            raise GaveUp(f"deployment moa/moa-interactive not found: {found.status_code}")
        deployment_id = found.json()["id"]
        print(f"{db}: throughput, {args.runs} unattended runs")
        result["throughput"] = tp = throughput(client, deployment_id, args)
        print(
            f"  {tp['completed']}/{tp['runs']} completed in {tp['wall_s']} s "
            f"({tp['runs_per_min']} runs/min), states {tp['states']}, 503s {tp['client_503']}"
        )
        if args.paused:
            print(f"{db}: resume latency, {args.paused} paused runs")
            result["resume"] = rs = resume_latency(client, deployment_id, args)
            print(f"  resume→running p50 {rs['p50_s']} s, p95 {rs['p95_s']} s")
    except (StackError, GaveUp) as error:
        result["error"] = str(error)
        print(f"{db}: {error}", file=sys.stderr)
    finally:
        if worker is not None:
            stop_pid(worker.pid)
        print(f"{db}: stopping the stack")
        down(home)
        shutil.rmtree(home, ignore_errors=True)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return result


def fmt(value: object, digits: int = 1) -> str:
    """A table cell: numbers rounded, missing values as a dash."""
    if value is None:
        return "–"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(results: list[dict]) -> str:
    """The markdown row block: one column per database and the goal."""

    def row(label: str, cells: list[str], goal: str) -> str:
        return f"| {label} | " + " | ".join(cells) + f" | {goal} |"

    tp = [r.get("throughput", {}) for r in results]
    rs = [r.get("resume", {}) for r in results]
    clients_503 = [
        (t.get("client_503", 0) + s.get("client_503", 0)) if t else None
        for t, s in zip(tp, rs, strict=True)
    ]
    lines = [
        "| what | " + " | ".join(r["db"] for r in results) + " | goal |",
        "|---|" + "---:|" * len(results) + "---|",
        row("throughput (runs/min)", [fmt(t.get("runs_per_min")) for t in tp], ""),
        row("wall s (all runs final)", [fmt(t.get("wall_s")) for t in tp], ""),
        row("completed / triggered", [f"{t.get('completed')}/{t.get('runs')}" for t in tp], ""),
        row("lost runs", [fmt(t.get("lost")) for t in tp], "0"),
        row("503s seen by clients", [fmt(c) for c in clients_503], "0 on postgres"),
        row("429s seen by clients", [fmt(t.get("client_429")) for t in tp], ""),
        row("resume→running p50 s", [fmt(s.get("p50_s"), 2) for s in rs], ""),
        row("resume→running p95 s", [fmt(s.get("p95_s"), 2) for s in rs], ""),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every database in turn; exit 1 when a goal is missed or a phase could not run."""
    args = options(argv)
    dbs = [d.strip() for d in args.dbs.split(",") if d.strip()]
    results = [bench_db(db, args) for db in dbs]
    print()
    print(table(results))
    for result in results:
        if "error" in result:
            print(f"\n{result['db']}: {result['error']}")
        for phase in ("throughput", "resume"):
            for error in result.get(phase, {}).get("errors", []) + result.get(phase, {}).get(
                "trigger_errors", []
            ):
                print(f"{result['db']} {phase}: {error}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"load-{stamp}.json"
    options_json = {k: str(v) for k, v in vars(args).items()}
    path.write_text(json.dumps({"options": options_json, "results": results}, indent=2))
    print(f"\nresults: {path}")
    missed = any(
        "error" in r
        or r.get("throughput", {}).get("lost", 1) != 0
        or (
            r["db"] == "postgres"
            and r.get("throughput", {}).get("client_503", 1)
            + r.get("resume", {}).get("client_503", 0)
        )
        for r in results
    )
    return 1 if missed else 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `finally` still stops the stack
    sys.exit(main())
