"""Planning for the offline writer: which beats a brief gets, and the brief's own words.

Split from `offline.py` so each module reads on its own: this one decides what the video says
(beats fitted to the target duration, the fields users filled in), that one turns it into
scenes and lines.
"""

from __future__ import annotations

import math
import re

from pipeline.briefs import (
    Brief,
    ComplianceVideoBrief,
    DoctorAdBrief,
    MoaBrief,
    ProductAdBrief,
    SocialMediaBrief,
)
from pipeline.providers.writer.budget import (
    Option,
)
from pipeline.providers.writer.templates import (
    BULLET_MAX,
    ORDINALS,
    TEMPLATES,
    TITLE_MAX,
    Beat,
    fill,
)

MAX_BULLETS = 4


# --- Wording helpers. ---


def capitalised(text: str) -> str:
    """`text` with its first letter upper-cased (fields like a condition start lower-case)."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """`text` for mid-sentence use: "Reporting events" reads "reporting events"; "LDL" stays."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """`text` as a spoken sentence: capitalised and ending in punctuation."""
    text = capitalised(text.strip())
    return text if text[-1:] in ".!?:" else f"{text}."


def fit(text: str, limit: int = BULLET_MAX) -> str:
    """Shorten on-screen text to `limit` characters: its first clause, else whole words + '…'."""
    text = capitalised(text.strip().rstrip("."))
    if len(text) <= limit:
        return text
    cuts = [m.start() for m in re.finditer(r"\s*[;,(—–]", text) if 12 <= m.start() <= limit]
    if cuts:
        return text[: cuts[-1]]
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def brief_fields(brief: Brief) -> dict[str, str]:
    """Collect the template fields a brief fills: the user's words, shaped for speech."""
    fields = {"brand": brief.brand.name}
    if isinstance(brief, MoaBrief):
        fields |= {"drug": brief.drug_name, "condition": brief.condition}
    elif isinstance(brief, ProductAdBrief):
        cta = brief.call_to_action.rstrip(". ")
        fields |= {
            "product": brief.product,
            "audience": brief.audience,
            "cta": cta,
            "cta_title": fit(cta, TITLE_MAX),
        }
    elif isinstance(brief, DoctorAdBrief):
        fields |= {
            "practice": brief.doctor_or_practice,
            "specialty": brief.specialty,
            "location": brief.location,
            "contact": brief.contact,
            "contact_sentence": sentence(brief.contact),
        }
    elif isinstance(brief, SocialMediaBrief):
        fields |= {"topic": brief.topic, "topic_sentence": sentence(brief.topic)}
    elif isinstance(brief, ComplianceVideoBrief):
        fields |= {
            "policy": brief.policy_topic,
            "policy_lower": lower_first(brief.policy_topic),
            "staff": brief.audience,
            "regulation": brief.regulation or "",
        }
    return fields


def sentences_for(
    beat: Beat, fields: dict[str, str], variant: int, items: list[str] | None = None
) -> list[Option]:
    """List a beat's narration by kind: openers, the brief stand-in, user texts, then details."""
    template, values = TEMPLATES[beat.key], {**fields, **beat.fields}
    options: list[Option] = [(sentence(fill(template.openers[variant], values)), "opener")]
    options += [
        (sentence(fill(o, values)), "alternative")
        for o in template.openers
        if o != template.openers[variant]
    ]
    if template.short:
        options.append((sentence(fill(template.short, values)), "short"))
    # A compliance rule is the point of its scene: said whole, whatever "shorter" asks.
    kind = "rule" if beat.key.startswith("compliance_video.rule") else "user"
    options += [(sentence(item), kind) for item in (beat.items if items is None else items)]
    options += [(note, "user") for note in beat.notes]
    options += [(sentence(fill(detail, values)), "detail") for detail in template.details]
    return options


# --- Planning: which beats, how many. ---


def natural_plan(brief: Brief, *, everything: bool = False) -> list[Beat]:
    """Plan the beats for a brief, as many as its duration wants (`everything`: all options)."""
    slots = _slots(brief)
    if everything:
        return [
            b
            for s in slots
            for b in (_expand(s, True) + _expand(s, False) if isinstance(s, tuple) else [s])
        ]
    low, high = _scene_range(brief.target_duration_s)
    chosen = [i for i, s in enumerate(slots) if isinstance(s, tuple) or s.priority <= 1]
    split = True

    def count(split_lists: bool) -> int:
        return sum(
            len(_expand(slots[i], split_lists)) if isinstance(slots[i], tuple) else 1
            for i in chosen
        )

    if count(True) > high:
        split = False
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
    return [
        b
        for i in chosen
        for b in (_expand(slots[i], split) if isinstance(slots[i], tuple) else [slots[i]])
    ]


ListSlot = tuple[str, str, tuple[str, ...], bool]
"""(key per item, key for the grouped scene, full item texts, show the item as a bullet)."""


def _scene_range(target_s: float) -> tuple[int, int]:
    """One scene per 5–8 s of target, between 3 and 10 scenes."""
    low = min(10, max(3, math.ceil(target_s / 8)))
    return low, min(10, max(low, math.floor(target_s / 5)))


def _expand(slot: ListSlot, split: bool) -> list[Beat]:
    """Turn a list into one scene per item, or group it four to a bullets scene."""
    item_key, group_key, items, as_bullet = slot
    if split:
        return [
            Beat(
                item_key,
                priority=1,
                items=(item,),
                bullets=(item,) if as_bullet else (),
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
        Beat(group_key, items=items[i : i + MAX_BULLETS], show_items=True)
        for i in range(0, len(items), MAX_BULLETS)
    ]


def _slots(brief: Brief) -> list[Beat | ListSlot]:
    """Each video type's beats in running order; lists stay lists until the count is known."""
    if isinstance(brief, MoaBrief):
        a, notes = f"moa.{brief.audience}", _note_sentences(brief)
        target = fit(re.split(r"[.,;]", brief.mechanism_notes or "")[0]) if notes else ""
        effect = "Helps control " if brief.audience == "patients" else "Control of "
        closing = (
            "Talk to your doctor"
            if brief.audience == "patients"
            else "See full prescribing information"
        )
        return [
            Beat(f"{a}.intro", weight=0.7, bullets=(fit(brief.condition),)),
            Beat(f"{a}.condition", priority=1),
            Beat(f"{a}.target", priority=1, notes=notes[:1], bullets=(target,) if target else ()),
            Beat(
                f"{a}.mechanism",
                weight=1.3,
                bullets=(
                    fit(brief.drug_name),
                    target or "Its target",
                    fit(effect + brief.condition),
                ),
            ),
            Beat(f"{a}.effect", priority=1, notes=notes[1:]),
            Beat(f"{a}.expect", priority=2),
            Beat(f"{a}.closing", tail=True, bullets=(closing,)),
        ]
    if isinstance(brief, ProductAdBrief):
        return [
            Beat("product_ad.title", weight=0.7, bullets=(fit(brief.brand.name),)),
            Beat("product_ad.problem", priority=1),
            ("product_ad.benefit", "product_ad.benefits", tuple(brief.key_benefits), False),
            Beat("product_ad.routine", priority=2),
            Beat("product_ad.cta", tail=True, bullets=(fit(brief.brand.name),)),
            Beat("product_ad.safety", tail=True, verbatim=True, notes=(brief.safety_information,)),
        ]
    if isinstance(brief, DoctorAdBrief):
        return [
            Beat("doctor_ad.title", weight=0.7, bullets=(fit(brief.specialty),)),
            Beat("doctor_ad.specialty", priority=1),
            ("doctor_ad.service", "doctor_ad.services", tuple(brief.services), False),
            Beat("doctor_ad.visit", priority=2),
            Beat("doctor_ad.contact", tail=True, bullets=(fit(brief.location), fit(brief.contact))),
            Beat("doctor_ad.cta", priority=1, tail=True, bullets=(fit(brief.contact),)),
        ]
    if isinstance(brief, SocialMediaBrief):
        points = tuple(brief.key_points) or (brief.topic,)
        return [
            Beat("social_media.hook", weight=0.6),
            ("social_media.point", "social_media.points", points, False),
            Beat("social_media.closing", tail=True, bullets=_hashtag_lines(brief.hashtags)),
        ]
    assert isinstance(brief, ComplianceVideoBrief)
    rules = tuple(brief.key_rules)
    slots: list[Beat | ListSlot] = [
        Beat("compliance_video.title", weight=0.7, bullets=(fit("For " + brief.audience),)),
        Beat("compliance_video.why", priority=1),
        ("compliance_video.rule", "compliance_video.rules", rules, True),
        Beat("compliance_video.speakup", priority=2),
    ]
    if brief.regulation:
        slots.append(Beat("compliance_video.regulation", priority=1, tail=True))
    slots.append(
        Beat(
            "compliance_video.summary",
            tail=True,
            bullets=tuple(fit(r, BULLET_MAX) for r in rules[:MAX_BULLETS]),
        )
    )
    return slots


def _note_sentences(brief: MoaBrief) -> tuple[str, ...]:
    """Make the mechanism notes speakable ("Blocks X" becomes "<drug> blocks X")."""
    notes = [n for n in re.split(r"(?<=[.!?])\s+", brief.mechanism_notes or "") if n.strip()]
    spoken = []
    for note in notes:
        first, _, rest = note.partition(" ")
        is_verb = (
            first.endswith("s")
            and first[1:].islower()
            and first.lower() not in {"this", "its", "his", "thus", "various", "as", "is"}
        )
        spoken.append(sentence(f"{brief.drug_name} {first.lower()} {rest}" if is_verb else note))
    return tuple(spoken)


def _hashtag_lines(hashtags: list[str]) -> tuple[str, ...]:
    """Hashtags packed into at most four on-screen lines."""
    lines: list[str] = []
    for tag in (t if t.startswith("#") else f"#{t}" for t in hashtags):
        if lines and len(lines[-1]) + len(tag) < BULLET_MAX:
            lines[-1] += f" {tag}"
        elif len(lines) < MAX_BULLETS:
            lines.append(tag)
    return tuple(lines)
