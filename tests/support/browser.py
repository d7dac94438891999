"""Headless Debian chromium for the console's page tests: how it is started, and logging in.

Shared by the review-page tests so each one drives the same real browser the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="chromium missing: scripts/system-deps.sh"
)
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


def open_page(browser, problems: list[str]):
    """A new page that records uncaught page errors in `problems` (a test asserts none)."""
    # The page's CSP forbids eval; Playwright's string predicates need it.
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return page


def log_in(page, url: str, auth: str) -> None:
    """Open the console at `url` (the login page first), log in as `auth` (user:password)."""
    user, password = auth.split(":", 1)
    page.goto(f"{url}/")
    page.fill("input[name=user]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def wait_stage(page, stage: str, version: int | None = 1) -> None:
    """Wait until the page shows `stage` at `version` (None: any) and a decision can be made."""
    shown = f"{stage} · version {version}" if version else f"{stage} · version "
    page.locator("#current h2", has_text=shown).wait_for(timeout=TIMEOUT_MS)
    page.locator("#accept:not([disabled]), #regenerate:not([disabled])").first.wait_for()


def click(page, button: str) -> None:
    """Click a decision button and wait until the page says the run is working on it."""
    page.locator(f"#{button}").click()
    page.locator("#state", has_text="working").wait_for(timeout=TIMEOUT_MS)


@contextmanager
def reviewing(console, payload: dict, shots: Path, problems: list[str]) -> Iterator[tuple]:
    """Start a moa run of `payload` in `console`, log in with chromium and open its review page
    at the scenes; yield (page, run_id). The browser is closed (after a screenshot of the last
    page into `shots`) however the test ends."""
    from playwright.sync_api import sync_playwright

    with console.connect() as client:
        client.send({"action": "start", "video_type": "moa", "payload": payload})
        run_id = client.until("started")["run_id"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = open_page(browser, problems)
        try:
            log_in(page, console.url, console.auth)
            page.locator(f"#runs a[href='/review/{run_id}']").click()
            wait_stage(page, "scenes")
            yield page, run_id
        finally:
            page.screenshot(path=str(shots / "last.png"))  # what the page showed at the end
            browser.close()


def ask_variants(page, stage: str, feedback: str, count: int):
    """Regenerate the shown `stage` as `count` variants with `feedback`; wait for version 2's
    columns side by side and return them (a Playwright locator, one `.variant` per column)."""
    assert page.locator("#variants").is_visible()  # the run's variant_stages take this stage
    page.fill("#feedback", feedback)
    page.select_option("#variants", str(count))
    click(page, "regenerate")
    shown = f"{stage} · version 2 · {count} variants"
    page.locator("#current h2", has_text=shown).wait_for(timeout=TIMEOUT_MS)
    columns = page.locator("#current .variant")
    assert columns.count() == count
    return columns
