"""A reviewer reviews a whole run in the console's page, in headless Debian chromium: logs in,
finds the run in the list, regenerates one scene by clicking it, looks at the slides, plays the
narration and the video (seeking through range requests), and accepts to the end by keyboard."""

from __future__ import annotations

import pytest

from tests.console.conftest import moa_brief
from tests.support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    log_in,
    needs_chromium,
    open_page,
    wait_stage,
)

pytestmark = [pytest.mark.server, pytest.mark.browser, needs_chromium]


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

    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = open_page(browser, problems)
        log_in(page, console.url, console.auth)  # the login page first, then back here
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
