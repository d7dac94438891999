"""With a server and a worker up (`reelflow up`), a batch goes through the interactive
deployments, its --output and --short-side reaching the runs as job variables; with a server but
no deployment or worker for a type, it is made locally instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reelflow.batch.deployed import deployment_name, unserved
from reelflow.stack import down, up
from tests.batch.test_batch_runs import ROOT, write_sheet
from tests.support.probe import needs_ffprobe, probe, stream
from tests.support.servers import free_port


def test_deployment_names_follow_prefect_yaml():
    text = (ROOT / "prefect.yaml").read_text()
    for kind in ("moa", "product_ad", "disease_awareness"):
        flow, name = deployment_name(kind).split("/")
        assert f"name: {name}" in text and f"flows/{flow}.py:{flow}" in text


@pytest.mark.server
def test_a_server_without_the_deployments_means_local(prefect_harness):
    from prefect.settings import PREFECT_API_URL

    reason = unserved({"moa"}, PREFECT_API_URL.value())
    assert reason == "the server has no deployment moa/moa-interactive"


@pytest.mark.server
@pytest.mark.e2e
@needs_ffprobe
def test_a_batch_runs_through_the_deployments_when_a_worker_serves_them(tmp_path):
    home = tmp_path / "stack"
    patch = pytest.MonkeyPatch()
    for name, value in {
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_LOCAL_STORAGE_PATH": str(home / "results"),
        "REELFLOW_OUTPUT_DIR": str(home / "stack-out"),
        "REELFLOW_FPS": "12",
        "REELFLOW_X264_PRESET": "ultrafast",
    }.items():
        patch.setenv(name, value)
    stack = up(home, port=free_port(), media_port=free_port(), console_port=free_port())
    try:
        sheet = write_sheet(tmp_path / "team.csv", ["moa", "social_media"])
        out = tmp_path / "out"
        env = {**os.environ, "PREFECT_API_URL": stack.api_url, "PYTHONPATH": str(ROOT)}
        args = ["--output", str(out), "--short-side", "144"]
        done = subprocess.run(
            [sys.executable, "-m", "reelflow", "batch", str(sheet), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=500,
        )
        said = done.stdout + done.stderr
        assert done.returncode == 0, said[-3000:]
        assert f"through the deployments on {stack.api_url}" in said
        summary = json.loads((out / "batch-team-summary.json").read_text())
        assert summary["mode"] == "deployments"
        for row in summary["rows"]:
            assert row["status"] == "delivered" and row["run_id"]
            mp4 = Path(row["mp4"])
            assert out in mp4.parents  # --output reached the worker's run
            video = stream(probe(mp4), "video")
            assert min(video["width"], video["height"]) == 144
    finally:
        down(home)
        patch.undo()
