"""Variants side by side: a regenerate of the script asks for three, the reviewer picks one."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

from pipeline.settings import load_settings
from tests.flows.test_review import ACCEPT, _task_runs, ran, run_with_reviewer
from tests.support.probe import needs_ffprobe

pytestmark = [pytest.mark.server, needs_ffprobe]
THREE = {"decision": "regenerate", "feedback": "more formal", "variants": 3, "reviewer": "qa"}


def test_three_script_variants_are_made_side_by_side_and_the_pick_goes_on(
    prefect_harness, tiny_render, monkeypatch
):
    monkeypatch.setenv("REELFLOW_REVIEW_POLL_S", "1")
    load_settings.cache_clear()
    # A variant may carry its own blocking findings: accepting it then needs a waiver, as always.
    pick_two = ACCEPT | {"pick": 2, "waiver": "claim wording reviewed by MLR"}
    state, reviewer = run_with_reviewer([ACCEPT, THREE, ACCEPT, pick_two] + [ACCEPT] * 4)
    assert state.is_completed(), state.message

    # Reviews, not attempts: a transient SQLite lock may make one answer arrive twice, and the
    # refused copy asks the same review again under the next attempt number.
    reviews = [pause.review for pause in reviewer.seen]
    assert reviews[:4] == ["scenes-v1", "script-v1", "script-v2", "script-v2"]
    page = json.loads(reviewer.seen[2].description)
    assert "3 variants side by side" in page and "| # | Variant 1 | Variant 2 | Variant 3 |" in page
    assert "#### Variant 3" in page
    refused = json.loads(reviewer.seen[3].description)  # accept without a pick is refused
    assert "Pick the variant to accept (pick: 1-3)" in refused

    first_line = re.search(r"^\| 1 \| (.+) \|$", page, re.MULTILINE).group(1).split(" | ")
    openings = [cell.split(" …")[0].split(" (")[0] for cell in first_line]
    assert len(set(openings)) == 3, openings  # three different wordings

    runs = asyncio.run(_task_runs(state.state_details.flow_run_id))
    assert len(ran(runs, "script")) == 4  # v1, then the three variants of v2 as mapped runs

    delivery = state.result()
    assert delivery.stage_versions["script"] == 2
    captions = " ".join(Path(delivery.srt).read_text().split())
    assert " ".join(openings[1].split()[:3]) in captions  # the video says variant 2's words
    assert " ".join(openings[0].split()[:3]) not in captions

    audit = json.loads(Path(delivery.audit).read_text())
    asked, picked = audit["decisions"][1], audit["decisions"][2]  # a refused answer is no decision
    assert (asked["decision"], asked["variants"]) == ("regenerate", 3)
    assert (picked["stage"], picked["version"], picked["decision"]) == ("script", 2, "accept")
    assert picked["pick"] == 2 and len(set(picked["variant_sha256"])) == 3
