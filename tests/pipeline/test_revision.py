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
