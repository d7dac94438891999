"""REELFLOW_RENDER_RUNNER=dask renders the scenes on a Dask cluster (prefect-dask): the flow runs
against a real server in its own process, and the scene tasks run in Dask worker processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.probe import needs_ffprobe, probe, stream
from tests.support.servers import prefect_env, prefect_server

pytestmark = [pytest.mark.server, needs_ffprobe]
FLOW = """
import os
from flows.moa import moa
from tests.conftest import short_brief
state = moa(brief=short_brief("moa", 6), review="none", return_state=True)
print("FLOW-PID", os.getpid(), state.type.value, state.result().mp4 if state.is_completed() else "")
"""


def test_scenes_render_on_a_dask_cluster(tmp_path):
    pytest.importorskip("prefect_dask")
    with prefect_server(tmp_path / "prefect") as base:
        env = prefect_env(f"{base}/api", tmp_path / "prefect") | {
            "REELFLOW_OUTPUT_DIR": str(tmp_path / "out"),
            "REELFLOW_SHORT_SIDE": "144",
            "REELFLOW_FPS": "12",
            "REELFLOW_RENDER_RUNNER": "dask",
            "REELFLOW_RENDER_WORKERS": "2",
        }
        done = subprocess.run(
            [sys.executable, "-c", FLOW],
            env=env,
            cwd=Path.cwd(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        last = [line for line in done.stdout.splitlines() if line.startswith("FLOW-PID")]
        assert last and "COMPLETED" in last[-1], done.stdout[-3000:] + done.stderr[-3000:]
        mp4 = Path(last[-1].split()[-1])
        assert stream(probe(mp4), "video")["codec_name"] == "h264"
        assert "distributed" in done.stdout + done.stderr  # a Dask cluster did the scenes
        runs = httpx.post(f"{base}/api/task_runs/filter", json={}).json()
        scene_runs = [r for r in runs if r["name"].startswith("render-scene-")]
        assert scene_runs and all(r["state"]["type"] == "COMPLETED" for r in scene_runs)
