"""Doctor or practice advertisement: specialty, services, where to find them and how to book."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from pipeline.beats import Beat, ListSlot, Slot
from pipeline.beats import BeatTemplate as T
from pipeline.briefs import BriefBase
from pipeline.text import fit, sentence
from pipeline.video_types.spec import VideoTypeSpec


class DoctorAdBrief(BriefBase):
    """A local advertisement for a doctor or practice."""

    video_type: Literal["doctor_ad"] = "doctor_ad"
    doctor_or_practice: str = Field(
        min_length=1, max_length=120, description="Doctor's or practice's name."
    )
    specialty: str = Field(min_length=1, max_length=80, description="Medical specialty.")
    services: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(
        min_length=1, max_length=8, description="Services offered, one per item."
    )
    location: str = Field(min_length=1, max_length=160, description="Address or area served.")
    contact: str = Field(
        min_length=1, max_length=160, description="Phone, website or booking link shown at the end."
    )

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return self.doctor_or_practice


COPY: dict[str, T] = {
    "doctor_ad.title": T(
        ("{practice}", "Welcome to {practice}", "Meet {practice}"),
        "Open with the doctor's or practice's name.",
        ("Welcome to {practice}.", "Meet {practice}.", "This is {practice}."),
        ("We're here for you and your family.",),
        visual_kind="title",
        short="{practice}.",
    ),
    "doctor_ad.specialty": T(
        ("Expert {specialty} care", "Specialists in {specialty}", "Focused on {specialty}"),
        "Name the specialty and who the practice serves.",
        (
            "We specialise in {specialty}.",
            "Our focus is {specialty}, and it's all we do.",
            "When it comes to {specialty}, you're in experienced hands.",
        ),
        (
            "Every visit starts with listening to you.",
            "We explain your options clearly, so you can decide with confidence.",
        ),
        short="{specialty} care.",
    ),
    "doctor_ad.service": T(
        ("{item}", "{ordinal}: {item}", "{n}. {item}"),
        "Show one service the practice offers.",
        ("We offer:", "Our services include:", "You can come to us for:"),
        ("Ask us if it's right for you.",),
    ),
    "doctor_ad.services": T(
        ("Our services", "How we can help", "What we offer"),
        "List the services offered.",
        ("Here's how we can help.", "Our services include:", "We offer:"),
        ("If you're not sure which you need, just ask.",),
    ),
    "doctor_ad.visit": T(
        ("Your first visit", "Before you come in", "Getting ready"),
        "Practical guidance for a first appointment (no claims about outcomes).",
        (
            "Your first visit is simple.",
            "Getting ready for your appointment takes just a minute.",
            "New here? Here's what to bring.",
        ),
        (
            "Bring a list of your medicines and any referral letters.",
            "Write down your questions, so nothing gets missed.",
        ),
        short="Visiting is simple.",
    ),
    "doctor_ad.contact": T(
        ("Find us", "Visit us", "Where to find us"),
        "Show the location and contact details.",
        (
            "You'll find us at {location}.",
            "Visit us at {location}.",
            "We're located at {location}.",
        ),
        ("{contact_sentence}",),
        visual_kind="contact",
        short="{location}.",
    ),
    "doctor_ad.cta": T(
        ("Book your visit", "Book today", "We're here to help"),
        "Close with the call to book.",
        (
            "Book your appointment today.",
            "Take the first step: book a visit.",
            "Don't wait to get the care you need.",
        ),
        ("{contact_sentence}",),
        visual_kind="cta",
        short="Book today.",
    ),
}


class DoctorAdSpec(VideoTypeSpec[DoctorAdBrief]):
    """A practice's ad: who they are, what they offer, where, and how to book."""

    brief = DoctorAdBrief
    summary = "A local advertisement for a doctor or practice"
    icon = "cross"
    kept_in_translation = frozenset({"doctor_or_practice", "contact"})
    copy = COPY
    topic_followup = "Ask us about {topic} when you book."

    def fields(self, brief: DoctorAdBrief) -> dict[str, str]:
        """Practice, specialty, location and contact (also as a spoken sentence)."""
        return super().fields(brief) | {
            "practice": brief.doctor_or_practice,
            "specialty": brief.specialty,
            "location": brief.location,
            "contact": brief.contact,
            "contact_sentence": sentence(brief.contact),
        }

    def plan(self, brief: DoctorAdBrief) -> list[Slot]:
        """Title, specialty, the services, first visit, contact card, call to book."""
        return [
            Beat("doctor_ad.title", weight=0.7, bullets=(fit(brief.specialty),)),
            Beat("doctor_ad.specialty", priority=1),
            ListSlot("doctor_ad.service", "doctor_ad.services", tuple(brief.services)),
            Beat("doctor_ad.visit", priority=2),
            Beat("doctor_ad.contact", tail=True, bullets=(fit(brief.location), fit(brief.contact))),
            Beat("doctor_ad.cta", priority=1, tail=True, bullets=(fit(brief.contact),)),
        ]

    def subject(self, brief: DoctorAdBrief) -> str:
        """The specialty."""
        return brief.specialty

    def subtitle(self, brief: DoctorAdBrief) -> str:
        """Specialty and place."""
        return f"{brief.specialty.capitalize()} · {brief.location}"

    def call_to_action(self, brief: DoctorAdBrief) -> str:
        """How to get in touch."""
        return brief.contact

    def contact_lines(self, brief: DoctorAdBrief, shown: list[str]) -> list[str]:
        """The scene's rows, plus the address and each contact route the scene left out."""
        rows = list(shown)
        for extra in (brief.location, *re.split(r"\s+or\s+|\s*[|;]\s*", brief.contact)):
            if extra and not any(
                extra.lower() in r.lower() or r.lower() in extra.lower() for r in rows
            ):
                rows.append(extra)
        return rows


SPEC = DoctorAdSpec()
