"""The offline writer's words: one named template per scene beat, filled with `str.format` fields.

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

T = BeatTemplate
TEMPLATES: dict[str, BeatTemplate] = {
    # --- Mechanism of action, for patients: plain words, warm, no jargon. ---
    "moa.patients.intro": T(
        ("How {drug} works", "{drug}: how it works", "Inside {drug}"),
        "Open the video: name the medicine and what viewers will learn.",
        (
            "Here's how {drug} works, and how it helps with {condition}.",
            "Let's take a few moments to see what {drug} does inside your body.",
            "Ever wondered what {drug} actually does? Here's a simple look.",
        ),
        (
            "It's a short explanation, not a replacement for advice from your own doctor.",
            "We'll start with {condition}, then follow {drug} to where it acts.",
        ),
        visual_kind="title",
        short="How {drug} works.",
    ),
    "moa.patients.condition": T(
        ("What is {condition}?", "Understanding {condition}", "About {condition}"),
        "Explain the condition in plain words so the mechanism makes sense.",
        (
            "First, a few words about {condition}.",
            "To understand {drug}, it helps to start with {condition}.",
            "It all starts with {condition}.",
        ),
        (
            "Your doctor can explain how {condition} affects you personally.",
            "Treatment aims to bring it under control and keep it there.",
            "That's the job {drug} was prescribed to do.",
        ),
        short="First, {condition}.",
    ),
    "moa.patients.target": T(
        ("Where {drug} acts", "Finding the target", "The target"),
        "Show the one place in the body the medicine acts on.",
        (
            "{drug} works by acting on one specific target in your body.",
            "Every medicine has a place where it does its job.",
            "Here's where {drug} does its work.",
        ),
        ("Your doctor or pharmacist can tell you more about where it acts.",),
        short="{drug} acts on one target.",
    ),
    "moa.patients.mechanism": T(
        ("Step by step", "From medicine to effect", "The chain of events"),
        "Diagram the chain: the medicine, its target, and the effect.",
        (
            "Here's the chain of events, one step at a time.",
            "Think of it as a short chain: the medicine, its target, and the result.",
            "Let's follow {drug} step by step.",
        ),
        (
            "First, {drug} reaches its target.",
            "Acting there changes what happens next in your body.",
            "Over time, that helps keep {condition} under control.",
        ),
        visual_kind="mechanism",
        short="{drug} reaches its target.",
    ),
    "moa.patients.effect": T(
        ("What it means for you", "The result", "Why it matters"),
        "Describe the effect the patient can expect, without promising outcomes.",
        (
            "So what does this mean for you?",
            "The result is what matters most.",
            "Here's why this matters.",
        ),
        (
            "Taken as prescribed, {drug} helps manage {condition}.",
            "It works best as part of the plan you agree with your doctor.",
            "Keep taking it as directed, even when you feel well.",
        ),
        visual_kind="stat",
        short="Why it matters.",
    ),
    "moa.patients.expect": T(
        ("What to expect", "Living with treatment", "Day to day"),
        "Set realistic expectations and point to the care team.",
        (
            "Every person is different, and so is every treatment plan.",
            "Treatment is a team effort between you and your care team.",
            "Good treatment fits into everyday life.",
        ),
        (
            "Your doctor may check how well it's working at your regular visits.",
            "Tell your doctor about any other medicines you take.",
        ),
        short="Everyone is different.",
    ),
    "moa.patients.closing": T(
        ("Talk to your doctor", "Questions? Ask your doctor", "Your next step"),
        "Close by sending viewers to their doctor; no claims beyond the label.",
        (
            "If you have questions about {drug}, talk to your doctor.",
            "Want to know whether {drug} is right for you? Talk to your doctor.",
            "Your doctor is the best person to talk to about {drug}.",
        ),
        ("Your pharmacist can help too.", "Brought to you by {brand}."),
        visual_kind="cta",
        short="Talk to your doctor.",
    ),
    # --- Mechanism of action, for healthcare professionals: clinical vocabulary. ---
    "moa.hcps.intro": T(
        ("{drug}: mechanism of action", "How {drug} works", "{drug} in focus"),
        "Open the video: name the agent and the indication.",
        (
            "This overview describes the mechanism of action of {drug} in {condition}.",
            "A concise look at the pharmacology of {drug} in {condition}.",
            "How does {drug} act in {condition}? This summary outlines the mechanism.",
        ),
        (
            "It is intended for healthcare professionals.",
            "Refer to the full prescribing information before prescribing.",
        ),
        visual_kind="title",
        short="The mechanism of {drug}.",
    ),
    "moa.hcps.condition": T(
        ("Disease background", "The clinical need", "{condition}: the context"),
        "Frame the pathophysiology the mechanism addresses.",
        (
            "{condition} is the clinical setting for {drug}.",
            "Consider first the pathophysiology of {condition}.",
            "The therapeutic goal in {condition} frames the mechanism.",
        ),
        (
            "Effective management depends on addressing the underlying pathway.",
            "Treatment decisions should follow current clinical guidelines.",
        ),
        short="Consider {condition}.",
    ),
    "moa.hcps.target": T(
        ("Molecular target", "Target engagement", "Site of action"),
        "Identify the molecular target and site of action.",
        (
            "{drug} acts at a defined molecular target.",
            "The activity of {drug} depends on engagement of its target.",
            "The site of action of {drug} is central to its effect.",
        ),
        ("See the prescribing information for target affinity and selectivity.",),
        short="{drug} acts at a defined target.",
    ),
    "moa.hcps.mechanism": T(
        ("Mechanism of action", "Pathway overview", "From target to effect"),
        "Diagram agent, target and downstream effect.",
        (
            "The mechanism can be summarised in three steps.",
            "The pathway proceeds from target engagement to clinical effect.",
            "Consider the sequence from binding to downstream response.",
        ),
        (
            "{drug} engages its target.",
            "Target modulation alters the downstream pathway.",
            "The net pharmacodynamic effect supports control of {condition}.",
        ),
        visual_kind="mechanism",
        short="{drug} engages its target.",
    ),
    "moa.hcps.effect": T(
        ("Pharmacodynamic effect", "Clinical relevance", "Therapeutic effect"),
        "State the pharmacodynamic consequence in clinical terms.",
        (
            "The pharmacodynamic effect follows from target modulation.",
            "The clinical relevance of this mechanism is direct.",
            "The therapeutic effect reflects the mechanism described.",
        ),
        (
            "Efficacy and safety data are summarised in the prescribing information.",
            "Monitor patients as recommended in the label.",
        ),
        visual_kind="stat",
        short="The effect follows the mechanism.",
    ),
    "moa.hcps.expect": T(
        ("Monitoring and follow-up", "In clinical practice", "Patient management"),
        "Summarise practical considerations for prescribers.",
        (
            "In practice, response should be assessed at follow-up.",
            "Patient selection and monitoring follow the label.",
            "Management is individualised to each patient.",
        ),
        ("Review concomitant medicines for potential interactions.",),
        short="Follow the label.",
    ),
    "moa.hcps.closing": T(
        ("Clinical summary", "Key takeaways", "In summary"),
        "Summarise the mechanism for prescribers; point to prescribing information.",
        (
            "In summary, {drug} acts through a defined mechanism in {condition}.",
            "The key takeaway: the effect of {drug} follows from its target.",
            "To summarise the mechanism of {drug} in {condition}:",
        ),
        (
            "Please consult the full prescribing information.",
            "Presented by {brand} for healthcare professionals.",
        ),
        visual_kind="cta",
        short="Consult the prescribing information.",
    ),
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
    # --- Compliance training. ---
    "compliance_video.title": T(
        ("{policy}", "Training: {policy}", "{policy}: what to do"),
        "Open with the policy and who it is for.",
        (
            "This training covers {policy_lower}.",
            "Welcome to this short training on {policy_lower}.",
            "In the next few minutes: {policy_lower}.",
        ),
        ("It applies to {staff}.",),
        visual_kind="title",
        short="Training: {policy_lower}.",
    ),
    "compliance_video.why": T(
        ("Why it matters", "Why this matters", "What is at stake"),
        "Explain why the policy exists: patient safety and legal duty.",
        (
            "Why does this matter?",
            "These rules exist for a reason.",
            "Getting this right protects patients.",
        ),
        (
            "This policy protects patients, our colleagues, and the company.",
            "Regulators expect every one of us to follow it, every time.",
        ),
        short="Why it matters.",
    ),
    "compliance_video.rule": T(
        ("Rule {n}", "Rule {n} of {total}", "{ordinal} rule"),
        "State one rule exactly as the policy gives it.",
        ("Rule {n}.", "Rule {n} of {total}.", "The {ordinal_lower} rule."),
        ("No exceptions.",),
    ),
    "compliance_video.rules": T(
        ("The rules", "What you must do", "Your responsibilities"),
        "Set out the rules as numbered steps.",
        ("Here are the rules.", "This is what you must do.", "Your responsibilities are clear."),
        (),
        visual_kind="process",
    ),
    "compliance_video.regulation": T(
        ("{regulation}", "The reference: {regulation}", "Where this comes from"),
        "Name the regulation or SOP the policy implements.",
        (
            "These rules come from {regulation}.",
            "The reference document is {regulation}.",
            "This training implements {regulation}.",
        ),
        ("Read it in full and keep it to hand.",),
        short="See {regulation}.",
    ),
    "compliance_video.speakup": T(
        ("If in doubt, ask", "Not sure? Ask", "Speak up"),
        "Tell staff where to go with questions.",
        (
            "If you're ever unsure, ask before you act.",
            "Not sure what to do? Ask.",
            "Questions are always welcome.",
        ),
        ("Your manager and the Compliance team are there to help.",),
        short="If unsure, ask.",
    ),
    "compliance_video.summary": T(
        ("In summary", "Remember", "Key takeaways"),
        "Summarise the rules and close.",
        (
            "To sum up: {policy_lower} is everyone's responsibility.",
            "Remember: {policy_lower} is everyone's job.",
            "The key takeaway: follow these rules on {policy_lower}, every time.",
        ),
        ("Thank you for completing this training.",),
        visual_kind="cta",
        short="{policy_lower}: everyone's job.",
    ),
    # --- A topic the reviewer asked to add; framed, never invented. ---
    "added.topic": T(
        ("{topic_title}",) * 3,
        "Cover {topic}, as the reviewer asked; confirm facts before release.",
        ("Next: {topic}.", "Let's turn to {topic}.", "A word on {topic}."),
        ("{topic_followup}",),
        short="{topic}.",
    ),
}
