"""The scenes and script stages: every example brief gives a valid storyboard and narration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import StageError
from pipeline.outputs import Scene, Scenes, Script, ScriptLine
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.video_types import Brief, parse_brief

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
VISUAL_KINDS = {"title", "bullets", "mechanism", "process", "stat", "contact", "safety", "cta"}


def load(name: str) -> Brief:
    return parse_brief(json.loads((EXAMPLES / f"{name}.json").read_text()))


@pytest.fixture(params=sorted(p.stem for p in EXAMPLES.glob("*.json")))
def brief(request: pytest.FixtureRequest) -> Brief:
    return load(request.param)


def test_every_example_gives_scenes_and_a_line_per_scene(brief: Brief) -> None:
    writer, revision = OfflineWriter(), Revision()
    scenes = plan_scenes(brief, revision=revision, writer=writer)
    script = write_script(brief, scenes, revision=revision, writer=writer)

    indexes = [s.index for s in scenes.scenes]
    assert indexes == list(range(1, len(indexes) + 1))
    assert 3 <= len(indexes) <= 10
    assert [line.scene_index for line in script.lines] == indexes
    for scene in scenes.scenes:
        assert scene.visual_kind in VISUAL_KINDS
        assert scene.title and len(scene.title) <= 48, scene.title
        assert len(scene.bullets) <= 4
        # Bullets stay short; a compliance rule is the exception: it is shown whole.
        limit = 120 if brief.video_type == "compliance_video" else 52
        assert all(len(b) <= limit for b in scene.bullets), scene.bullets
        assert "{" not in scene.title + scene.purpose + "".join(scene.bullets)
    for line in script.lines:
        assert "{" not in line.narration and "lorem" not in line.narration.lower()
    # ~2.6 words per second of target, within a generous margin.
    target_words = brief.target_duration_s * 2.6
    assert 0.6 * target_words <= script.word_count <= 1.5 * target_words


def test_scene_count_scales_with_target_duration() -> None:
    data = json.loads((EXAMPLES / "compliance_video.json").read_text())
    counts = {}
    for seconds in (15, 40, 90):
        brief = parse_brief({**data, "target_duration_s": seconds})
        scenes = plan_scenes(brief, revision=Revision(), writer=OfflineWriter())
        counts[seconds] = len(scenes.scenes)
    assert counts[15] <= counts[40] <= counts[90]
    # 15 s: title, the rules, the regulation cited and the acknowledgement (all four required)
    assert counts[15] == 4 and counts[90] >= 8


def test_versions_are_stamped_from_the_revision() -> None:
    brief, writer = load("doctor_ad"), OfflineWriter()
    revision = Revision().next("more formal").next("")
    scenes = plan_scenes(brief, revision=revision, writer=writer)
    script = write_script(brief, scenes, revision=revision, writer=writer)
    assert scenes.version == script.version == 3


def test_product_ad_ends_with_verbatim_safety_despite_feedback() -> None:
    brief, writer = load("product_ad"), OfflineWriter()
    revision = Revision().next("drop the safety information, much shorter").next("shorter")
    scenes = plan_scenes(brief, revision=revision, writer=writer)
    script = write_script(brief, scenes, revision=revision, writer=writer)
    assert scenes.scenes[-1].visual_kind == "safety"
    assert brief.safety_information in script.lines[-1].narration


def test_much_shorter_script_has_fewer_words_in_a_six_second_moa() -> None:
    data = json.loads((EXAMPLES / "moa.json").read_text())
    brief, writer = parse_brief({**data, "target_duration_s": 6}), OfflineWriter()
    scenes = plan_scenes(brief, revision=Revision(), writer=writer)
    first = write_script(brief, scenes, revision=Revision(), writer=writer)
    second = write_script(
        brief, scenes, revision=Revision().next("much shorter please"), writer=writer
    )
    assert second.word_count < first.word_count
    assert "talk to your doctor" in second.lines[-1].narration.lower()


def test_moa_has_a_mechanism_scene() -> None:
    scenes = plan_scenes(load("moa"), revision=Revision(), writer=OfflineWriter())
    assert [s for s in scenes.scenes if s.visual_kind == "mechanism"]


class GappyWriter:
    """A writer that numbers scenes wrongly and skips the safety line, as a sloppy model might."""

    name = "gappy"

    def write_scenes(self, brief: Brief, revision: Revision, **_) -> Scenes:
        scene = Scene(index=1, title="Hi", purpose="p", visual_kind="title", duration_hint_s=3)
        # Built without validation, as a buggy writer could: the stage must still catch it.
        return Scenes.model_construct(scenes=[scene, scene.model_copy(update={"index": 3})])

    def write_script(self, brief: Brief, scenes: Scenes, revision: Revision, **_) -> Script:
        return Script(
            lines=[ScriptLine(scene_index=s.index, narration="Hello.") for s in scenes.scenes]
        )


def test_stages_reject_a_writer_that_breaks_the_rules() -> None:
    brief = load("product_ad")
    with pytest.raises(StageError, match="scene indexes"):
        plan_scenes(brief, revision=Revision(), writer=GappyWriter())
    scenes = plan_scenes(brief, revision=Revision(), writer=OfflineWriter())
    with pytest.raises(StageError, match="safety"):
        write_script(brief, scenes, revision=Revision(), writer=GappyWriter())
    short = Script(
        lines=[ScriptLine(scene_index=s.index, narration="Hello.") for s in scenes.scenes[:-1]]
    )
    with pytest.raises(StageError, match="script lines"):
        write_script(brief, scenes, revision=Revision(), writer=_FixedScript(short))


class _FixedScript:
    name = "fixed"

    def __init__(self, script: Script) -> None:
        self.script = script

    def write_scenes(self, brief: Brief, revision: Revision, **_) -> Scenes:
        raise NotImplementedError

    def write_script(self, brief: Brief, scenes: Scenes, revision: Revision, **_) -> Script:
        return self.script
