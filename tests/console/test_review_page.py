"""A reviewer reviews a whole run in the console's page, in headless Debian chromium: logs in,
finds the run in the list, regenerates one scene by clicking it, looks at the slides, plays the
narration and the video (seeking through range requests), and accepts to the end by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.console.conftest import moa_brief

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.server,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium missing: scripts/system-deps.sh"),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
TIMEOUT_MS = 120_000


def wait_stage(page, stage: str, version: int = 1) -> None:
    page.locator("#current h2", has_text=f"{stage} · version {version}").wait_for(
        timeout=TIMEOUT_MS
    )
    page.locator("#accept:not([disabled]), #regenerate:not([disabled])").first.wait_for()


def accept(page, stage: str) -> None:
    page.keyboard.press("Escape")
    page.locator("body").press("a")
    page.locator("#state", has_text="working").wait_for(timeout=TIMEOUT_MS)


def test_review_a_whole_run_in_the_page(console, tmp_path):
    from playwright.sync_api import sync_playwright

    with console.connect() as client:
        client.send({"action": "start", "video_type": "moa", "payload": moa_brief(9)})
        run_id = client.until("started")["run_id"]
        client.until("completed", run_id=run_id)
    user, password = console.auth.split(":", 1)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # The page's CSP forbids eval; Playwright's string predicates need it.
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
        page.set_default_timeout(30_000)
        problems: list[str] = []
        page.on("pageerror", lambda exc: problems.append(str(exc)))

        page.goto(f"{console.url}/")  # not logged in: the login page, then back here
        page.fill("input[name=user]", user)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.locator(f"#runs a[href='/review/{run_id}']").click()

        wait_stage(page, "scenes")
        page.locator("#current .scene[data-scene='2']").click()
        assert "scene 2" in page.inner_text("#selection")
        page.locator("body").press("r")
        page.keyboard.type("shorter title")
        page.keyboard.press("Control+Enter")
        wait_stage(page, "scenes", 2)
        assert page.locator("#previous").is_visible()
        assert "version 1" in page.inner_text("#previous h2")
        assert "scene 2: shorter title" in page.inner_text("#history")

        accept(page, "scenes")
        wait_stage(page, "script")
        accept(page, "script")
        wait_stage(page, "visuals")
        slide = page.locator("#current img.slide")
        page.wait_for_function("document.querySelector('#current img.slide').naturalWidth > 0")
        first = slide.get_attribute("src")
        page.keyboard.press("ArrowRight")
        assert slide.get_attribute("src") != first  # the picker moved to scene 2, full size
        accept(page, "visuals")
        wait_stage(page, "animations")
        accept(page, "animations")
        wait_stage(page, "tts")
        audio = page.locator("#current audio").first
        audio.wait_for()
        page.wait_for_function(
            "[...document.querySelectorAll('#current audio')].every(a => a.duration > 0)"
        )
        accept(page, "tts")
        wait_stage(page, "render")
        page.wait_for_function("document.getElementById('video').readyState >= 1")
        page.evaluate("document.getElementById('video').muted = true")
        page.locator("body").press("v")  # play
        page.wait_for_function("document.getElementById('video').currentTime > 0.3")
        page.evaluate("document.getElementById('video').currentTime = 2.0")  # a range request
        page.wait_for_function(
            "!document.getElementById('video').seeking && "
            "document.getElementById('video').currentTime >= 2.0"
        )
        page.screenshot(path=str(tmp_path / "render-review.png"))
        accept(page, "render")
        page.locator("#banner", has_text="Video ready").wait_for(timeout=TIMEOUT_MS)
        assert page.locator("#current video").get_attribute("src").startswith("/media/")
        browser.close()
    assert problems == []
