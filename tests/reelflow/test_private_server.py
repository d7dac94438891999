"""`reelflow run` with no configured server: its private server logs to a file, not the terminal."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import example_data
from tests.support.probe import needs_ffprobe, probe

pytestmark = [pytest.mark.e2e, needs_ffprobe]


def test_a_normal_run_prints_no_server_tracebacks_and_leaves_no_server(tmp_path):
    brief = tmp_path / "moa.json"
    brief.write_text(json.dumps(example_data("moa") | {"target_duration_s": 6}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_URL")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "0"}
    args = ["run", "moa", "--brief", str(brief), "--short-side", "144", "--fps", "12"]
    done = subprocess.run(
        [sys.executable, "-m", "reelflow", *args, "--output", str(tmp_path / "out")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0, said[-3000:]
    assert "Traceback" not in said and "database is locked" not in said
    assert "Error logging to API" not in said
    mp4 = Path(done.stdout.strip().splitlines()[-1])
    assert probe(mp4)["format"]["duration"]
    log = tmp_path / ".reelflow" / "logs" / "ephemeral-server.log"
    assert log.exists()
    port = int(re.search(r"View at http://127\.0\.0\.1:(\d+)/", said).group(1))
    with socket.socket() as sock:  # the private server was stopped with the run
        assert sock.connect_ex(("127.0.0.1", port)) != 0
