"""`reelflow media` serves the output folder over HTTP (with ranges, so browsers can seek)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx

from pipeline.outputs import Narration, NarrationClip
from pipeline.previews import narration_markdown
from pipeline.workspace import Workspace
from tests.support.servers import free_port


def test_media_server_serves_files_with_ranges(tmp_path):
    folder = tmp_path / "out" / "moa-demo-12345678" / "final"
    folder.mkdir(parents=True)
    (folder / "video.mp4").write_bytes(bytes(range(256)) * 40)
    port = free_port()
    env = {**os.environ, "REELFLOW_OUTPUT_DIR": str(tmp_path / "out")}
    server = subprocess.Popen(
        [sys.executable, "-m", "reelflow", "media", "--port", str(port)],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        url = f"{base}/moa-demo-12345678/final/video.mp4"
        whole = httpx.get(url)
        assert whole.status_code == 200 and len(whole.content) == 256 * 40
        part = httpx.get(url, headers={"Range": "bytes=10-19"})
        assert part.status_code == 206 and part.content == bytes(range(10, 20))
        assert httpx.get(f"{base}/../../etc/passwd").status_code == 404
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def test_review_links_use_the_media_server(tmp_path):
    workspace = Workspace(root=tmp_path / "moa-demo-12345678")
    narration = Narration(
        clips=[NarrationClip(scene_index=1, audio="narration/scene-01.wav", duration_s=2.0)],
        provider="espeak",
        voice="en-us",
    )
    markdown = narration_markdown(narration, "http://127.0.0.1:4280", workspace)
    assert "(http://127.0.0.1:4280/moa-demo-12345678/narration/scene-01.wav)" in markdown
