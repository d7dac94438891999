"""A reviewer uses the page's choices in headless Debian chromium, on a real run to delivery:
asks for two script variants, sees them side by side, picks the second, later goes back from
animations to the script with feedback; the delivered audit trail records all three."""

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


def fill_waiver_if_asked(page, text: str) -> bool:
    """Blocking findings make the page ask for a waiver: write one (True when it asked)."""
    waiver = page.locator("#waiver")
    if not waiver.is_visible():
        return False
    waiver.fill(text)
    return True


def narration(column) -> list[str]:
    """The script lines one column shows, in scene order."""
    return [text.strip() for text in column.locator("article.scene p").all_inner_texts()]


def test_variants_pick_and_going_back_in_the_page(console, tmp_path):
    problems: list[str] = []
    with reviewing(console, moa_brief(8.25), tmp_path, problems) as (page, run_id):
        page.fill("#reviewer", "Dr. Page")
        click(page, "accept")
        wait_stage(page, "script")
        # Side by side: two columns, each with its own lines and its own Pick button.
        columns = ask_variants(page, "script", "more formal", 2)
        first, second = columns.nth(0), columns.nth(1)
        assert first.is_visible() and second.is_visible()
        left, right = first.bounding_box(), second.bounding_box()
        assert right["x"] >= left["x"] + left["width"] - 1  # beside, not below
        assert abs(right["y"] - left["y"]) < 2
        one, two = narration(first), narration(second)
        assert one and two and all(one) and all(two)
        assert one != two  # two different wordings, both on the page
        assert page.locator("#previous").is_hidden()
        page.screenshot(path=str(tmp_path / "variants.png"))

        # Each column shows its own findings (the flow holds a pick to the picked one's);
        # the plain Accept is off: a variants review is decided by picking.
        assert page.locator("#compliance").is_hidden()
        assert page.locator("#accept").is_disabled()
        blocks = ["blocking finding" in c.locator(".findings").inner_text() for c in columns.all()]
        assert page.locator("#waiver").is_visible() == any(blocks)
        if blocks[1]:  # the offline writer's variant 2 says "the best": a blocking phrase
            second.get_by_role("button", name="Pick 2").click()  # no waiver yet: not sent
            page.locator("#toast", has_text="Variant 2 has blocking").wait_for()
            assert page.locator("#waiver").evaluate("e => e === document.activeElement")
            assert page.inner_text("#state").endswith("waiting for you")
        asked_waiver = fill_waiver_if_asked(page, "claims checked against the label")
        assert asked_waiver == any(blocks)
        second.get_by_role("button", name="Pick 2").click()
        page.locator("#state", has_text="working").wait_for(timeout=TIMEOUT_MS)
        assert columns.nth(0).get_by_role("button", name="Pick 1").is_disabled()

        wait_stage(page, "visuals")
        click(page, "accept")
        wait_stage(page, "animations")
        assert page.locator("#variants").is_hidden()  # motion is not made as variants
        # Going back: the page offers the stages before this one; the script is made again.
        options = page.locator("#back-to option").all_inner_texts()
        assert [o for o in options if not o.endswith("…")] == ["scenes", "script", "visuals"]
        page.fill("#feedback", "scene 1: simpler words")
        page.select_option("#back-to", "script")
        click(page, "back")

        wait_stage(page, "script", 3)
        redone = narration(page.locator("#current"))
        assert redone[0] not in (one[0], two[0])  # scene 1 redone
        assert redone[1:] == two[1:]  # the other scenes as picked (variant 2), not variant 1
        history = page.inner_text("#history")
        assert "back" in history and "scene 1: simpler words" in history
        fill_waiver_if_asked(page, "claims checked against the label")
        click(page, "accept")
        for stage in ("visuals", "animations", "tts", "render"):
            wait_stage(page, stage, None)  # a version again only where its input changed
            click(page, "accept")
        page.locator("#banner", has_text="Video ready").wait_for(timeout=TIMEOUT_MS)
        mp4_url = page.locator("#current a", has_text="MP4").get_attribute("href")
        audit_url = page.locator("#current a", has_text="audit record").get_attribute("href")
        served = page.request.get(f"{console.url}{audit_url}")
        assert served.ok
        audit_served = served.json()
    assert problems == []

    mp4 = console.output_dir / mp4_url.removeprefix("/media/")
    audit_path = console.output_dir / audit_url.removeprefix("/media/")
    assert mp4.is_file() and audit_path.parent == mp4.parent  # the audit sits next to the MP4
    audit = json.loads(audit_path.read_text(encoding="utf-8"))
    assert audit == audit_served
    decisions = [(d["stage"], d["version"], d["decision"]) for d in audit["decisions"]]
    assert decisions[:4] == [
        ("scenes", 1, "accept"),
        ("script", 1, "regenerate"),
        ("script", 2, "accept"),
        ("visuals", 1, "accept"),
    ]
    asked, picked, back = audit["decisions"][1], audit["decisions"][2], audit["decisions"][4]
    assert (asked["variants"], asked["feedback"]) == (2, "more formal")
    assert picked["pick"] == 2 and len(set(picked["variant_sha256"])) == 2
    assert picked["output_sha256"] != "" and picked["reviewer"] == "Dr. Page"
    assert bool(picked["waiver"]) == asked_waiver
    assert (back["stage"], back["decision"], back["back_to"]) == ("animations", "back", "script")
    assert back["feedback"] == "scene 1: simpler words"
    assert ("script", 3, "accept") in decisions[5:]
    assert decisions[-1][0::2] == ("render", "accept")
