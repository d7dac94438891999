"""The terminal review's answers, read from a real stdin: bad input is re-asked, never sent."""

from __future__ import annotations

import json

import pytest
import typer
from click.testing import CliRunner

from reelflow.console import creator
from reelflow.console.creator_review import automatic, decide


def answer(message: dict, typed: str) -> tuple[dict, str]:
    """What `decide` sends after `typed` is typed at it, and what it said on stderr."""
    with CliRunner(mix_stderr=False).isolation(input=typed) as (_, err):
        decision = decide(message, auto=False, reviewer="ana")
        return decision, err.getvalue().decode()


def review(stage: str = "visuals", **extra) -> dict:
    earlier = ["scenes", "script", "visuals", "animations", "tts", "render"]
    earlier = earlier[: earlier.index(stage)]
    return {"stage": stage, "version": 1, "pause": f"{stage}-v1", "earlier": earlier} | extra


def test_back_lists_only_earlier_stages_and_reasks_for_a_later_one():
    decision, said = answer(review("visuals"), "x\nb\nrender\nvisuals\n2\nsimpler\n")
    assert decision == {
        "pause": "visuals-v1",
        "reviewer": "ana",
        "action": "back",
        "stage": "script",
        "feedback": "simpler",
    }
    assert "'x' is not a choice" in said
    assert "'render' is not a stage before visuals: type one of scenes, script" in said
    assert "'visuals' is not a stage before visuals" in said


def test_scenes_has_nowhere_to_go_back_to():
    decision, said = answer(review("scenes"), "b\ns\n")
    assert decision["action"] == "stop"
    assert "no earlier stage to go back to from scenes" in said


def test_variants_are_asked_only_where_the_run_allows_them():
    allowed = review("script", variant_stages=["scenes", "script"])
    decision, said = answer(allowed, "r\nmore formal\n5\n3\n")
    assert (decision["variants"], decision["feedback"]) == (3, "more formal")
    assert "'5' is not a number from 1 to 4" in said
    one, _ = answer(allowed, "r\n\n\n")
    assert "variants" not in one and one["feedback"] == ""
    visuals = review("visuals", variant_stages=["scenes", "script"])
    decision, _ = answer(visuals, "r\nbrighter\n")  # no third question: visuals cannot vary
    assert decision == {
        "pause": "visuals-v1",
        "reviewer": "ana",
        "action": "regenerate",
        "feedback": "brighter",
    }


def test_accepting_variants_needs_a_pick_and_a_waiver_only_for_a_blocking_one():
    shown = review(
        "script",
        variants=[{"lines": []}, {"lines": []}],
        variants_compliance=[{"blocking": 0, "findings": []}, {"blocking": 1, "findings": []}],
    )
    decision, said = answer(shown, "a\n0\n2\n\nchecked with legal\n")
    assert (decision["pick"], decision["waiver"]) == (2, "checked with legal")
    assert "'0' is not a number from 1 to 2" in said
    decision, _ = answer(shown, "a\n1\n")
    assert decision["pick"] == 1 and "waiver" not in decision


def test_auto_picks_the_first_clear_variant_and_never_waives():
    shown = review(
        "script",
        variants=[{}, {}],
        variants_compliance=[{"blocking": 2}, {"blocking": 0}],
    )
    assert automatic(shown) == {"action": "accept", "pick": 2}
    shown["variants_compliance"][1]["blocking"] = 1
    assert automatic(shown) == {"action": "stop"}
    assert automatic(review("scenes", compliance={"blocking": 0})) == {"action": "accept"}


def test_input_running_out_aborts_without_sending():
    with pytest.raises(typer.Abort):
        answer(review("script"), "")


class Socket:
    """The console's side of a socket, scripted: what it says, and what the client sent."""

    def __init__(self, *messages: dict) -> None:
        self.said = [json.dumps(m) for m in messages]
        self.sent: list[dict] = []

    def recv(self, timeout: float) -> str:
        return self.said.pop(0)

    def send(self, text: str) -> None:
        self.sent.append(json.loads(text))


def test_a_refused_decision_is_asked_again_and_a_repeated_review_is_not():
    shown = review("script") | {"status": "completed", "pause_key": "script-v1-1"}
    refused = {"status": "error", "code": "refused", "message": "Prefect refused it"}
    socket = Socket(
        shown,
        refused,  # the first answer (stop) is refused: asked again, accept goes
        {"status": "running", "decided": {"decision": "accept"}},
        shown,  # the same review announced again while the decision landed: not asked
        {"status": "stopped", "message": "Stopped."},
    )
    with CliRunner(mix_stderr=False).isolation(input="s\na\n") as (_, err):
        outcome = creator.review(socket, auto=False, reviewer="ana", timeout_s=1)
    assert outcome == "stopped"
    assert [m["action"] for m in socket.sent] == ["stop", "accept"]
    assert all(m["pause"] == "script-v1" for m in socket.sent)
    assert "Prefect refused it" in err.getvalue().decode()
