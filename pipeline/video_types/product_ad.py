"""Product advertisement: benefits, a call to action, and the important safety information.

Fair balance is this type's mandatory content: the brief's safety information ends every product
ad in its own `safety` scene, shown and read word for word, whatever the writer or the reviewer's
"shorter" does.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pipeline.beats import Beat, ListSlot, Slot
from pipeline.beats import BeatTemplate as T
from pipeline.briefs import BriefBase
from pipeline.rules import TITLE_MAX
from pipeline.text import fit
from pipeline.video_types.spec import VideoTypeSpec


class ProductAdBrief(BriefBase):
    """An advertisement for a product, with the safety information pharma ads must carry."""

    video_type: Literal["product_ad"] = "product_ad"
    product: str = Field(min_length=1, max_length=80, description="Product name.")
    key_benefits: list[Annotated[str, Field(min_length=1, max_length=160)]] = Field(
        min_length=1, max_length=6, description="One to six benefits, one short sentence each."
    )
    audience: str = Field(min_length=1, max_length=120, description="Who the ad speaks to.")
    call_to_action: str = Field(
        min_length=1, max_length=160, description="What the viewer should do next."
    )
    safety_information: str = Field(
        min_length=1,
        max_length=1500,
        description="Important safety information shown and read at the end (fair balance).",
    )
    generic_name: str | None = Field(
        default=None,
        max_length=120,
        description="The established (generic) name, said with the product's name.",
    )
    indication: str | None = Field(
        default=None,
        max_length=300,
        description="What it is approved for, in the label's words, e.g. 'for measuring glucose "
        "in adults with diabetes'.",
    )
    prescription_only: bool = Field(
        default=False, description="Prescription-only: not advertised to the public in the EU/UK."
    )
    for_hcps: bool = Field(
        default=False, description="Directed only at healthcare professionals, not the public."
    )
    pi_url: str | None = Field(
        default=None,
        max_length=120,
        pattern=r"^https?://\S+$",
        description="Where the full prescribing information is (adequate provision).",
    )
    phone: str | None = Field(
        default=None,
        max_length=40,
        pattern=r"^\+?[0-9][0-9 ().-]{5,}$",
        description="A phone number for the full prescribing information.",
    )

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return self.product


COPY: dict[str, T] = {
    "product_ad.title": T(
        ("{product}", "Meet {product}", "Introducing {product}"),
        "Open with the product name and brand.",
        (
            "Introducing {product_named}, from {brand}.",
            "Meet {product_named}.",
            "This is {product_named}, from {brand}.",
        ),
        ("Made for {audience}.",),
        visual_kind="title",
        short="{product}.",
    ),
    "product_ad.problem": T(
        ("Made for {audience}", "Who it's for", "Built around you"),
        "Name the audience and the everyday problem the product addresses.",
        (
            "For {audience}, every day brings decisions.",
            "For {audience}, staying on top of things takes effort.",
            "{product} was designed with {audience} in mind.",
        ),
        ("{product} is designed to make that a little easier.",),
        short="Made for {audience}.",
    ),
    "product_ad.benefit": T(
        ("{item}", "{ordinal}: {item}", "{n}. {item}"),
        "Show one key benefit, in the brief's words.",
        ("{ordinal}:", "{ordinal} benefit:", "Number {n}:"),
        ("It's designed with {audience} in mind.",),
    ),
    "product_ad.benefits": T(
        ("Why {product}", "What {product} offers", "{product} at a glance"),
        "List the key benefits, in the brief's words.",
        ("Here's what {product} offers.", "With {product}, you get:", "Why {product}?"),
        ("Talk to your care team about how it could fit your routine.",),
    ),
    "product_ad.routine": T(
        ("Fits your day", "Part of your routine", "Made for real life"),
        "Show the product in everyday use (no new claims).",
        (
            "{product} is made to fit into everyday life.",
            "It's designed around your routine, not the other way round.",
            "Real life is busy; {product} is built for that.",
        ),
        ("Your doctor can help you decide if it suits you.",),
        short="Made for everyday life.",
    ),
    "product_ad.indication": T(
        ("What it's for", "Its approved use", "What {product} is for"),
        "State the approved indication, in the label's words.",
        (
            "{product} is indicated {indication}.",
            "What is {product} for? It is indicated {indication}.",
            "{product} is approved {indication}.",
        ),
        short="{product} is indicated {indication}.",
    ),
    "product_ad.cta": T(
        ("{cta_title}", "Your next step", "Take the next step"),
        "Call to action, in the brief's words.",
        ("{cta}.", "Ready to learn more? {cta}.", "Your next step: {cta}."),
        ("{product}, from {brand}.",),
        visual_kind="cta",
    ),
    "product_ad.safety": T(
        ("Important safety information",) * 3,
        "Show and read the full important safety information (fair balance).",
        ("Important safety information.",) * 3,
        visual_kind="safety",
    ),
}


class ProductAdSpec(VideoTypeSpec[ProductAdBrief]):
    """A product ad that always ends with its safety information."""

    brief = ProductAdBrief
    summary = "A product advertisement with fair balance read in full at the end"
    icon = "shield"
    kept_in_translation = frozenset({"product", "generic_name", "pi_url", "phone"})
    copy = COPY

    def fields(self, brief: ProductAdBrief) -> dict[str, str]:
        """Product, audience and the call to action (as said, and as a headline)."""
        cta = brief.call_to_action.rstrip(". ")
        named = f"{brief.product} ({brief.generic_name})" if brief.generic_name else brief.product
        return super().fields(brief) | {
            "product": brief.product,
            "product_named": named,
            "indication": (brief.indication or "").rstrip(". "),
            "audience": brief.audience,
            "cta": cta,
            "cta_title": fit(cta, TITLE_MAX),
        }

    def plan(self, brief: ProductAdBrief) -> list[Slot]:
        """Title, problem, the benefits, routine, call to action, then safety (verbatim)."""
        title = [fit(brief.brand.name)] + ([fit(brief.generic_name)] if brief.generic_name else [])
        slots: list[Slot] = [Beat("product_ad.title", weight=0.7, bullets=tuple(title))]
        if brief.indication:
            slots.append(Beat("product_ad.indication", weight=0.8, verbatim=True))  # label words
        provision = _adequate_provision(brief)
        cta_bullets = (fit(brief.brand.name), *_routes(brief))  # routes shown as written
        return [
            *slots,
            Beat("product_ad.problem", priority=1),
            ListSlot("product_ad.benefit", "product_ad.benefits", tuple(brief.key_benefits)),
            Beat("product_ad.routine", priority=2),
            Beat("product_ad.cta", tail=True, bullets=cta_bullets[:3], notes=provision),
            Beat("product_ad.safety", tail=True, verbatim=True, notes=(brief.safety_information,)),
        ]

    def subject(self, brief: ProductAdBrief) -> str:
        """The product's name."""
        return brief.product

    def subtitle(self, brief: ProductAdBrief) -> str:
        """The first benefit."""
        return brief.key_benefits[0]

    def fair_balance(self, brief: ProductAdBrief) -> str:
        """The brief's important safety information, word for word."""
        return brief.safety_information

    def call_to_action(self, brief: ProductAdBrief) -> str:
        """The brief's own call to action."""
        return brief.call_to_action


def _routes(brief: ProductAdBrief) -> list[str]:
    return [route for route in (brief.pi_url, brief.phone) if route]


def _adequate_provision(brief: ProductAdBrief) -> tuple[str, ...]:
    """Where the full prescribing information is, said in full (21 CFR 202.1(e)(1))."""
    routes = _routes(brief)
    if not routes:
        return ()
    spoken = " or call ".join(routes) if len(routes) == 2 else routes[0]
    verb = "call" if routes == [brief.phone] else "visit"
    return (f"For full prescribing information, {verb} {spoken}.",)


SPEC = ProductAdSpec()
