"""The offline writer: storyboards and narration from templates, with no network and no model.

It exists so a user can run reelflow end to end with no API key, and so tests have a deterministic
writer: the same brief and revision always give the same words. It writes English whatever
`brief.language` says: a non-English brief still gets English copy, which the reviewer sees in
the first draft (a model-backed writer is the way to other languages).

Each video type is planned as beats (`templates.Beat`); how many follows the target duration, and
the reviewer's feedback adds, removes or restyles them (`feedback`) and walks each line along its
ladder of lengths (`budget`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.beats import Beat, fill
from pipeline.checks import no_check
from pipeline.outputs import Scene, Scenes, Script, ScriptLine
from pipeline.providers.writer.budget import (
    fit_line,
    length_steps,
    without_removed,
    wording_take,
)
from pipeline.providers.writer.feedback import (
    Register,
    Style,
    apply_register,
    edit_plan,
    place_topics,
    style_from_notes,
    topic_edits,
)
from pipeline.providers.writer.plans import (
    brief_fields,
    every_beat,
    natural_plan,
    sentences_for,
)
from pipeline.providers.writer.templates import TEMPLATES
from pipeline.revision import Revision
from pipeline.rules import BULLET_MAX, MAX_BULLETS, TITLE_MAX, WHOLE_ITEM_MAX, WORDS_PER_SECOND
from pipeline.text import capitalised, fit, lower_first, sentence
from pipeline.video_types import Brief, spec_for

REGISTERS: tuple[Register, ...] = ("default", "formal", "simple")


@dataclass(frozen=True)
class Phrasing:
    """Which title and opener phrasing a scene uses, from its take."""

    title: int
    narration: int

    @classmethod
    def for_take(cls, take: int, shift: int = 0) -> Phrasing:
        """Titles cycle every 3 takes and narration shifts with them, so 9 takes all differ.

        `shift` moves both on together, so variants 1, 2 and 3 of one take (shift 0, 1, 2) differ
        in title and in narration; with three phrasings, a fourth variant repeats the first's.
        """
        step = take - 1
        return cls(title=(step + shift) % 3, narration=(step + step // 3 + shift) % 3)


class OfflineWriter:
    """Template `Writer`: careful, general medical copy built only from what the brief states."""

    name = "offline"

    def write_scenes(
        self,
        brief: Brief,
        revision: Revision,
        *,
        previous: Scenes | None = None,
        check: Callable[[Scenes], None] = no_check,
    ) -> Scenes:
        """Plan the storyboard: beats fitted to the duration, then the feedback's topic edits.

        `previous` is not needed: templates rebuild any earlier version from its revision.
        """
        fields = brief_fields(brief)
        beats = edit_plan(
            natural_plan(brief),
            topic_edits(revision.feedback),
            fields,
            lambda topic: topic_beat(brief, topic),
        )
        styles = [style_from_notes(revision.notes_for_scene(i)) for i in range(1, len(beats) + 1)]
        budgets = _word_budgets(brief, beats, fields, styles)
        scenes = [
            _scene(
                beat,
                fields,
                i,
                Phrasing.for_take(wording_take(revision, i), _shift(revision, i)),
                style,
                words,
            )
            for i, (beat, style, words) in enumerate(zip(beats, styles, budgets, strict=True), 1)
        ]
        storyboard = Scenes(scenes=scenes, version=revision.version)
        check(storyboard)
        return storyboard

    def write_script(
        self,
        brief: Brief,
        scenes: Scenes,
        revision: Revision,
        *,
        previous: Script | None = None,
        check: Callable[[Script], None] = no_check,
    ) -> Script:
        """Narrate each scene as approved; the scenes are the authority, the brief gives facts."""
        fields = brief_fields(brief)
        by_title, full_items = _catalogue(brief, fields)
        edits = topic_edits(revision.feedback)
        lines: list[list[str]] = []
        for scene in scenes.scenes:
            beat = _beat_for_scene(brief, scene, by_title)
            style = style_from_notes(revision.notes_for_scene(scene.index))
            phrasing = Phrasing.for_take(
                wording_take(revision, scene.index), _shift(revision, scene.index)
            )
            items = [full_items.get(b, b) for b in scene.bullets] if beat.show_items else None
            options = sentences_for(beat, fields, phrasing.narration, items)
            budget = scene.duration_hint_s * WORDS_PER_SECOND
            if beat.verbatim:  # fair balance: read in full, whatever the feedback
                # The major statement is the safety line's only words: its slide then shows it
                # from the first word spoken (the title already announces it).
                said = (
                    ("user", "rule")
                    if scene.visual_kind == "safety"
                    else ("opener", "user", "rule")
                )
                lines.append([text for text, kind in options if kind in said])
                continue
            options = [
                (apply_register(text, style.register), kind)
                for text, kind in without_removed(options, edits.remove, sentence(scene.title))
            ]
            lines.append(fit_line(options, budget, length_steps(revision, scene.index)))
        tails = [
            by_title.get(s.title.casefold(), Beat("")).tail or s.visual_kind == "safety"
            for s in scenes.scenes
        ]
        place_topics(brief, scenes, lines, edits.add, tails)
        script = Script(
            lines=[
                ScriptLine(scene_index=s.index, narration=" ".join(words))
                for s, words in zip(scenes.scenes, lines, strict=True)
            ],
            version=revision.version,
        )
        check(script)
        return script

    def write_post_caption(self, brief: Brief, script: Script) -> str | None:
        """The type's caption from the brief: hook, points, risks and their link, hashtags."""
        return spec_for(brief).post_caption(brief, script)


# --- Scenes and lines. ---


def _shift(revision: Revision, index: int) -> int:
    """How far scene `index`'s wording is moved: by this variant, and by variants picked before.

    The picked variant's shift is carried as such (not as extra takes), so a later version
    that does not redo a scene words it exactly as the pick did.
    """
    return revision.variant_shift(index) + revision.carried(index)


def _scene(
    beat: Beat, fields: dict[str, str], index: int, phrasing: Phrasing, style: Style, words: float
) -> Scene:
    """One storyboard scene from a beat, in the phrasing and style its takes call for."""
    keep = MAX_BULLETS - 1 if style.length < 0 and not beat.whole else MAX_BULLETS
    limit = WHOLE_ITEM_MAX if beat.whole else BULLET_MAX
    shown = beat.items if beat.show_items else beat.bullets
    return Scene(
        index=index,
        title=_title(beat, fields, phrasing.title, style.register),
        purpose=fill(TEMPLATES[beat.key].purpose, {**fields, **beat.fields}),
        bullets=[
            fit(apply_register(b, style.register, sentences=False), limit) for b in shown[:keep]
        ],
        visual_kind=TEMPLATES[beat.key].visual_kind,
        duration_hint_s=round(max(2.0, words / WORDS_PER_SECOND + beat.verbatim), 1),
    )


def _title(beat: Beat, fields: dict[str, str], phrasing: int, register: Register) -> str:
    raw = fill(TEMPLATES[beat.key].titles[phrasing], {**fields, **beat.fields})
    return fit(apply_register(raw, register, sentences=False), TITLE_MAX)


def _word_budgets(
    brief: Brief, beats: list[Beat], fields: dict[str, str], styles: list[Style]
) -> list[float]:
    """Share the narration pace's words among scenes; safety text takes what it needs."""
    fixed = {
        i: float(
            sum(
                len(s.split())
                for s, kind in sentences_for(b, fields, 0)
                if kind in ("opener", "user", "rule")
            )
        )
        for i, b in enumerate(beats)
        if b.verbatim
    }
    weights = {i: b.weight for i, b in enumerate(beats) if not b.verbatim}
    spare = max(
        brief.target_duration_s * WORDS_PER_SECOND - sum(fixed.values()), 4.0 * len(weights)
    )
    share = spare / (sum(weights.values()) or 1.0)
    return [
        fixed[i] if i in fixed else weights[i] * share * styles[i].length_factor
        for i in range(len(beats))
    ]


def _catalogue(brief: Brief, fields: dict[str, str]) -> tuple[dict[str, Beat], dict[str, str]]:
    """Every beat the brief could have planned, by each title it could show; bullets to items."""
    by_title: dict[str, Beat] = {}
    full_items: dict[str, str] = {}
    for beat in every_beat(brief):
        for register in REGISTERS:
            for phrasing in range(3):
                by_title.setdefault(_title(beat, fields, phrasing, register).casefold(), beat)
            for item in beat.items:
                full_items.setdefault(fit(apply_register(item, register, sentences=False)), item)
    return by_title, full_items


def _beat_for_scene(brief: Brief, scene: Scene, by_title: dict[str, Beat]) -> Beat:
    """Find the beat a scene came from; an added or hand-edited scene is read as a topic."""
    if scene.visual_kind == "safety" and spec_for(brief).fair_balance(brief) is not None:
        return next(
            b for b in every_beat(brief) if b.verbatim and TEMPLATES[b.key].visual_kind == "safety"
        )
    beat = by_title.get(scene.title.casefold())
    if beat is not None:
        return beat
    return topic_beat(brief, lower_first(scene.title), items=tuple(scene.bullets))


def topic_beat(brief: Brief, topic: str, items: tuple[str, ...] = ()) -> Beat:
    """Plan a scene for a topic the reviewer asked for: framed and sourced, never invented."""
    return Beat(
        "added.topic",
        items=items,
        show_items=bool(items),
        fields={
            "topic": topic,
            "topic_title": fit(capitalised(topic), TITLE_MAX),
            "topic_followup": spec_for(brief).followup(brief, topic),
        },
    )
