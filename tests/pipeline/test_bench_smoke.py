"""The benchmark's own code path at a tiny size: it runs, compares, and writes its JSON."""

from __future__ import annotations

import json

import pytest

from bench.run import main

# the benchmark's full code path (baseline, presets, regenerate, memory): ~12-17 s
pytestmark = pytest.mark.e2e


def test_benchmark_runs_and_writes_json(tmp_path, capsys):
    main(
        [
            "--scenes=2",
            "--seconds=2",
            "--long-seconds=4",
            "--short-side=144",
            "--fps=12",
            "--compare-presets=ultrafast",
            "--skip=flow",
            f"--out={tmp_path}",
        ]
    )
    (path,) = tmp_path.glob("*.json")
    record = json.loads(path.read_text())
    assert set(record["presets"]) == {"veryfast", "ultrafast"}
    assert record["presets"]["veryfast"]["encoder_limit_s"] > 0
    assert record["baseline"]["seconds"] > 0 and 0 < record["baseline"]["ssim_min"] <= 1
    assert record["regenerate"]["segments_encoded"]  # the redrawn scene was encoded again
    regen = record["regenerate"]
    assert len(regen["segments_encoded"]) < regen["segments"]
    assert 0 < regen["video_s_encoded"] < regen["video_s"]
    assert [m["seconds"] for m in record["memory"]] == [2, 4]
    assert all(m["peak_rss_mib"] > 0 for m in record["memory"])
    assert record["baseline"]["frames"] == record["baseline"]["reelflow_frames"]
    checked = {target["asked"]: target for target in record["targets"]}
    assert len(checked) == 8  # every target but the three of the flow row, skipped here
    assert all(isinstance(target["met"], bool) for target in checked.values())
    assert checked["peak RSS ≤ 1 GiB"]["met"]  # 144p frames
    regen = next(t for asked, t in checked.items() if asked.startswith("a regenerated scene"))
    assert regen["met"]  # the redrawn scene and the next scene's crossfade, nothing else
    out = capsys.readouterr().out
    assert "| encoder limit" in out and "| target | this run |" in out
