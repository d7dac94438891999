"""Compliance training: a policy's rules, each shown and said whole, then a summary."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pipeline.beats import Beat, ListSlot, Slot
from pipeline.beats import BeatTemplate as T
from pipeline.briefs import BriefBase
from pipeline.rules import BULLET_MAX, MAX_BULLETS
from pipeline.text import fit, lower_first
from pipeline.video_types.spec import VideoTypeSpec


class ComplianceVideoBrief(BriefBase):
    """A training video on a policy: the rules staff must follow, said plainly."""

    video_type: Literal["compliance_video"] = "compliance_video"
    policy_topic: str = Field(min_length=1, max_length=120, description="Policy the video teaches.")
    audience: str = Field(min_length=1, max_length=120, description="Who must follow it.")
    key_rules: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=8, description="The rules, one per item."
    )
    regulation: str | None = Field(
        default=None,
        max_length=160,
        description="The regulation or SOP it implements, with its version (e.g. 'SOP-PV-004 "
        "v3'): shown and said, and checked (a training record names the version trained on).",
    )

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return self.policy_topic


COPY: dict[str, T] = {
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
        visual_kind="bullets",
        short="{policy_lower}: everyone's job.",
    ),
    "compliance_video.acknowledge": T(
        ("Your acknowledgement", "Acknowledge and confirm", "Please acknowledge"),
        "Close on the acknowledgement the training record needs.",
        (
            "Please confirm you have completed this training.",
            "To finish, please acknowledge this training.",
            "One last step: your acknowledgement.",
        ),
        ("By confirming, you agree to follow these rules on {policy_lower}.",),
        visual_kind="cta",
        short="Please acknowledge.",
    ),
}


class ComplianceVideoSpec(VideoTypeSpec[ComplianceVideoBrief]):
    """Training whose rules are its point: never shortened, never cut to half a sentence."""

    brief = ComplianceVideoBrief
    summary = "Compliance training on a policy: every rule shown and said whole"
    icon = "clipboard"
    kept_in_translation = frozenset({"regulation"})
    copy = COPY
    topic_followup = "If you're unsure how {topic} applies to you, ask Compliance first."

    def fields(self, brief: ComplianceVideoBrief) -> dict[str, str]:
        """Policy (as a headline and mid-sentence), staff and regulation."""
        return super().fields(brief) | {
            "policy": brief.policy_topic,
            "policy_lower": lower_first(brief.policy_topic),
            "staff": brief.audience,
            "regulation": brief.regulation or "",
        }

    def plan(self, brief: ComplianceVideoBrief) -> list[Slot]:
        """Title, why it matters, the rules (whole), speaking up, regulation, summary."""
        rules = tuple(brief.key_rules)
        slots: list[Slot] = [
            Beat("compliance_video.title", weight=0.7, bullets=(fit("For " + brief.audience),)),
            Beat("compliance_video.why", priority=1),
            ListSlot(
                "compliance_video.rule", "compliance_video.rules", rules, as_bullet=True, whole=True
            ),
            Beat("compliance_video.speakup", priority=2),
        ]
        if brief.regulation:  # cited in every cut: the training record names it
            slots.append(
                Beat("compliance_video.regulation", tail=True, bullets=(fit(brief.regulation),))
            )
        slots += [
            Beat(
                "compliance_video.summary",
                priority=1,
                tail=True,
                bullets=tuple(fit(r, BULLET_MAX) for r in rules[:MAX_BULLETS]),
            ),
            Beat("compliance_video.acknowledge", tail=True, bullets=_acknowledgement(brief)),
        ]
        return slots

    def subject(self, brief: ComplianceVideoBrief) -> str:
        """The regulation or SOP, else the policy."""
        return brief.regulation or brief.policy_topic

    def subtitle(self, brief: ComplianceVideoBrief) -> str:
        """Who the training is for."""
        return f"For {brief.audience}"


def _acknowledgement(brief: ComplianceVideoBrief) -> tuple[str, ...]:
    """What the viewer confirms on the closing slide (the check looks for "I have completed")."""
    cited = f" ({brief.regulation})" if brief.regulation else ""
    return (
        fit("I have completed this training"),
        fit(f"I will follow these rules{cited}", BULLET_MAX),
    )


SPEC = ComplianceVideoSpec()
