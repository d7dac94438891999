"""A reviewer in a real browser: headless Debian chromium, driven by Playwright, resumes a paused
run in the Prefect UI with regenerate + feedback, and the flow receives exactly that input."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.servers import prefect_env, prefect_server

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium missing: scripts/system-deps.sh"),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FLOW = """
from flows.moa import moa
from tests.conftest import short_brief
state = moa(brief=short_brief("moa", 6), review="every", return_state=True)
print(state.type.value, state.message)
"""


def wait_for(condition, timeout_s: float = 90, what: str = "condition"):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def paused_run(api: str) -> tuple[str, str] | None:
    runs = httpx.post(f"{api}/flow_runs/filter", json={"limit": 5}).json()
    for run in runs:
        if run["state"]["type"] == "PAUSED":
            return run["id"], run["state"]["state_details"]["pause_key"]
    return None


def run_input(api: str, run_id: str, key: str) -> str | None:
    response = httpx.get(f"{api}/flow_runs/{run_id}/input/{key}")
    return response.text if response.status_code == 200 else None


def test_reviewer_regenerates_from_the_prefect_ui(tmp_path):
    from playwright.sync_api import sync_playwright

    with prefect_server(tmp_path / "prefect") as base:
        api = f"{base}/api"
        env = prefect_env(api, tmp_path / "prefect") | {
            "REELFLOW_OUTPUT_DIR": str(tmp_path / "out"),
            "REELFLOW_SHORT_SIDE": "144",
            "REELFLOW_FPS": "12",
            "REELFLOW_REVIEW_POLL_S": "1",
        }
        flow = subprocess.Popen([sys.executable, "-c", FLOW], env=env, cwd=Path.cwd())
        try:
            run_id, key = wait_for(lambda: paused_run(api), what="the first pause")
            assert key == "scenes-v1-1"
            # The run shows Paused before its form schema is saved: wait for the schema.
            wait_for(lambda: run_input(api, run_id, f"paused-{key}-schema"), what="form schema")

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/runs/flow-run/{run_id}")
                page.get_by_role("button", name="Resume").click()
                dialog = page.locator(".p-modal")
                dialog.get_by_text("Stage 1 of 6: scenes").wait_for()
                decision = dialog.locator(".p-select-button__control")
                decision.focus()
                page.keyboard.press("Space")  # opens the options list
                page.locator(".p-select-option", has_text="regenerate").first.click()
                assert decision.inner_text().strip() == "regenerate"
                textareas = dialog.locator("textarea")
                textareas.nth(0).fill("scene 2: mention the liver")
                textareas.nth(1).fill("Dr. QA")
                page.screenshot(path=str(tmp_path / "resume-dialog.png"))
                dialog.get_by_role("button", name="Submit").click()
                browser.close()

            received = wait_for(
                lambda: run_input(api, run_id, f"paused-{key}-response"), what="the submitted input"
            )
            assert json.loads(received) == {
                "decision": "regenerate",
                "feedback": "scene 2: mention the liver",
                "reviewer": "Dr. QA",
                "waiver": "",
                "pause": "scenes-v1",  # pre-filled by the form: a late submit cannot land later
                "variants": 1,  # the form's defaults for what the reviewer left alone
                "back_to": None,
                "pick": None,
            }
            # The flow continued with that input: it regenerated scenes as version 2 and shows
            # the feedback in the next dialog.
            wait_for(
                lambda: (paused_run(api) or ("", ""))[1] == "scenes-v2-1",
                what="the scenes v2 pause",
            )
            page_text = json.loads(
                wait_for(
                    lambda: run_input(api, run_id, "paused-scenes-v2-1-description"),
                    what="the v2 description",
                )
            )
            assert "version 2" in page_text and "scene 2: mention the liver" in page_text
            stop = httpx.post(
                f"{api}/flow_runs/{run_id}/resume",
                json={"run_input": {"decision": "stop", "feedback": "", "reviewer": "Dr. QA"}},
            )
            assert stop.json()["status"] == "ACCEPT"
            assert flow.wait(timeout=60) == 0
            state = httpx.get(f"{api}/flow_runs/{run_id}").json()["state"]
            assert state["type"] == "CANCELLED" and "stage 'scenes'" in state["message"]
        finally:
            if flow.poll() is None:
                flow.kill()
