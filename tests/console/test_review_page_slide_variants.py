"""Slide variants in the page, in headless Debian chromium: a reviewer asks for two looks of the
slides, sees both side by side as real images (each column its own scene picker), redoes one
scene from variant 2, and the animations are made from that version."""

from __future__ import annotations

import json

import pytest

from tests.console.conftest import moa_brief
from tests.support.browser import (
    TIMEOUT_MS,
    ask_variants,
    click,
    needs_chromium,
    reviewing,
    wait_stage,
)

pytestmark = [pytest.mark.server, pytest.mark.browser, pytest.mark.e2e, needs_chromium]


def test_two_looks_of_the_slides_side_by_side_and_a_redo_from_the_second(console, tmp_path):
    problems: list[str] = []
    with reviewing(console, moa_brief(7.75), tmp_path, problems) as (page, run_id):
        page.fill("#reviewer", "Dr. Slides")
        click(page, "accept")
        wait_stage(page, "script")
        click(page, "accept")
        wait_stage(page, "visuals")
        columns = ask_variants(page, "visuals", "bolder", 2)  # slides may be made as variants
        slides = [column.locator("img.slide") for column in columns.all()]
        for slide in slides:  # each column shows a loaded slide, not a broken image
            slide.wait_for()
            assert slide.evaluate("i => i.complete && i.naturalWidth > 0")
        sources = [slide.get_attribute("src") for slide in slides]
        assert sources[0] != sources[1]  # two looks, each its own file
        # Each column has its own scene picker: stepping one column leaves the other alone.
        columns.nth(1).locator(".picker button", has_text="2").click()
        assert columns.nth(1).locator("img.slide").get_attribute("data-scene") == "2"
        assert columns.nth(0).locator("img.slide").get_attribute("data-scene") == "1"
        second_scene_of_two = columns.nth(1).locator("img.slide").get_attribute("src")
        page.screenshot(path=str(tmp_path / "slide-variants.png"))

        # Redo from variant 2: the next version revises that look, not variant 1's.
        page.fill("#feedback", "scene 1: lighter")
        columns.nth(1).get_by_role("button", name="Redo from 2").click()
        page.locator("#state", has_text="working").wait_for(timeout=TIMEOUT_MS)
        assert columns.nth(0).get_by_role("button", name="Redo from 1").is_disabled()
        wait_stage(page, "visuals", 3)
        redone = page.locator("#current img.slide").get_attribute("src")
        assert redone not in sources  # scene 1 drawn again, lighter
        page.locator("#current .picker button", has_text="2").click()
        # Scene 2 was not named: it keeps variant 2's slide, as picked.
        assert page.locator("#current img.slide").get_attribute("src") == second_scene_of_two
        click(page, "accept")
        wait_stage(page, "animations")
        # The animations move the accepted slides (version 3, made from variant 2).
        context = page.locator("#context")
        assert "Slides (visuals v3)" in context.locator("h2").inner_text()
        assert context.locator("img.slide").get_attribute("src") == redone
        page.once("dialog", lambda dialog: dialog.accept())  # "Stop this run here?"
        page.locator("#stop").click()
        page.locator("#banner", has_text="Stopped").wait_for(timeout=TIMEOUT_MS)
    assert problems == []

    # The session's console is shared: this run's audit is the one naming its flow run.
    audits = [json.loads(p.read_text()) for p in console.output_dir.rglob("audit-stopped.json")]
    decisions = [d for a in audits for d in a["decisions"] if d["flow_run_id"] == run_id]
    redo = next(d for d in decisions if (d["stage"], d["version"]) == ("visuals", 2))
    assert (redo["decision"], redo["pick"]) == ("regenerate", 2)
    assert redo["feedback"] == "scene 1: lighter"
    assert len(set(redo["variant_sha256"])) == 2
