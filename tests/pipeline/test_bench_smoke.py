"""The benchmark's own code path at a tiny size: it runs, compares, and writes its JSON."""

from __future__ import annotations

import json

from bench.run import main


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
    assert "| encoder limit" in capsys.readouterr().out
