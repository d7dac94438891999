"""Compliance inside a run: the brief gate before any stage, a blocking finding that stops an
unattended run before delivery, and a waiver a reviewer must write to accept one."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from flows.product_ad import product_ad
from flows.registry import run_here
from flows.review import ReviewPolicy
from pipeline.compliance.pack import verify
from pipeline.settings import load_settings
from pipeline.video_types import parse_brief
from pipeline.workspace import file_hash
from tests.conftest import example_data
from tests.support.probe import needs_ffprobe
from tests.support.reviewer import ScriptedReviewer

pytestmark = [pytest.mark.server, needs_ffprobe]
ACCEPT = {"decision": "accept", "feedback": "", "reviewer": "qa"}


def unreferenced_claim() -> dict:
    data = example_data("product_ad")
    return data | {
        "key_benefits": [*data["key_benefits"], "Lowers A1c by 1.2 points"],
        "target_duration_s": 8,
    }


def test_the_brief_gate_fails_the_run_before_any_stage(prefect_harness, tiny_render):
    brief = parse_brief(example_data("product_ad") | {"market": "eu", "target_duration_s": 6})
    state = run_here("product_ad", brief, ReviewPolicy.none)
    assert state.is_failed() and "market-gate" in state.message
    folder = next(tiny_render.iterdir())
    assert not (folder / "visuals").exists()
    report = json.loads((folder / "final" / "mlr" / "check-report.json").read_text())
    assert report["profile"] == "eu" and report["findings"][0]["rule_id"] == "market-gate"


def test_an_unattended_run_with_a_blocking_finding_delivers_nothing(prefect_harness, tiny_render):
    state = run_here("product_ad", parse_brief(unreferenced_claim()), ReviewPolicy.none)
    assert state.is_failed()
    assert "1 blocking finding(s) after script (claims-referenced)" in state.message
    folder = next(tiny_render.iterdir())
    assert not list(folder.rglob("*.mp4"))
    text = (folder / "final" / "mlr" / "check-report.txt").read_text()
    assert "Lowers A1c by 1.2 points" in text and "21 CFR 202.1(e)(6)" in text


def test_a_blocked_unattended_run_exports_the_pack_showing_why(prefect_harness, tiny_render):
    state = run_here("product_ad", parse_brief(unreferenced_claim()), ReviewPolicy.none)
    assert state.is_failed()
    pack = next(tiny_render.iterdir()) / "final" / "mlr"
    manifest = json.loads((pack / "manifest.json").read_text())
    assert (manifest["status"], manifest["stopped_at"]) == ("blocked", "script")
    assert verify(pack, manifest) == []
    assert {"annotated-script.pdf", "annotated-script.csv", "claims.json", "audit-trail.json"} <= (
        set(manifest["files"])
    )
    with (pack / "annotated-script.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    bare = [r for r in rows if r["unreferenced_claim"]]
    assert [r["spoken"] for r in bare] == ["Lowers A1c by 1.2 points."]
    assert bare[0]["unreferenced_claim"] == "numeric" and bare[0]["tc_in"] == ""
    report = json.loads((pack / "check-report.json").read_text())
    assert report["blocking_unwaived"] == 1 and report["status"] == "blocked"
    audit = json.loads((pack / "audit-trail.json").read_text())
    assert [d["stage"] for d in audit["decisions"]] == ["scenes"]
    assert "First pack" in (pack / "diff.txt").read_text()


def test_a_reviewer_accepts_a_blocking_finding_only_with_a_written_waiver(
    prefect_harness, tiny_render, monkeypatch
):
    monkeypatch.setenv("REELFLOW_REVIEW_POLL_S", "1")
    load_settings.cache_clear()
    waiver = "Claim approved in MLR meeting 2026-11-20, ref. PRC-118."
    # the render passes with no waiver: its safety line's first word leading the cut by a frame
    # (espeak, frame grid) is the statement's own entry, not interference
    answers = [ACCEPT, ACCEPT, ACCEPT | {"waiver": waiver}, ACCEPT, ACCEPT, ACCEPT, ACCEPT]
    reviewer = ScriptedReviewer("product_ad", answers)
    reviewer.start()
    state = product_ad(brief=parse_brief(unreferenced_claim()), review="every", return_state=True)
    reviewer.join(timeout=30)
    assert not reviewer.errors, reviewer.errors
    assert state.is_completed(), state.message
    keys = [pause.key for pause in reviewer.seen]
    assert keys[:3] == ["scenes-v1-1", "script-v1-1", "script-v1-2"]
    assert keys[-1] == "render-v1-1" and len(keys) == 7
    assert "### Compliance (us-fda" in reviewer.seen[1].description
    assert "only with a written waiver" in reviewer.seen[2].description
    audit = json.loads(Path(state.result().audit).read_text())
    decisions = audit["decisions"]
    assert any(d.get("waiver") == waiver and d["stage"] == "script" for d in decisions)
    pack = Path(state.result().folder) / "final" / "mlr"
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["status"] == "delivered" and verify(pack, manifest) == []
    assert manifest["video"]["sha256"] == file_hash(Path(state.result().mp4))
    assert manifest["storyboard"]["pages"] > 5 and (pack / "storyboard.pdf").is_file()
    report = json.loads((pack / "check-report.json").read_text())
    waived = [f for f in report["findings"] if f["waiver"] and f["stage"] == "script"]
    assert [(f["rule_id"], f["waiver"]["text"], f["waiver"]["reviewer"]) for f in waived] == [
        ("claims-referenced", waiver, "qa")
    ]
    assert report["blocking_unwaived"] == 0
    trail = json.loads((pack / "audit-trail.json").read_text())
    stages = ["scenes", "script", "visuals", "animations", "tts", "render"]
    assert [d["stage"] for d in trail["decisions"]] == stages
