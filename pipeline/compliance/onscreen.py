"""The words a slide shows, layout by layout, as the slide artist draws them.

The checks and the MLR pack need the text a viewer reads on each slide, which is not simply the
scene's title and bullets: a safety slide shows the brief's whole fair balance, a contact card the
brief's phone and address, a stat slide its figure. These rows come from the same `wording`
functions the layouts call, so what is reported is what is drawn.
"""

from __future__ import annotations

from typing import Literal

from pipeline.outputs import Scene, ScriptLine
from pipeline.providers.images import wording
from pipeline.video_types import Brief

SlideRole = Literal["title", "subtitle", "kicker", "bullet", "figure", "button", "body"]


def slide_texts(brief: Brief, scene: Scene, line: ScriptLine | None) -> list[tuple[SlideRole, str]]:
    """(role, text) for every piece of text the scene's slide shows, top to bottom."""
    kind = scene.visual_kind
    if kind == "title":
        return [
            ("kicker", wording.subject(brief).upper()),
            ("title", scene.title),
            ("subtitle", wording.subtitle(brief, scene)),
        ]
    if kind == "stat":
        figure, caption, headline = wording.stat_figure(scene, line)
        rows: list[tuple[SlideRole, str]] = [("title", headline)] if headline else []
        return [*rows, ("figure", figure), ("body", caption)]
    if kind == "contact":
        return [("title", scene.title)] + [
            ("bullet", text) for _, text in wording.contact_lines(brief, scene)
        ]
    if kind == "cta":
        button, rest = wording.call_to_action(brief, scene)
        rows = [("kicker", wording.subject(brief).upper()), ("title", scene.title)]
        return [*rows, ("button", button)] + ([("body", rest)] if rest else [])
    if kind == "safety":
        return [("title", scene.title), ("body", wording.safety_text(brief, scene, line))]
    if kind == "mechanism":
        moa = wording.mechanism(brief, scene, line)
        labels = [moa.drug, moa.target, moa.effect, moa.outcome]
        return [("title", scene.title)] + [("bullet", label) for label in labels if label]
    limit = 5 if kind == "process" else 4
    return [("title", scene.title)] + [
        ("bullet", point) for point in wording.points(scene, line, limit)
    ]
