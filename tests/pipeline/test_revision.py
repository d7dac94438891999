"""Revisions: versions count regenerates; scene-addressed feedback reaches only its scene."""

from __future__ import annotations

from pipeline.revision import Revision, scenes_named


def test_next_counts_versions_and_keeps_history():
    rev = Revision().next("shorter").next("")
    assert rev.version == 3 and rev.feedback == ("shorter", "")


def test_scene_names_are_parsed():
    assert scenes_named("scene 3: bigger title") == {3}
    assert scenes_named("Scenes 2 and 4 - warmer colours") == {2, 4}
    assert scenes_named("make it shorter") == frozenset()


def test_takes_and_notes():
    rev = Revision().next("more formal").next("scene 3: bigger title. scene 1 - warmer")
    assert [rev.take(i) for i in (1, 2, 3)] == [3, 2, 3]
    assert rev.notes_for_scene(3) == ["more formal", "bigger title."]
    assert rev.notes_for_scene(2) == ["more formal"]


def test_a_pick_to_regenerate_from_is_carried_by_every_later_version():
    v2 = Revision().next("warmer")
    # Variant 3 drew every scene two takes on; the versions after it go on from there.
    after = v2.as_variant(3).from_pick(3).next("lighter").next("")
    assert [after.take(i) for i in (1, 2)] == [6, 6]  # 1 + three regenerates + two carried
    assert after.variant == 0 and after.version == 4
    # A variant of "scene 2: …" moved only scene 2, and only scene 2 carries it.
    named = Revision().next("scene 2: bolder").as_variant(2).from_pick(2).next("")
    assert [named.take(i) for i in (1, 2)] == [2, 4]
    # Variant 1 is the draft itself: nothing to carry.
    assert v2.as_variant(1).from_pick(1).next("").take(1) == Revision().next("").next("").take(1)
