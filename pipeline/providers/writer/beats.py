"""The shapes of the writer's copy: a template per scene kind, and a planned beat.

The offline writer's words: one named template per scene beat, filled with `str.format` fields.

Keeping the copy here, apart from the planning logic, lets a medical copywriter review and edit the
phrasing without reading code. Every beat has three title and three opener variants so each
regenerate reads visibly different; the details are shared and are what "shorter"/"longer" trim or
keep. Templates only speak in general terms about the fields the user filled in: the offline
writer must never invent clinical claims, doses or statistics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.outputs import VisualKind

TITLE_MAX = 48
BULLET_MAX = 52


@dataclass(frozen=True)
class BeatTemplate:
    """The words of one kind of scene: titles and openers per variant, then shared details.

    `short` is the scene's briefest faithful phrasing, said instead of the opener when a reviewer
    asks for a shorter line than the opener alone ("" = none; scenes with user texts drop the
    opener instead).
    """

    titles: tuple[str, str, str]
    purpose: str
    openers: tuple[str, str, str]
    details: tuple[str, ...] = ()
    visual_kind: VisualKind = "bullets"
    short: str = ""


@dataclass(frozen=True)
class Beat:
    """One planned scene: which template, its own fields, and how the planner may treat it.

    `priority` 0 beats are always kept, 1 are dropped first when the video is short, 2+ are only
    added when it is long. `items` are user texts narrated in full; `show_items` puts them on
    screen as bullets. `notes` are user sentences read as given; `verbatim` beats (fair balance)
    are never shortened, restyled or removed.
    """

    key: str
    priority: int = 0
    weight: float = 1.0
    tail: bool = False
    verbatim: bool = False
    show_items: bool = False
    items: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)


def fill(template: str, fields: Mapping[str, str]) -> str:
    """Fill a template's named fields; a missing field fails loudly instead of leaking braces."""
    return template.format(**fields)


ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")
