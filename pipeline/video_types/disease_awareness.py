"""Disease awareness: an unbranded, help-seeking video about a condition.

Where product advertising to patients is not allowed (the EU, Directive 2001/83/EC Art. 88(1); the
UK, HMR 2012 reg. 284 and ABPI Code 2024 clause 26), a company may still tell the public about a
condition and send them to a doctor, as long as no medicine is named or suggested (ABPI Code 2024
clause 26.2 and its supplementary information on disease awareness campaigns). So this type names
no product: a brief that mentions one of the sponsor's products, or any word built like a
medicine's international nonproprietary name, is refused, and the stages check every scene and
line again. The sponsor appears only in a small "Brought to you by" line.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from pipeline.beats import Beat, ListSlot, Slot
from pipeline.beats import BeatTemplate as T
from pipeline.briefs import BriefBase
from pipeline.rules import TITLE_MAX
from pipeline.text import capitalised, fit
from pipeline.video_types.spec import DiagramHint, VideoTypeSpec

INN_STEMS = (
    "mab", "tinib", "ciclib", "pril", "sartan", "vastatin", "olol", "gliflozin", "gliptin",
    "glutide", "parin", "prazole", "oxetine", "afil", "dipine", "lukast", "cillin", "floxacin",
    "conazole", "azepam", "triptan", "setron", "dronate", "previr", "asvir", "buvir", "tegravir",
)  # fmt: skip
"""Suffixes the WHO gives whole classes of medicines, from "The use of stems in the selection of
International Nonproprietary Names (INN) for pharmaceutical substances" (WHO/EMP/RHT/TSN/2018.1).
A word ending in one, at least three letters longer than the stem, reads as a medicine's name."""
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def medicine_names(text: str, products: list[str] | tuple[str, ...]) -> list[str]:
    """The product names and INN-like words in `text`, as written there (case kept)."""
    hits = (re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.IGNORECASE) for p in products)
    found = [hit.group(0) for hit in hits if hit]
    for word in _WORD.findall(text):
        lower = word.casefold()
        if any(lower.endswith(s) and len(lower) >= len(s) + 3 for s in INN_STEMS):
            found.append(word)
    return list(dict.fromkeys(found))


class DiseaseAwarenessBrief(BriefBase):
    """An unbranded help-seeking video: the condition, its signs, who is at risk, see a doctor."""

    video_type: Literal["disease_awareness"] = "disease_awareness"
    sponsor_products: list[Annotated[str, Field(min_length=2, max_length=80)]] = Field(
        default_factory=list,
        max_length=30,
        description="Brand and generic names of the sponsor's medicines, kept out of the video.",
    )
    condition: str = Field(min_length=1, max_length=120, description="The condition explained.")
    audience: str = Field(
        min_length=1, max_length=120, description="Who the video speaks to, e.g. adults over 50."
    )
    symptoms: list[Annotated[str, Field(min_length=1, max_length=160)]] = Field(
        min_length=1, max_length=6, description="Symptoms or signs to look out for, one per item."
    )
    risk_factors: list[Annotated[str, Field(min_length=1, max_length=160)]] = Field(
        default_factory=list, max_length=6, description="Who is at higher risk, one per item."
    )
    call_to_action: str = Field(
        default="Talk to your doctor",
        min_length=1,
        max_length=160,
        description="What the viewer should do: send them to a healthcare professional.",
    )

    @field_validator("condition", "audience", "symptoms", "risk_factors", "call_to_action")
    @classmethod
    def _names_no_medicine(cls, value: str | list[str], info: ValidationInfo) -> str | list[str]:
        texts = value if isinstance(value, list) else [value]
        products = info.data.get("sponsor_products", [])
        named = [n for text in texts for n in medicine_names(text, products)]
        if named:
            raise ValueError(
                f"names a medicine ({', '.join(repr(n) for n in dict.fromkeys(named))}): a disease "
                "awareness video may not name or suggest a product; remove it, or make a "
                "product_ad where product advertising is allowed"
            )
        return value

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return capitalised(self.condition)


COPY: dict[str, T] = {
    "disease_awareness.title": T(
        ("{condition_title}", "Know the signs of {condition}", "Could it be {condition}?"),
        "Open with the condition and who the video is for (no product, no treatment).",
        (
            "Let's talk about {condition}.",
            "Would you know the signs of {condition}?",
            "Here's what you should know about {condition}.",
        ),
        ("Knowing the signs can help you act early.",),
        visual_kind="title",
        short="About {condition}.",
    ),
    "disease_awareness.about": T(
        ("What is {condition}?", "Understanding {condition}", "About {condition}"),
        "Say in general terms what the condition is; no treatment or product claims.",
        (
            "First, a few words about {condition}.",
            "Many people have heard of {condition}, but few know the signs.",
            "It helps to know what {condition} is.",
        ),
        (
            "Only a healthcare professional can tell whether you have it.",
            "Signs can be easy to miss, or easy to put down to something else.",
        ),
        short="What {condition} is.",
    ),
    "disease_awareness.sign": T(
        ("{item}", "{ordinal} sign: {item}", "{n}. {item}"),
        "Show one sign or symptom, in the brief's words.",
        ("{ordinal}:", "One sign to know:", "Sign number {n}:"),
        ("Signs like this can have many causes; a doctor can tell.",),
    ),
    "disease_awareness.signs": T(
        ("Signs to look out for", "Know the signs", "What to watch for"),
        "List the signs and symptoms, in the brief's words.",
        ("Here are signs to look out for.", "Know the signs:", "Watch for these."),
        ("Having one of these doesn't mean you have {condition}.",),
    ),
    "disease_awareness.risk": T(
        ("{item}", "Higher risk: {item}", "{n}. {item}"),
        "Show one group at higher risk, in the brief's words.",
        ("You may be at higher risk:", "Risk factor {n}:", "{ordinal}:"),
        ("If this applies to you, mention it to your doctor.",),
    ),
    "disease_awareness.risks": T(
        ("Who is at risk", "Are you at higher risk?", "Risk factors"),
        "List who is at higher risk, in the brief's words.",
        (
            "Some people are at higher risk.",
            "You may be at higher risk if this sounds like you.",
            "Who is at higher risk?",
        ),
        ("If any of these apply to you, mention them to your doctor.",),
    ),
    "disease_awareness.wait": T(
        ("Don't wait", "Don't ignore the signs", "Act early"),
        "Encourage acting on the signs without alarm (no outcome claims).",
        (
            "If something doesn't feel right, don't wait.",
            "Don't put it down to getting older or being busy.",
            "It's always worth asking.",
        ),
        ("A conversation with your doctor is a good place to start.",),
        short="Don't wait.",
    ),
    "disease_awareness.cta": T(
        ("Your next step", "Don't wait: ask", "{cta_title}"),
        "Send the viewer to a healthcare professional; the sponsor appears only in its small line.",
        ("{cta}.", "Your next step: {cta}.", "If you're worried about {condition}: {cta}."),
        ("Only a healthcare professional can diagnose {condition}.",),
        visual_kind="cta",
        short="{cta}.",
    ),
}


class DiseaseAwarenessSpec(VideoTypeSpec[DiseaseAwarenessBrief]):
    """Help-seeking copy only: the condition, its signs, the risks, and "talk to your doctor"."""

    brief = DiseaseAwarenessBrief
    summary = "An unbranded help-seeking video about a condition (no product named)"
    icon = "heart"
    kept_in_translation = frozenset({"sponsor_products"})
    copy = COPY
    topic_followup = "Talk to your doctor about {topic}."
    logo_on_slides = False

    def fields(self, brief: DiseaseAwarenessBrief) -> dict[str, str]:
        """The condition (headline and mid-sentence), audience and call to action."""
        cta = brief.call_to_action.rstrip(". ")
        return super().fields(brief) | {
            "condition": brief.condition,
            "condition_title": fit(capitalised(brief.condition), TITLE_MAX),
            "audience": brief.audience,
            "cta": cta,
            "cta_title": fit(cta, TITLE_MAX),
        }

    def plan(self, brief: DiseaseAwarenessBrief) -> list[Slot]:
        """Title, what it is, the signs, who is at risk, don't wait, talk to your doctor."""
        slots: list[Slot] = [
            Beat("disease_awareness.title", weight=0.7, bullets=(fit("For " + brief.audience),)),
            Beat("disease_awareness.about", priority=1),
            ListSlot("disease_awareness.sign", "disease_awareness.signs", tuple(brief.symptoms)),
        ]
        if brief.risk_factors:
            risks = tuple(brief.risk_factors)
            slots.append(ListSlot("disease_awareness.risk", "disease_awareness.risks", risks))
        slots += [
            Beat("disease_awareness.wait", priority=2),
            Beat("disease_awareness.cta", tail=True, bullets=(fit(brief.call_to_action),)),
        ]
        return slots

    def subject(self, brief: DiseaseAwarenessBrief) -> str:
        """The condition, never the sponsor."""
        return capitalised(brief.condition)

    def subtitle(self, brief: DiseaseAwarenessBrief) -> str:
        """Who it is for."""
        return f"For {brief.audience}"

    def sponsor_line(self, brief: DiseaseAwarenessBrief) -> str:
        """The only place the sponsor appears."""
        return f"Brought to you by {brief.brand.name}"

    def call_to_action(self, brief: DiseaseAwarenessBrief) -> str:
        """See a doctor, in the brief's words."""
        return brief.call_to_action

    def diagram(self, brief: DiseaseAwarenessBrief) -> DiagramHint:
        """A process chain ends in the condition, never in a treatment."""
        return DiagramHint(outcome=brief.condition)

    def writer_rules(self, brief: DiseaseAwarenessBrief) -> list[str]:
        """No product, no medicine, no treatment claims; the sponsor only in its small line."""
        keep_out = ", ".join(brief.sponsor_products)
        return [
            "Name no medicine or product, by brand or generic name"
            + (f" (in particular not {keep_out})" if keep_out else "")
            + ", and suggest no treatment; send viewers to a healthcare professional instead.",
            f"Do not name the sponsor ({brief.brand.name}) anywhere: reelflow adds its line.",
        ]

    def banned_names(self, brief: DiseaseAwarenessBrief, text: str) -> list[str]:
        """The sponsor's products and INN-like words: none may reach the screen or the voice."""
        return medicine_names(text, brief.sponsor_products)


SPEC = DiseaseAwarenessSpec()
