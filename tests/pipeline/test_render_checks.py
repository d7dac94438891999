"""The render-timing rules: each deliberately non-compliant video trips exactly the rule it targets.

Timelines are built as the render plans them (no encode): the example product ad with the
animations the stage plans, narrated at an even pace; each case changes one thing.
"""

from __future__ import annotations

import math

import pytest

from pipeline.compliance.legibility import DrawnScreen, DrawnText, contrast_ratio, measure_screen
from pipeline.compliance.render_checks import check_render, max_cps
from pipeline.compliance.timeline import build_timeline
from pipeline.outputs import Animations, Motion, Narration, SceneAnimation, Script, ScriptLine
from pipeline.profile import RenderProfile
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.animations import _entry, motion_for
from pipeline.video_types import parse_brief
from tests.conftest import example_data
from tests.pipeline.test_timeline import narration_for

WRITER = OfflineWriter()
ZOOM = Motion(start=(0.5, 0.5, 1.0), end=(0.5, 0.5, 1.08))


def video(
    video_type="product_ad",
    *,
    brief_changes=None,
    script_edit=None,
    motion=None,
    pace=None,
    measure=True,
    narration_edit=None,
):
    brief = parse_brief(example_data(video_type) | (brief_changes or {}))
    scenes = WRITER.write_scenes(brief, Revision())
    script = WRITER.write_script(brief, scenes, Revision())
    if script_edit:
        script = Script(
            lines=[
                ScriptLine(
                    scene_index=li.scene_index,
                    narration=script_edit(li, scenes.scenes[li.scene_index - 1].visual_kind),
                )
                for li in script.lines
            ]
        )
    animations = Animations(
        items=[
            SceneAnimation(
                scene_index=s.index,
                motion=(motion or {}).get(s.visual_kind, motion_for(s.index, s.visual_kind, 1)),
                transition_in=_entry(n, s.visual_kind),
                transition_s=0.5,
            )
            for n, s in enumerate(scenes.scenes)
        ]
    )
    narration = narration_for(script)
    if pace:
        fast = narration_for(script, pace[1])
        narration = Narration(
            clips=[
                f if scenes.scenes[c.scene_index - 1].visual_kind in pace[0] else c
                for c, f in zip(narration.clips, fast.clips, strict=True)
            ],
            provider="test",
            voice="even",
        )
    if narration_edit:
        narration = narration_edit(scenes, narration)
    profile = RenderProfile.for_aspect(brief.aspect)
    timeline = build_timeline(
        brief,
        scenes,
        script,
        animations,
        narration,
        fps=profile.fps,
        size=(profile.width, profile.height),
    )
    screen = (
        measure_screen(
            brief,
            scenes,
            script,
            animations,
            timeline,
            still_size=profile.still_size,
            overscan=profile.overscan,
        )
        if measure
        else DrawnScreen()
    )
    return brief, timeline, screen


def tripped(brief, timeline, screen) -> set[str]:
    return {f.rule_id for f in check_render(brief, timeline, screen).findings}


@pytest.fixture(scope="module")
def clean():
    return tripped(*video())


def test_the_example_product_ad_passes_every_blocking_render_rule():
    brief, timeline, screen = video()
    report = check_render(brief, timeline, screen)
    assert report.blocking == (), [(f.rule_id, f.evidence) for f in report.blocking]
    assert timeline.major_statement is not None


def test_a_spoken_lead_in_puts_the_text_on_screen_before_the_speech(clean):
    lead = lambda li, kind: f"Please listen. {li.narration}" if kind == "safety" else li.narration  # noqa: E731
    brief, timeline, screen = video(script_edit=lead)
    report = check_render(brief, timeline, screen)
    assert tripped(brief, timeline, screen) - clean == {"major-statement-sync"}
    finding = next(f for f in report.findings if f.rule_id == "major-statement-sync")
    evidence = finding.evidence[1]
    assert "frames" in evidence.measured and evidence.limit == "within ±3 frames of the first word"
    assert evidence.where.startswith("slide body on screen 00:00:")


def test_a_moving_picture_interferes(clean):
    brief, timeline, screen = video(motion={"safety": ZOOM})
    assert tripped(brief, timeline, screen) - clean == {"major-statement-interference"}


def test_text_read_too_fast_is_too_quick_to_read(clean):
    brief, timeline, screen = video(pace=(("safety", "bullets", "title", "cta"), 0.1))
    assert tripped(brief, timeline, screen) - clean == {"major-statement-reading-speed"}


def test_the_reading_speed_limit_is_the_languages_own():
    assert (max_cps("en"), max_cps("en-GB"), max_cps("de"), max_cps("ja")) == (20, 20, 17, 4)
    english = check_render(*video(measure=False))
    assert "major-statement-reading-speed" not in {f.rule_id for f in english.findings}
    japanese = check_render(*video(brief_changes={"language": "ja"}, measure=False))
    finding = next(f for f in japanese.findings if f.rule_id == "major-statement-reading-speed")
    assert finding.evidence[0].limit.startswith("≤ 4 cps")


def test_a_long_statement_shrinks_below_30_px(clean):
    long = " ".join(["Do not use it if you are ill or if you feel sick at all."] * 26)
    brief, timeline, screen = video(brief_changes={"safety_information": long})
    report = check_render(brief, timeline, screen)
    assert tripped(brief, timeline, screen) - clean == {"major-statement-text-size"}
    evidence = next(f for f in report.findings if f.rule_id == "major-statement-text-size").evidence
    assert "px at 1080 lines" in evidence[0].measured and evidence[0].limit.startswith("≥ 30")


def test_low_contrast_text_is_found():
    assert contrast_ratio((255, 255, 255), (0, 0, 0)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    brief, timeline, screen = video(measure=False)
    major = timeline.major_statement
    grey = DrawnText(major.text[:40], 40.0, (150, 150, 150), (255, 255, 255))
    screen.slides[major.scene_index] = [grey]
    report = check_render(brief, timeline, screen)
    assert {f.rule_id for f in report.findings} == {"major-statement-contrast"}
    assert report.findings[0].evidence[0].measured.startswith("2.")


def test_risk_read_faster_than_the_benefits(clean):
    brief, timeline, screen = video(pace=(("bullets",), 0.6))  # benefits read slowly
    assert tripped(brief, timeline, screen) - clean == {"risk-pace"}


def test_risk_text_smaller_than_benefit_text_warns():
    brief, timeline, screen = video()
    report = check_render(brief, timeline, screen)
    warned = [f for f in report.findings if f.rule_id == "risk-text-size"]
    risk = [line for line in screen.slides[timeline.major_statement.scene_index]]
    bigger = DrawnScreen(
        slides={
            k: [
                DrawnText(
                    x.text,
                    x.px * (2 if k == timeline.major_statement.scene_index else 1),
                    x.fill,
                    x.background,
                )
                for x in v
            ]
            for k, v in screen.slides.items()
        },
        captions=screen.captions,
    )
    assert risk and warned and warned[0].severity == "warn"
    assert "risk-text-size" not in tripped(brief, timeline, bigger)


def social(risk_first: bool):
    def edit(li, kind):
        risk = "Side effects may include dizziness."
        if li.scene_index == 1 and risk_first:
            return f"{li.narration} {risk}"
        if kind == "cta" and not risk_first:
            return f"{li.narration} {risk}"
        return li.narration

    changes = {"key_points": ["Lowers blood pressure by 10 points in 8 weeks"]}
    return video("social_media", brief_changes=changes, script_edit=edit, measure=False)


def test_social_risk_only_at_the_very_end():
    assert tripped(*social(risk_first=True)) == set()
    assert tripped(*social(risk_first=False)) == {"risk-not-only-at-end"}


def _statement_on_its_clips_first_sample(scenes, narration):
    """As espeak gives it: the safety line's first word at 0 s of its clip (silence trimmed), and
    the clips before it ending 0.6 frame past a frame, so the safety scene's first frame (the
    narration's start, rounded) comes one frame after the first word."""
    clips = list(narration.clips)
    safety = next(n for n, s in enumerate(scenes.scenes) if s.visual_kind == "safety")
    fps = 30
    before = sum(c.duration_s for c in clips[:safety]) * fps
    target = math.floor(before) + (0.6 if before % 1 <= 0.6 else 1.6)
    prev = clips[safety - 1]
    clips[safety - 1] = prev.model_copy(
        update={"duration_s": prev.duration_s + (target - before) / fps}
    )
    shifted = [
        w.model_copy(update={"start": round(w.start - 0.1, 3), "end": round(w.end - 0.1, 3)})
        for w in clips[safety].words
    ]
    clips[safety] = clips[safety].model_copy(update={"words": shifted})
    return narration.model_copy(update={"clips": clips})


def test_a_statement_starting_a_frame_before_its_cut_is_not_interfered_with(clean):
    brief, timeline, screen = video(narration_edit=_statement_on_its_clips_first_sample)
    major = timeline.major_statement
    own = timeline.scene(major.scene_index)
    assert own.span.start_frame - major.span.start_frame == 1  # the word leads its cut by a frame
    assert any(
        t.kind == "caption" and t.scene_index == major.scene_index - 1
        for t in timeline.visible(major.span)
    )  # the scene before still shows its last cue on that frame
    assert tripped(brief, timeline, screen) - clean == set()
