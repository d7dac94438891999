"""Promotional copy (product, doctor and social videos) and the merged table the writer reads.

The medical-education copy lives in `templates_medical.py`; the shapes in `beats.py`.
"""

from __future__ import annotations

from pipeline.providers.writer.beats import (  # noqa: F401 - re-exported for the writer
    BULLET_MAX,
    ORDINALS,
    TITLE_MAX,
    Beat,
    BeatTemplate,
    fill,
)
from pipeline.providers.writer.templates_medical import MEDICAL_TEMPLATES

T = BeatTemplate
TEMPLATES: dict[str, BeatTemplate] = {
    # --- Product advertisement. ---
    "product_ad.title": T(
        ("{product}", "Meet {product}", "Introducing {product}"),
        "Open with the product name and brand.",
        (
            "Introducing {product}, from {brand}.",
            "Meet {product}.",
            "This is {product}, from {brand}.",
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
    # --- Doctor or practice advertisement. ---
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
    # --- Social media post: short, punchy, platform-native. ---
    "social_media.hook": T(
        ("{topic}", "Did you know?", "Stop scrolling"),
        "Hook the viewer in the first seconds.",
        ("{topic_sentence}", "Did you know? {topic_sentence}", "Stop scrolling. {topic_sentence}"),
        ("Here's what you need to know.",),
        visual_kind="title",
    ),
    "social_media.point": T(
        ("{item}", "{ordinal}: {item}", "#{n}: {item}"),
        "Make one key point.",
        ("{ordinal}:", "Number {n}:", "Next up:"),
        ("Don't brush it off.", "If it's new for you, get it checked."),
    ),
    "social_media.points": T(
        ("Key points", "What to know", "Quick facts"),
        "Make the key points, one per bullet.",
        ("Here's what to know.", "Quick facts:", "Remember these."),
        (),
    ),
    "social_media.closing": T(
        ("Share this", "Pass it on", "Save this post"),
        "Close with the brand and the hashtags on screen.",
        ("Share this with someone who needs it.", "Pass it on.", "Save this for later."),
        ("Questions about your health? Talk to your doctor.", "From {brand}."),
        visual_kind="cta",
        short="Share this.",
    ),
    # --- A topic the reviewer asked to add; framed, never invented. ---
    "added.topic": T(
        ("{topic_title}",) * 3,
        "Cover {topic}, as the reviewer asked; confirm facts before release.",
        ("Next: {topic}.", "Let's turn to {topic}.", "A word on {topic}."),
        ("{topic_followup}",),
        short="{topic}.",
    ),
    **MEDICAL_TEMPLATES,
}
