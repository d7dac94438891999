"""The offline writer goes on from a picked variant's words.

A reviewer who picks variant 2 of the script and later asks to redo scene 1 (going back to the
script, or regenerating from the pick) expects the other scenes worded as the pick, not as
variant 1: the writer rebuilds every version from its revision, so the pick must be in it.
"""

from __future__ import annotations

import pytest

from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.video_types import parse_brief
from tests.conftest import example_data

WRITER = OfflineWriter()


@pytest.fixture
def moa():
    data = example_data("moa") | {"target_duration_s": 8.25}
    return parse_brief(data, source="test")


@pytest.mark.parametrize("pick", [2, 3])
def test_a_later_script_keeps_the_picked_words_where_it_does_not_redo(moa, pick):
    scenes = plan_scenes(moa, revision=Revision(), writer=WRITER)
    asked = Revision().next("more formal")
    variants = [
        write_script(moa, scenes, revision=asked.as_variant(k), writer=WRITER) for k in (1, 2, 3)
    ]
    picked = variants[pick - 1]
    assert picked.lines != variants[0].lines

    later = asked.from_pick(pick).next("scene 1: simpler words")
    redone = write_script(moa, scenes, revision=later, writer=WRITER, previous=picked)
    assert redone.lines[1:] == picked.lines[1:]  # scenes 2 and 3 as picked
    assert redone.lines[0] != picked.lines[0]  # scene 1 redone

    # Without the pick in the revision the unnamed scenes fall back to variant 1's words.
    unpicked = write_script(
        moa, scenes, revision=asked.next("scene 1: simpler words"), writer=WRITER
    )
    assert unpicked.lines[1:] == variants[0].lines[1:]


def test_a_later_storyboard_keeps_the_picked_scenes_where_it_does_not_redo(moa):
    asked = Revision().next("more formal")
    two = plan_scenes(moa, revision=asked.as_variant(2), writer=WRITER)
    one = plan_scenes(moa, revision=asked.as_variant(1), writer=WRITER)
    assert [s.title for s in two.scenes] != [s.title for s in one.scenes]

    later = plan_scenes(
        moa, revision=asked.from_pick(2).next("scene 1: shorter title"), writer=WRITER
    )
    assert later.scenes[1:] == two.scenes[1:]
