"""Mechanism of action: how a drug works, for patients (plain words) or HCPs (clinical detail).

The type's brief, its copy (one register per audience) and its plan: intro, condition, target,
the mechanism diagram, effect, what to expect, and a closing that sends viewers to their doctor
or to the prescribing information.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from pipeline.beats import Beat, Slot
from pipeline.beats import BeatTemplate as T
from pipeline.briefs import BriefBase
from pipeline.text import capitalised, fit, sentence
from pipeline.video_types.spec import DiagramHint, VideoTypeSpec


class MoaBrief(BriefBase):
    """A drug's mechanism of action explained, for patients or healthcare professionals."""

    video_type: Literal["moa"] = "moa"
    drug_name: str = Field(min_length=1, max_length=80, description="Drug (brand or generic) name.")
    condition: str = Field(min_length=1, max_length=120, description="Condition the drug treats.")
    audience: Literal["patients", "hcps"] = Field(
        default="patients", description="patients (plain words) or hcps (clinical detail)."
    )
    mechanism_notes: str | None = Field(
        default=None,
        max_length=1500,
        description="Optional notes on the mechanism: target, pathway, effect.",
    )

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return f"How {self.drug_name} works"


COPY: dict[str, T] = {
    # --- For patients: plain words, warm, no jargon. ---
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
    # --- For healthcare professionals: clinical vocabulary. ---
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
}

FOLLOWUPS = {
    "patients": "If you have questions about {topic}, your doctor or pharmacist can help.",
    "hcps": "Refer to the prescribing information for details on {topic}.",
}


class MoaSpec(VideoTypeSpec[MoaBrief]):
    """A mechanism-of-action explainer with its diagram."""

    brief = MoaBrief
    summary = "How a drug works, for patients or HCPs, with a mechanism diagram"
    icon = "capsule"
    kept_in_translation = frozenset({"drug_name"})
    copy = COPY

    def fields(self, brief: MoaBrief) -> dict[str, str]:
        """Drug and condition, as the templates say them."""
        return super().fields(brief) | {"drug": brief.drug_name, "condition": brief.condition}

    def plan(self, brief: MoaBrief) -> list[Slot]:
        """Intro, condition, target, mechanism, effect, what to expect, closing."""
        a, notes = f"moa.{brief.audience}", _note_sentences(brief)
        target = fit(re.split(r"[.,;]", brief.mechanism_notes or "")[0]) if notes else ""
        patients = brief.audience == "patients"
        effect = "Helps control " if patients else "Control of "
        closing = "Talk to your doctor" if patients else "See full prescribing information"
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

    def followup(self, brief: MoaBrief, topic: str) -> str:
        """Patients are sent to their doctor or pharmacist; HCPs to the prescribing information."""
        return FOLLOWUPS[brief.audience].format(topic=topic)

    def subject(self, brief: MoaBrief) -> str:
        """The drug's name."""
        return brief.drug_name

    def subtitle(self, brief: MoaBrief) -> str:
        """The condition it treats."""
        return capitalised(brief.condition)

    def diagram(self, brief: MoaBrief) -> DiagramHint:
        """The drug starts the chain; the notes name its target; the condition is the outcome."""
        return DiagramHint(
            agent=brief.drug_name, notes=brief.mechanism_notes or "", outcome=brief.condition
        )


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


SPEC = MoaSpec()
