"""Going back: which answers the gate takes, and how a rerun replays them (no server needed)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from flows.review import StageReview, _refuse
from pipeline.audit import DecisionLog, DecisionRecord
from pipeline.workspace import Workspace

LEFT = {stage: 5 for stage in ("scenes", "script", "visuals", "animations", "tts", "render")}


def refusal(stage: str, left: dict[str, int] = LEFT, **answer) -> str:
    return _refuse(
        StageReview(**answer),
        key=f"{stage}-v1",
        stage=stage,
        failed=False,
        regenerations_left=left,
    )


def test_going_back_to_an_earlier_stage_is_taken():
    assert refusal("render", decision="back", back_to="script", feedback="scene 3: simpler") == ""
    assert refusal("visuals", decision="back", back_to="scenes") == ""


def test_going_back_only_to_an_earlier_stage():
    assert "visuals is not earlier than visuals" in refusal(
        "visuals", decision="back", back_to="visuals"
    )
    assert "render is not earlier than script" in refusal(
        "script", decision="back", back_to="render"
    )
    assert "one of scenes, script" in refusal("visuals", decision="back")
    assert "no earlier stage" in refusal("scenes", decision="back", back_to="scenes")
    assert "back_to is for decision back" in refusal("tts", decision="accept", back_to="script")
    assert "script has used all its regenerates" in refusal(
        "render", LEFT | {"script": 0}, decision="back", back_to="script"
    )


def test_an_unknown_stage_is_refused_by_the_form():
    with pytest.raises(ValidationError, match="back_to"):
        StageReview(decision="back", back_to="storyboard")


def test_a_rerun_replays_a_stage_reviewed_twice_in_order(tmp_path):
    """Going back makes visuals v1 come up twice: each recorded decision is used once, in order."""
    log = DecisionLog(Workspace(root=tmp_path))
    for record in (
        DecisionRecord(stage="visuals", version=1, decision="accept", output_sha256="a"),
        DecisionRecord(
            stage="render", version=1, decision="back", back_to="script", output_sha256="r"
        ),
        DecisionRecord(stage="visuals", version=1, decision="regenerate", output_sha256="a"),
    ):
        log.append(record)
    rerun = DecisionLog(Workspace(root=tmp_path))
    assert rerun.recorded("visuals", 1, "a").decision == "accept"
    assert rerun.recorded("render", 1, "r").back_to == "script"
    assert rerun.recorded("visuals", 1, "a").decision == "regenerate"
    assert rerun.recorded("visuals", 1, "a") is None  # all used: the reviewer is asked


def test_variants_only_for_a_regenerate_of_the_variant_stages_and_a_pick_only_among_them():
    from flows.review import Choice
    from flows.stages import VARIANT_STAGES

    assert VARIANT_STAGES == ("scenes", "script", "visuals")
    written = Choice(stages=VARIANT_STAGES)
    three = Choice(shown=3, blocking=(0, 1, 0), stages=VARIANT_STAGES)

    def why(stage: str, choice: Choice, **answer) -> str:
        return _refuse(
            StageReview(**answer),
            key=f"{stage}-v2",
            stage=stage,
            failed=False,
            regenerations_left=LEFT,
            choice=choice,
        )

    assert why("script", written, decision="regenerate", variants=3) == ""
    assert why("visuals", written, decision="regenerate", variants=2) == ""
    assert "not of animations" in why("animations", written, decision="regenerate", variants=2)
    assert "of no stage of this run" in why("script", Choice(), decision="regenerate", variants=2)
    assert "variants are for regenerate" in why("script", written, decision="accept", variants=2)
    assert "no variants to pick from" in why("script", written, decision="accept", pick=1)
    assert "Pick the variant to accept (pick: 1-3)" in why("script", three, decision="accept")
    assert "pick one of 1-3" in why("script", three, decision="accept", pick=4)
    assert why("script", three, decision="accept", pick=1) == ""
    assert "blocking compliance" in why("script", three, decision="accept", pick=2)
    assert why("script", three, decision="accept", pick=2, waiver="reviewed by MLR") == ""
    with pytest.raises(ValidationError, match="variants"):
        StageReview(decision="regenerate", variants=5)
