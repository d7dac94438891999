"""The `back` message: parsed and checked like every other decision; then on a real run."""

from __future__ import annotations

import pytest

from reelflow.console.protocol import Back, ProtocolError, parse
from tests.console.conftest import moa_brief


def test_back_names_an_earlier_stage_and_its_feedback():
    back = parse('{"action": "back", "stage": "script", "feedback": "scene 3: simpler"}')
    assert isinstance(back, Back) and (back.stage, back.feedback) == ("script", "scene 3: simpler")
    after = parse('{"action": "back", "stage": "scenes", "pause": "render-v1-b2"}')
    assert after.pause == "render-v1-b2"


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        ('{"action": "back"}', "missing_field", "stage"),
        ('{"action": "back", "stage": "storyboard"}', "invalid_field", "stage"),
        ('{"action": "back", "stage": "script", "pause": "render-1"}', "invalid_field", "pause"),
        ('{"action": "back", "stage": "script", "to": "x"}', "invalid_field", "to"),
    ],
)
def test_a_bad_back_message_names_its_field(raw, code, field):
    with pytest.raises(ProtocolError) as caught:
        parse(raw)
    assert (caught.value.code, caught.value.extra["field"]) == (code, field)


@pytest.mark.server
def test_going_back_over_the_socket(console):
    with console.connect() as client:
        client.send({"action": "start", "video_type": "moa", "payload": moa_brief(6.25)})
        run_id = client.until("started")["run_id"]
        scenes = client.until("completed", run_id=run_id)
        assert scenes["earlier"] == []
        client.send({"action": "accept", "reviewer": "ana", "pause": "scenes-v1"})
        script = client.until("completed", run_id=run_id)
        assert (script["pause"], script["earlier"]) == ("script-v1", ["scenes"])

        client.send({"action": "back", "stage": "script", "pause": "script-v1"})
        refused = client.until("error")
        assert (refused["code"], refused["field"]) == ("invalid_field", "stage")
        assert "script is not earlier than script" in refused["message"]

        back = {"action": "back", "stage": "scenes", "feedback": "shorter", "reviewer": "ana"}
        client.send(back | {"pause": "script-v1"})
        decided = {}
        while decided.get("decision") != "back":  # earlier news of the run may come first
            decided = client.until("running", run_id=run_id).get("decided", {})
        assert decided["back_to"] == "scenes"
        again = client.until("completed", run_id=run_id)
        assert (again["stage"], again["version"], again["pause"]) == ("scenes", 2, "scenes-v2-b1")
        assert [(h["stage"], h["decision"], h["back_to"]) for h in again["history"]][-1] == (
            "script",
            "back",
            "scenes",
        )
        client.send({"action": "stop", "pause": "scenes-v2-b1"})
        client.until("stopped", run_id=run_id)
