"""Headless Debian chromium for the console's page tests: how it is started, and logging in.

Shared by the review-page tests so each one drives the same real browser the same way.
"""

from __future__ import annotations

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
