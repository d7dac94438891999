"""Planning for the offline writer: which beats a brief gets, fitted to its target duration.

The video type says what its beats are (`spec.plan`); this module decides how many of them a
duration wants and how each list is split into scenes. `offline.py` turns them into scenes and
lines.
"""

from __future__ import annotations

from pipeline.beats import ORDINALS, Beat, ListSlot, Slot, fill
from pipeline.providers.writer.budget import Option
from pipeline.providers.writer.templates import TEMPLATES
from pipeline.rules import MAX_BULLETS, scene_range
from pipeline.text import sentence
from pipeline.video_types import Brief, spec_for


def brief_fields(brief: Brief) -> dict[str, str]:
    """The template fields a brief fills: the user's words, shaped for speech."""
    return spec_for(brief).fields(brief)


def sentences_for(
    beat: Beat, fields: dict[str, str], phrasing: int, items: list[str] | None = None
) -> list[Option]:
    """List a beat's narration by kind: openers, the brief stand-in, user texts, then details."""
    template, values = TEMPLATES[beat.key], {**fields, **beat.fields}
    options: list[Option] = [(sentence(fill(template.openers[phrasing], values)), "opener")]
    options += [
        (sentence(fill(o, values)), "alternative")
        for o in template.openers
        if o != template.openers[phrasing]
    ]
    if template.short:
        options.append((sentence(fill(template.short, values)), "short"))
    # An item shown whole (a compliance rule) is the point of its scene: said whole, always.
    kind = "rule" if beat.whole else "user"
    options += [(sentence(item), kind) for item in (beat.items if items is None else items)]
    options += [(note, "user") for note in beat.notes]
    options += [(sentence(fill(detail, values)), "detail") for detail in template.details]
    return options


def every_beat(brief: Brief) -> list[Beat]:
    """Every beat the brief could be planned with: each list both split and grouped."""
    return [
        beat
        for slot in spec_for(brief).plan(brief)
        for beat in (
            _expand(slot, True) + _expand(slot, False) if isinstance(slot, ListSlot) else [slot]
        )
    ]


def natural_plan(brief: Brief) -> list[Beat]:
    """Plan the beats for a brief, as many as its duration wants.

    Lists start one scene per item, and everything of priority 0-1 is in. If that is too many
    scenes, lists are grouped a slide's worth at a time, then priority-1 beats are dropped from
    the end; if too few, priority-2+ beats are added, the most important first. Finally lists are
    split again if the grouping is no longer needed to stay within the range.
    """
    slots = spec_for(brief).plan(brief)
    low, high = scene_range(brief.target_duration_s)
    chosen = [i for i, s in enumerate(slots) if isinstance(s, ListSlot) or s.priority <= 1]

    def count(split_lists: bool) -> int:
        return sum(len(_beats(slots[i], split_lists)) for i in chosen)

    split = count(True) <= high
    droppable = [i for i in chosen if isinstance(slots[i], Beat) and slots[i].priority == 1]
    while count(split) > high and droppable:
        chosen.remove(droppable.pop())
    extras = sorted(
        (i for i, s in enumerate(slots) if isinstance(s, Beat) and s.priority >= 2),
        key=lambda i: slots[i].priority,
    )
    while count(split) < low and extras:
        chosen = sorted([*chosen, extras.pop(0)])
    if not split and count(True) <= high:
        split = True
    return [beat for i in chosen for beat in _beats(slots[i], split)]


def _beats(slot: Slot, split: bool) -> list[Beat]:
    return _expand(slot, split) if isinstance(slot, ListSlot) else [slot]


def _expand(slot: ListSlot, split: bool) -> list[Beat]:
    """Turn a list into one scene per item, or group it a slide's worth to a bullets scene."""
    items = slot.items
    if split:
        return [
            Beat(
                slot.item_key,
                priority=1,
                whole=slot.whole,
                items=(item,),
                bullets=(item,) if slot.as_bullet else (),
                fields={
                    "item": item,
                    "n": str(n),
                    "total": str(len(items)),
                    "ordinal": ORDINALS[n - 1],
                    "ordinal_lower": ORDINALS[n - 1].lower(),
                },
            )
            for n, item in enumerate(items, 1)
        ]
    return [
        Beat(slot.group_key, whole=slot.whole, items=items[i : i + MAX_BULLETS], show_items=True)
        for i in range(0, len(items), MAX_BULLETS)
    ]
