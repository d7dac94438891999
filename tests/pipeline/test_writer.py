"""The offline writer: versions, determinism, and every kind of reviewer feedback it honours."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.outputs import Scenes, Script
from pipeline.providers.writer import Writer
from pipeline.providers.writer.budget import main_clause
from pipeline.providers.writer.feedback import has_contraction, style_from_notes, topic_edits
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.video_types import Brief, parse_brief

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))
SECONDS = (6, 20, 45)
SHORTER = ("shorter", "much shorter please", "too long", "more concise", "cut it down")
LONGER = ("longer", "more detail", "longer please, more detail")


def load(name: str, **changes: object) -> Brief:
    return parse_brief({**json.loads((EXAMPLES / f"{name}.json").read_text()), **changes})


def draft(brief: Brief, *feedback: str) -> tuple[Scenes, Script]:
    """Scenes and script after regenerating both stages with the same feedback history."""
    revision = Revision()
    for note in feedback:
        revision = revision.next(note)
    writer = OfflineWriter()
    scenes = writer.write_scenes(brief, revision)
    return scenes, writer.write_script(brief, scenes, revision)


def narration(script: Script) -> str:
    return " ".join(line.narration for line in script.lines)


def script_after(brief: Brief, *feedback: str) -> tuple[Script, Script]:
    """The previous and the latest script for the same approved scenes (a script regenerate)."""
    writer = OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    revision = Revision()
    for note in feedback:
        revision = revision.next(note)
    previous = Revision(version=revision.version - 1, feedback=revision.feedback[:-1])
    return (
        writer.write_script(brief, scenes, previous),
        writer.write_script(brief, scenes, revision),
    )


def words(text: str) -> int:
    return len(text.split())


def test_offline_writer_is_a_writer() -> None:
    writer: Writer = OfflineWriter()
    assert writer.name == "offline"


@pytest.mark.parametrize("name", NAMES)
def test_same_brief_and_revision_give_identical_output(name: str) -> None:
    assert draft(load(name), "shorter", "add side effects") == draft(
        load(name), "shorter", "add side effects"
    )


@pytest.mark.parametrize("name", NAMES)
def test_version_two_reads_visibly_different_even_without_feedback(name: str) -> None:
    brief = load(name)
    (s1, t1), (s2, t2), (s3, t3) = draft(brief), draft(brief, ""), draft(brief, "", "")
    titles = [[s.title for s in scenes.scenes] for scenes in (s1, s2, s3)]
    assert titles[0] != titles[1] != titles[2] != titles[0]
    assert narration(t1) != narration(t2) != narration(t3) != narration(t1)


@pytest.mark.parametrize("name", NAMES)
def test_shorter_lowers_and_longer_raises_the_word_count(name: str) -> None:
    brief = load(name)
    plain = draft(brief, "")[1].word_count
    assert draft(brief, "too long, make it more concise")[1].word_count < plain
    assert draft(brief, "longer please, more detail")[1].word_count > plain


@pytest.mark.parametrize("seconds", SECONDS)
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("history", [(), ("",), ("more formal",), ("longer",)])
def test_shorter_always_has_fewer_words_than_the_previous_version(
    name: str, seconds: int, history: tuple[str, ...]
) -> None:
    brief = load(name, target_duration_s=seconds)
    for note in SHORTER:
        before, after = script_after(brief, *history, note)
        assert after.word_count < before.word_count, (note, narration(before), narration(after))
        if brief.video_type == "product_ad":
            assert after.lines[-1].narration == before.lines[-1].narration
            assert brief.safety_information in after.lines[-1].narration


@pytest.mark.parametrize("seconds", SECONDS)
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("history", [(), ("",), ("more formal",), ("shorter",)])
def test_longer_always_has_more_words_than_the_previous_version(
    name: str, seconds: int, history: tuple[str, ...]
) -> None:
    brief = load(name, target_duration_s=seconds)
    for note in LONGER:
        before, after = script_after(brief, *history, note)
        assert after.word_count > before.word_count, (note, narration(before), narration(after))


def test_the_reported_case_much_shorter_moa_at_six_seconds() -> None:
    before, after = script_after(load("moa", target_duration_s=6), "much shorter please")
    assert after.word_count < before.word_count == 32


@pytest.mark.parametrize("seconds", SECONDS)
@pytest.mark.parametrize("name", NAMES)
def test_scene_addressed_shorter_shortens_that_line_only(name: str, seconds: int) -> None:
    brief = load(name, target_duration_s=seconds)
    scenes = OfflineWriter().write_scenes(brief, Revision())
    # Lines that are only the brief's own call to action or topic have nothing left to cut;
    # fair balance is never shortened.
    own_words = {getattr(brief, f, "").rstrip(".") for f in ("call_to_action", "topic")}
    for scene in scenes.scenes:
        before, after = script_after(brief, f"scene {scene.index}: shorter")
        changed = [a.scene_index for a, b in zip(after.lines, before.lines, strict=True) if a != b]
        line = before.for_scene(scene.index).narration
        indication = getattr(brief, "indication", None)  # said in the label's words, always
        if (
            scene.visual_kind == "safety"
            or line.rstrip(".") in own_words
            or (indication and indication in line)
        ):
            assert changed == []
            continue
        assert changed == [scene.index]
        assert words(after.for_scene(scene.index).narration) < words(line)


@pytest.mark.parametrize("seconds", SECONDS)
@pytest.mark.parametrize("name", NAMES)
def test_scene_addressed_longer_never_shortens_and_touches_only_that_line(
    name: str, seconds: int
) -> None:
    brief = load(name, target_duration_s=seconds)
    scenes = OfflineWriter().write_scenes(brief, Revision())
    grew = 0
    for scene in scenes.scenes:
        before, after = script_after(brief, f"scene {scene.index}: more detail")
        changed = [a.scene_index for a, b in zip(after.lines, before.lines, strict=True) if a != b]
        assert changed in ([], [scene.index])
        grew += bool(changed)
        assert words(after.for_scene(scene.index).narration) >= words(
            before.for_scene(scene.index).narration
        )
    assert grew >= len(scenes.scenes) // 2
    if name == "moa":  # every moa scene has more to say
        assert grew == len(scenes.scenes)


def test_a_length_note_keeps_the_wording_and_only_changes_the_length() -> None:
    brief = load("moa", target_duration_s=20)
    before, after = script_after(brief, "", "longer")
    for old, new in zip(before.lines, after.lines, strict=True):
        assert new.narration.startswith(old.narration), (old.narration, new.narration)
    plain, shorter = draft(brief, "")[0], draft(brief, "", "shorter")[0]
    assert [s.title for s in plain.scenes] == [s.title for s in shorter.scenes]


@pytest.mark.parametrize("seconds", SECONDS)
@pytest.mark.parametrize("name", NAMES)
def test_regenerating_both_stages_shorter_or_longer_moves_the_word_count(
    name: str, seconds: int
) -> None:
    brief = load(name, target_duration_s=seconds)
    plain = draft(brief)[1].word_count
    assert draft(brief, "much shorter please")[1].word_count < plain
    assert draft(brief, "more detail")[1].word_count > plain


def test_main_clause_drops_secondary_clauses_but_keeps_lists() -> None:
    note = "Atorvastatin blocks HMG-CoA reductase in the liver, the enzyme that makes cholesterol."
    assert main_clause(note) == "Atorvastatin blocks HMG-CoA reductase in the liver."
    assert main_clause("Never give medical advice; refer to Medical Information.") == (
        "Never give medical advice."
    )
    assert main_clause("Pain in the jaw, neck or back.") == "Pain in the jaw, neck or back."
    assert main_clause("Readings (every minute) with no fingersticks.") == (
        "Readings with no fingersticks."
    )


def test_length_feedback_accumulates_oldest_first() -> None:
    brief = load("moa")
    once = draft(brief, "shorter")[1].word_count
    assert draft(brief, "shorter", "shorter")[1].word_count < once
    assert draft(brief, "shorter", "longer")[1].word_count > once


@pytest.mark.parametrize("name", NAMES)
def test_more_formal_removes_contractions(name: str) -> None:
    brief = load(name, target_duration_s=60)  # room for the conversational details
    if name != "compliance_video":  # training copy is already formal
        assert any(has_contraction(line.narration) for line in draft(brief)[1].lines)
    scenes, script = draft(brief, "more formal")
    for line in script.lines:
        assert not has_contraction(line.narration), line.narration
    for scene in scenes.scenes:
        assert not has_contraction(scene.title)


def test_simpler_uses_lay_terms_and_shorter_sentences_for_hcps() -> None:
    brief = load("moa", audience="hcps")
    clinical = narration(draft(brief)[1]) + narration(draft(brief, "")[1])
    simple = narration(draft(brief, "simpler, less technical")[1]) + narration(
        draft(brief, "", "plain language")[1]
    )
    assert re.search(r"pharmacodynamic|pharmacology|pathophysiology|target engagement", clinical)
    assert not re.search(r"pharmacodynamic|pharmacology|pathophysiology|engagement", simple)


def test_simpler_splits_long_sentences() -> None:
    brief = load("compliance_video")
    rule = "Never give medical advice; refer to Medical Information."
    assert rule in narration(draft(brief)[1])
    assert "Never give medical advice. Refer to Medical Information." in narration(
        draft(brief, "simpler")[1]
    )


@pytest.mark.parametrize("name", NAMES)
def test_add_topic_brings_a_scene_and_a_line_about_it(name: str) -> None:
    brief = load(name)
    scenes, script = draft(brief, "add a scene about storage and handling")
    about = [s for s in scenes.scenes if "storage and handling" in s.title.lower()]
    assert len(about) == 1
    assert "storage and handling" in script.for_scene(about[0].index).narration
    assert len(scenes.scenes) == len(draft(brief)[0].scenes) + 1
    if brief.video_type == "product_ad":
        assert scenes.scenes[-1].visual_kind == "safety"


def test_add_in_the_script_stage_puts_a_sentence_in_a_line() -> None:
    brief, writer = load("doctor_ad"), OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    script = writer.write_script(brief, scenes, Revision().next("Add parking information"))
    assert len(script.lines) == len(scenes.scenes)
    assert "parking information" in narration(script)


def test_remove_topic_drops_scenes_and_lines_about_it() -> None:
    brief = load("product_ad")
    scenes, script = draft(brief, "remove the alerts")
    assert not any("alert" in (s.title + " ".join(s.bullets)).lower() for s in scenes.scenes)
    assert "alert" not in narration(script).lower()
    assert len(scenes.scenes) == len(draft(brief)[0].scenes) - 1


def test_remove_in_the_script_stage_drops_sentences_not_lines() -> None:
    brief, writer = load("social_media"), OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    script = writer.write_script(brief, scenes, Revision().next("no jaw pain"))
    assert [line.scene_index for line in script.lines] == [s.index for s in scenes.scenes]
    assert "jaw" not in narration(script).lower()


def test_removing_safety_or_mri_never_touches_fair_balance() -> None:
    brief = load("product_ad")
    scenes, script = draft(brief, "no safety information", "remove MRI", "drop side effects")
    assert scenes.scenes[-1].visual_kind == "safety"
    assert brief.safety_information in script.lines[-1].narration
    assert "safety" not in " ".join(s.purpose for s in scenes.scenes[:-1]).lower()


def test_moa_keeps_its_mechanism_scene_and_uses_the_notes() -> None:
    brief = load("moa")
    scenes, script = draft(brief)
    mechanism = [s for s in scenes.scenes if s.visual_kind == "mechanism"]
    assert len(mechanism) == 1 and "Atorvastatin" in mechanism[0].bullets
    assert "HMG-CoA reductase" in narration(script)
    assert "talk to your doctor" in script.lines[-1].narration.lower()
    hcps = draft(load("moa", audience="hcps"))[1]
    assert "prescribing information" in narration(hcps).lower()


def test_social_media_opens_with_a_short_hook_and_closes_with_hashtags() -> None:
    brief = load("social_media")
    scenes, script = draft(brief)
    assert len(script.lines[0].narration.split()) <= 12
    assert "#HeartHealth" in " ".join(scenes.scenes[-1].bullets)


def test_doctor_ad_shows_services_and_contact() -> None:
    brief = load("doctor_ad")
    scenes, script = draft(brief)
    shown = " ".join(b for s in scenes.scenes for b in s.bullets)
    assert all(service in shown for service in brief.services)
    assert [s for s in scenes.scenes if s.visual_kind == "contact"]
    assert "555-0142" in narration(script)


def test_scene_addressed_feedback_changes_only_that_line() -> None:
    brief, writer = load("moa"), OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    before = writer.write_script(brief, scenes, Revision())
    after = writer.write_script(brief, scenes, Revision().next("scene 3: shorter"))
    changed = [a.scene_index for a, b in zip(after.lines, before.lines, strict=True) if a != b]
    assert changed == [3]
    assert len(after.for_scene(3).narration.split()) <= len(before.for_scene(3).narration.split())


def test_scene_addressed_feedback_in_the_storyboard_changes_only_that_scene() -> None:
    brief = load("compliance_video")
    before, after = draft(brief)[0], draft(brief, "scene 2: more formal")[0]
    changed = [a.index for a, b in zip(after.scenes, before.scenes, strict=True) if a != b]
    assert changed == [2]


@pytest.mark.parametrize(
    "note",
    [
        "",
        "???",
        "make it pop!!",
        "scene 99: shorter",
        "remove",
        "add",
        "no",
        "scenes 1 and 2 - warmer",
        "x" * 2000,
    ],
)
def test_unknown_feedback_does_not_crash(note: str) -> None:
    scenes, script = draft(load("product_ad"), note)
    assert len(script.lines) == len(scenes.scenes)


def test_feedback_parsing() -> None:
    assert style_from_notes(["shorter and more formal"]).register == "formal"
    assert style_from_notes(["shorter", "shorter", "longer"]).length == -1
    edits = topic_edits(["add side effects, remove dosing", "add dosing"])
    assert edits.add == ("side effects", "dosing") and edits.remove == ()
    assert topic_edits(["add more detail"]).add == ()


def test_non_english_brief_still_gets_english_copy() -> None:
    scenes, script = draft(load("doctor_ad", language="de"))
    assert script.word_count > 0 and "Book" in " ".join(s.title for s in scenes.scenes)


@pytest.mark.parametrize("seconds", [6, 20, 45])
def test_shorter_never_cuts_a_compliance_rule_in_half(seconds):
    data = json.loads((EXAMPLES / "compliance_video.json").read_text())
    brief = parse_brief(data | {"target_duration_s": seconds})
    writer = OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    shown = [
        r for r in brief.key_rules if any(r[:40] in " ".join(s.bullets) for s in scenes.scenes)
    ]
    assert shown, "the example's rules should be on screen"
    revision = Revision()
    for _ in range(5):
        revision = revision.next("shorter")
        lines = writer.write_script(brief, scenes, revision).lines
        text = " ".join(line.narration for line in lines)
        for rule in shown:
            assert rule.rstrip(".") in text, (rule, text)


def test_a_line_whose_opener_was_removed_still_says_something_when_shortened():
    """'remove <the opener>' plus 'much shorter' once left a line empty (an invalid script)."""
    from pipeline.providers.writer.budget import fit_line, without_removed

    options = [
        ("Here's how Atorvastatin works, and how it helps with high LDL cholesterol.", "opener"),
        ("Atorvastatin lowers cholesterol.", "detail"),
    ]
    kept = without_removed(options, ["here's how atorvastatin works"], "How it works.")
    assert fit_line(kept, budget=1, steps=[-2]) == ["Atorvastatin lowers cholesterol."]
