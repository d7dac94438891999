"""Variants over the socket: a regenerate asks for them, the review shows them, a pick goes on."""

from __future__ import annotations

import pytest

from reelflow.console.protocol import Accept, ProtocolError, Regenerate, parse
from tests.console.conftest import moa_brief


def test_regenerate_asks_for_variants_and_accept_picks_one():
    regenerate = parse('{"action": "regenerate", "feedback": "more formal", "variants": 3}')
    assert isinstance(regenerate, Regenerate) and regenerate.variants == 3
    accept = parse('{"action": "accept", "pick": 2}')
    assert isinstance(accept, Accept) and accept.pick == 2


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"action": "regenerate", "feedback": "", "variants": 5}', "variants"),
        ('{"action": "regenerate", "feedback": "", "variants": 0}', "variants"),
        ('{"action": "accept", "pick": 0}', "pick"),
        ('{"action": "stop", "pick": 1}', "pick"),
    ],
)
def test_variants_and_pick_out_of_range_are_refused(raw, field):
    with pytest.raises(ProtocolError) as caught:
        parse(raw)
    assert (caught.value.code, caught.value.extra["field"]) == ("invalid_field", field)


@pytest.mark.server
def test_script_and_slide_variants_side_by_side_over_the_socket(console):
    with console.connect() as client:
        client.send({"action": "start", "video_type": "moa", "payload": moa_brief(6.75)})
        run_id = client.until("started")["run_id"]
        client.until("completed", run_id=run_id)
        client.send({"action": "accept", "pause": "scenes-v1"})
        assert client.until("completed", run_id=run_id)["pause"] == "script-v1"
        client.send(
            {"action": "regenerate", "feedback": "more formal", "variants": 2, "pause": "script-v1"}
        )
        shown = client.until("completed", run_id=run_id)
        assert (shown["pause"], len(shown["variants"])) == ("script-v2", 2)
        assert [v["variant"] for v in shown["variants"]] == [1, 2]
        assert shown["variants"][0]["lines"] != shown["variants"][1]["lines"]
        assert shown["variant_stages"] == ["scenes", "script", "visuals"]  # a brief's run
        # each variant checked on its own: the offline writer's variant 2 says "the best"
        assert [report["blocking"] for report in shown["variants_compliance"]] == [0, 1]

        pick = {"action": "accept", "pick": 2, "waiver": "reviewed", "pause": "script-v2"}
        client.send(pick)
        decided = {}
        while decided.get("pick") != 2:  # earlier news of the run may come first
            decided = client.until("running", run_id=run_id).get("decided", {})
        visuals = client.until("completed", run_id=run_id)
        assert visuals["stage"] == "visuals"
        assert visuals["context"]["script"]["lines"] == shown["variants"][1]["lines"]
        client.send(
            {"action": "regenerate", "feedback": "bolder", "variants": 2, "pause": "visuals-v1"}
        )
        slides = client.until("completed", run_id=run_id)
        assert (slides["pause"], len(slides["variants"])) == ("visuals-v2", 2)
        looks = [[item["sha256"] for item in v["items"]] for v in slides["variants"]]
        assert looks[0] != looks[1]  # another layout for every scene
        client.send({"action": "stop", "pause": "visuals-v2"})
        client.until("stopped", run_id=run_id)
