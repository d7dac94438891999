"""`reelflow batch` for real, in a subprocess as a user runs it: a small batch renders every row
(checked with ffprobe), a rerun skips them, and Ctrl-C stops cleanly with a summary the rerun
continues from."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import example_data
from tests.support.probe import needs_ffprobe, probe, stream

pytestmark = [pytest.mark.e2e, needs_ffprobe]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Prefect home for the module: its database is created once, not per test."""
    return tmp_path_factory.mktemp("prefect-home")


def batch_env(tmp_path: Path, prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    return env | {
        "PYTHONPATH": str(ROOT),  # this checkout, wherever the test runs from
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_LOCAL_STORAGE_PATH": str(tmp_path / "results"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "REELFLOW_FPS": "12",
        "REELFLOW_X264_PRESET": "ultrafast",
    }


def flat(data: dict, prefix: str = "") -> dict[str, str]:
    """A brief as sheet columns: groups dotted, lists joined with ';'."""
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out |= flat(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            out[f"{prefix}{key}"] = "; ".join(value)
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


def write_sheet(path: Path, types: list[str], seconds: float = 5) -> Path:
    import csv

    rows = [flat(example_data(kind) | {"target_duration_s": seconds}) for kind in types]
    columns = list(dict.fromkeys(c for row in rows for c in row))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def batch_args(sheet: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "reelflow", "batch", str(sheet), "--output", str(out),
        "--short-side", "144", *extra,
    ]  # fmt: skip


def run_batch(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=500)


def summary(out: Path, name: str) -> dict:
    return json.loads((out / f"batch-{name}-summary.json").read_text())


def test_a_small_batch_renders_every_row_and_a_rerun_skips_them(tmp_path, prefect_home):
    env = batch_env(tmp_path, prefect_home)
    sheet = write_sheet(tmp_path / "launch.csv", ["doctor_ad", "moa", "social_media"])
    out = tmp_path / "out"
    done = run_batch(batch_args(sheet, out), env, tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said[-3000:]
    assert "Traceback" not in said
    first = summary(out, "launch")
    assert first["complete"] and first["mode"] == "local"
    assert [r["status"] for r in first["rows"]] == ["delivered"] * 3
    assert [r["row"] for r in first["rows"]] == [2, 3, 4]
    for row in first["rows"]:
        assert row["run_id"] and row["error"] is None
        info = probe(Path(row["mp4"]))
        video = stream(info, "video")
        assert video["codec_name"] == "h264" and min(video["width"], video["height"]) == 144
        assert stream(info, "audio")["codec_name"] == "aac"
        assert 2 <= float(info["format"]["duration"]) <= 20
    assert (out / "batch-launch-summary.csv").read_text(encoding="utf-8-sig").count(
        "delivered"
    ) == 3
    for step in ("stage 1/6 scenes", "stage 6/6 render", "[3/3]"):
        assert step in said

    started = time.monotonic()
    again = run_batch(batch_args(sheet, out), env, tmp_path)
    took = time.monotonic() - started
    assert again.returncode == 0, (again.stdout + again.stderr)[-3000:]
    assert "3 delivered before (skipped), nothing left to make" in again.stdout
    second = summary(out, "launch")
    assert [r["status"] for r in second["rows"]] == ["skipped"] * 3
    assert [r["run_id"] for r in second["rows"]] == [r["run_id"] for r in first["rows"]]
    assert took < 30, f"a rerun with nothing to make took {took:.1f} s"


def test_ctrl_c_stops_cleanly_and_the_rerun_makes_the_rest(tmp_path, prefect_home):
    env = batch_env(tmp_path, prefect_home)
    sheet = write_sheet(tmp_path / "stop.csv", ["doctor_ad", "compliance_video", "moa"], 6)
    out = tmp_path / "out"
    args = batch_args(sheet, out, "--concurrency", "1")
    batch = subprocess.Popen(
        args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = []
    try:
        assert batch.stdout is not None
        for line in batch.stdout:  # wait until the first video is done and the second started
            lines.append(line)
            if "row 3 compliance_video: stage 2/6" in line:
                break
        else:
            pytest.fail("".join(lines)[-3000:])
        family = psutil.Process(batch.pid).children(recursive=True)
        assert any("reelflow.batch.child" in " ".join(p.cmdline()) for p in family)
        batch.send_signal(signal.SIGINT)
        rest, _ = batch.communicate(timeout=90)
    finally:
        batch.kill()
    said = "".join(lines) + rest
    assert batch.returncode == 130, said[-3000:]
    assert "Traceback" not in said and "Run the same command again" in said
    assert not [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    stopped = summary(out, "stop")
    assert not stopped["complete"]
    statuses = {r["row"]: r["status"] for r in stopped["rows"]}
    assert statuses == {2: "delivered", 3: "interrupted", 4: "pending"}
    assert not list(out.glob(".*.tmp")), "no half-written summary"

    again = run_batch(args, env, tmp_path)
    assert again.returncode == 0, (again.stdout + again.stderr)[-3000:]
    statuses = {r["row"]: r["status"] for r in summary(out, "stop")["rows"]}
    assert statuses == {2: "skipped", 3: "delivered", 4: "delivered"}
