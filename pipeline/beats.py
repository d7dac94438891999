"""The shapes of a video type's copy: a template per scene kind, a planned beat, a list slot.

Each video type (`pipeline/video_types/<type>.py`) writes its scenes as named templates filled with
`str.format` fields, and plans them as beats; the offline writer reads both.

Keeping the copy as data, apart from the planning logic, lets a medical copywriter review and edit
the phrasing without reading code. Every beat has three title and three opener variants so each
regenerate reads visibly different; the details are shared and are what "shorter"/"longer" trim or
keep. Templates only speak in general terms about the fields the user filled in: the offline
writer must never invent clinical claims, doses or statistics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.outputs import VisualKind


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
    are never shortened, restyled or removed; `whole` items (a compliance rule) are shown and said
    in full, whatever "shorter" asks.
    """

    key: str
    priority: int = 0
    weight: float = 1.0
    tail: bool = False
    verbatim: bool = False
    whole: bool = False
    show_items: bool = False
    items: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)


def fill(template: str, fields: Mapping[str, str]) -> str:
    """Fill a template's named fields; a missing field fails loudly instead of leaking braces."""
    return template.format(**fields)


ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")


@dataclass(frozen=True)
class ListSlot:
    """A list from the brief (benefits, services, rules) whose scene count is decided late.

    The planner either gives each item its own `item_key` scene or groups the items, a slide's
    worth at a time, into `group_key` bullets scenes. `as_bullet` shows a lone item on its slide
    too; `whole` items are shown and said in full (see `Beat.whole`).
    """

    item_key: str
    group_key: str
    items: tuple[str, ...]
    as_bullet: bool = False
    whole: bool = False


Slot = Beat | ListSlot
"""One entry of a video type's plan, in running order."""
