"""The words a slide shows, taken from the scene first and the brief second.

Scenes come from a writer model and may leave bullets empty; these functions give every layout
something true to say from the brief instead of placeholder text.
"""

from __future__ import annotations

import re

from pipeline.briefs import Brand
from pipeline.outputs import Scene, ScriptLine
from pipeline.providers.images.diagrams import Mechanism
from pipeline.video_types import Brief, spec_for

_BLOCKS = re.compile(r"\b(block|inhibit|antagoni|prevent|stop|suppress|reduc|lower)", re.IGNORECASE)
_TARGET = re.compile(
    r"\b(?:blocks?|inhibits?|binds?(?:\s+to)?|targets?|activates?|stimulates?|acts\s+on)\s+"
    r"(?:the\s+)?(.+?)(?=\s+(?:in|on|at|of|so|which|that)\s|[,.;:(]|$)",
    re.IGNORECASE,
)
_FIGURE = re.compile(
    r"(\d+(?:[.,]\d+)?\s*(?:%|percent|x\b|in\s+\d+|out\s+of\s+\d+)|\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+)?"
    r"(?:\s*(?:hours?|minutes?|days?|weeks?|years?|mg|mmHg|million|billion|k\b))?)",
    re.IGNORECASE,
)
_NUMBER_WORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten)\b", re.IGNORECASE)
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_WEB = re.compile(r"\b(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?", re.IGNORECASE)


def subject(brief: Brief) -> str:
    """A short label for the kicker line above headlines: what the video is about."""
    return spec_for(brief).subject(brief)


def default_icon(brief: Brief) -> str:
    """The illustration that fits the video type when a scene's words suggest none."""
    return spec_for(brief).icon


def subtitle(brief: Brief, scene: Scene) -> str:
    """The line under a title: the scene's first bullet, else the brief's one-line context."""
    return scene.bullets[0] if scene.bullets else spec_for(brief).subtitle(brief)


def slide_brand(brief: Brief) -> Brand:
    """The brand as slides show it: the type's footer line, and a logo only where it allows one.

    An unbranded video (disease awareness) names its sponsor only in a small "Brought to you by"
    footer and draws no logo.
    """
    spec = spec_for(brief)
    logo = brief.brand.logo if spec.logo_on_slides else None
    return brief.brand.model_copy(update={"name": spec.sponsor_line(brief), "logo": logo})


def points(scene: Scene, line: ScriptLine | None, limit: int = 4) -> list[str]:
    """Bullets to show: the scene's own, else the narration's sentences, else its purpose."""
    if scene.bullets:
        return list(scene.bullets[:limit])
    if line is not None:
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", line.narration) if s.strip()]
        return sentences[:limit]
    return [scene.purpose]


def mechanism(brief: Brief, scene: Scene, line: ScriptLine | None) -> Mechanism:
    """Labels for the mechanism diagram: bullets name target and outcome; notes fill gaps."""
    hint = spec_for(brief).diagram(brief)
    notes = hint.notes
    said = " ".join([scene.title, *scene.bullets, notes, line.narration if line else ""])
    bullets = scene.bullets
    if hint.agent is None and len(bullets) >= 3:  # cause → mechanism → effect
        return Mechanism(
            drug=bullets[0],
            target=bullets[1],
            outcome=bullets[-1],
            inhibit=bool(_BLOCKS.search(said)),
        )
    drug = hint.agent or brief.title
    # The writer may open the chain with the drug itself; the diagram already draws it.
    bullets = [b for b in bullets if b.casefold() != drug.casefold()]
    target = _target_from(notes) or _target_from(" ".join(bullets))
    target = target or (bullets[0] if bullets else scene.title)
    if len(bullets) >= 2:
        outcome = bullets[-1]
    else:
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", notes) if s.strip()]
        outcome = sentences[-1] if len(sentences) > 1 else hint.outcome or scene.purpose
    effect = next((b for b in bullets[:-1] if target.casefold() in b.casefold()), "")
    effect = effect or (bullets[0] if len(bullets) >= 2 else "")
    return Mechanism(
        drug=drug,
        target=target,
        outcome=outcome.rstrip("."),
        effect=effect,
        inhibit=bool(_BLOCKS.search(said)),
    )


def _target_from(notes: str) -> str:
    match = _TARGET.search(notes)
    return match.group(1).strip() if match else ""


def stat_figure(scene: Scene, line: ScriptLine | None) -> tuple[str, str, str]:
    """(figure, caption, headline) for a stat slide: the first number the scene mentions.

    The caption is the sentence the figure came from, minus the figure ("1 in 3 women…" shows
    "1 in 3" big and "women…" under it); the headline is the title unless the figure came from it.
    """
    sources = [*scene.bullets, scene.title, line.narration if line else ""]
    for text in sources:
        match = _FIGURE.search(text) or _NUMBER_WORDS.search(text)
        if match and any(ch.isalnum() for ch in match.group(0)):
            figure = match.group(0).strip()
            lead = match.start() == 0  # "1 in 3 women…": the rest reads on its own
            caption = text[match.end() :].strip(" ,:;-–") if lead else text
            headline = "" if text == scene.title else scene.title
            return figure, caption[:1].upper() + caption[1:], headline
    return scene.title, scene.bullets[0] if scene.bullets else "", ""


def contact_lines(brief: Brief, scene: Scene) -> list[tuple[str, str]]:
    """(icon, text) rows for the contact card: address, phone, web from bullets and brief."""
    raw = spec_for(brief).contact_lines(brief, list(scene.bullets))
    rows = []
    for text in raw[:4]:
        if _PHONE.search(text):
            icon = "phone"
        elif _WEB.search(text) and not text[:1].isdigit():
            icon = "globe"
        elif "#" in text or "@" in text:
            icon = "chat"
        else:
            icon = "pin"
        rows.append((icon, text))
    return rows or [("pin", scene.title)]


def call_to_action(brief: Brief, scene: Scene) -> tuple[str, str]:
    """The button text and the line under it for a call-to-action slide."""
    button = spec_for(brief).call_to_action(brief)
    if button is None:
        button = scene.bullets[0] if scene.bullets else scene.title
    rest = [b for b in scene.bullets if b != button]
    return button, rest[0] if rest else ""


def safety_text(brief: Brief, scene: Scene, line: ScriptLine | None) -> str:
    """Everything the safety slide must show in full: the brief's fair balance, where it has one."""
    fair_balance = spec_for(brief).fair_balance(brief)
    if fair_balance is not None:
        extra = [b for b in scene.bullets if b.lower() not in fair_balance.lower()]
        return " ".join([fair_balance, *extra])
    if scene.bullets:
        return "\n".join(scene.bullets)
    return line.narration if line else scene.purpose
