"""Reviewer feedback, read into directives the offline writer can act on.

Reviewers write free text ("shorter, and add side effects"). This module turns it into a `Style`
(length and register) and topic edits (add/remove), applied oldest first so a history of notes
accumulates. Anything it does not recognise is ignored rather than failing the stage: a reviewer's
aside must never cost them a draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from pipeline.beats import Beat, fill
from pipeline.outputs import Scenes
from pipeline.providers.writer.templates import TEMPLATES
from pipeline.video_types import Brief, spec_for

Register = Literal["default", "formal", "simple"]

LENGTH_FACTORS: dict[int, float] = {-3: 0.45, -2: 0.55, -1: 0.72, 0: 1.0, 1: 1.4, 2: 1.8, 3: 2.2}
"""How much each net "shorter"/"longer" scales a scene's word budget."""

_SHORTER = re.compile(
    r"\b(shorter|more concise|concise|too long|tighten|trim|briefer|too wordy|fewer words|"
    r"less text|cut it down)\b",
    re.IGNORECASE,
)
_LONGER = re.compile(
    r"\b(longer|more details?|too short|expand|elaborate|more depth|fuller)\b", re.IGNORECASE
)
_FORMAL = re.compile(r"\b(formal|professional|less casual|more serious)\b", re.IGNORECASE)
_SIMPLE = re.compile(
    r"\b(simpler|simplify|plain language|plain english|plain words|less technical|no jargon|"
    r"jargon|easier|lay terms)\b",
    re.IGNORECASE,
)
_ADD = re.compile(r"^(?:please\s+)?(?:add|include|mention|cover)\s+(?P<topic>.+)$", re.IGNORECASE)
_REMOVE = re.compile(
    r"^(?:please\s+)?(?:remove|drop|delete|cut|skip|no|without|don't mention|do not mention)"
    r"\s+(?P<topic>.+)$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[.;!?\n]+|(?:,|\s+and|\s+then|\s+also)\s+(?=(?:please\s+)?(?:add|include|mention|cover|"
    r"remove|drop|delete|cut|skip|no|make|use|be|more|less|shorter|longer|simpler)\b)",
    re.IGNORECASE,
)
_TOPIC_FILLER = re.compile(
    r"^(?:(?:a|an|the|any|all|some|more|scenes?|slides?|lines?|sections?|something|mention)"
    r"\s+(?:(?:about|on|of|for|covering)\s+)?)+",
    re.IGNORECASE,
)
_TOPIC_TAIL = re.compile(
    r"\s+(?:scenes?|slides?|section|lines?|please|too|as well)$", re.IGNORECASE
)
_STOPWORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "about", "with"}
)


@dataclass(frozen=True)
class Style:
    """How a scene should read: net length steps and the register asked for last.

    The steps are not capped, so a fourth "shorter" still counts; the budget factor is (-3..3).
    """

    length: int = 0
    register: Register = "default"

    @property
    def length_factor(self) -> float:
        """The multiplier on the scene's word budget."""
        return LENGTH_FACTORS[max(-3, min(3, self.length))]


@dataclass(frozen=True)
class TopicEdits:
    """Topics to add and to remove, after the whole history is applied (last word wins)."""

    add: tuple[str, ...] = field(default=())
    remove: tuple[str, ...] = field(default=())


def clauses(text: str) -> list[str]:
    """Split one feedback entry into directive-sized clauses ("shorter", "add side effects")."""
    return [c.strip(" ,:-") for c in _CLAUSE_BREAK.split(text) if c and c.strip(" ,:-")]


def style_from_notes(notes: Iterable[str]) -> Style:
    """Fold notes, oldest first, into a style: lengths add up, the latest register wins."""
    length, register = 0, "default"
    for note in notes:
        for clause in clauses(note):
            if _topic(clause, _ADD) or _topic(clause, _REMOVE):
                continue
            length += bool(_LONGER.search(clause)) - bool(_SHORTER.search(clause))
            if _FORMAL.search(clause):
                register = "formal"
            elif _SIMPLE.search(clause):
                register = "simple"
    return Style(length=length, register=register)


def topic_edits(feedback: Iterable[str]) -> TopicEdits:
    """Collect the topics to add and remove; a later note overrides an earlier one."""
    wanted: dict[str, bool] = {}
    for text in feedback:
        for clause in clauses(text):
            if topic := _topic(clause, _ADD):
                wanted.pop(topic, None)
                wanted[topic] = True
            elif topic := _topic(clause, _REMOVE):
                wanted.pop(topic, None)
                wanted[topic] = False
    return TopicEdits(
        add=tuple(t for t, keep in wanted.items() if keep),
        remove=tuple(t for t, keep in wanted.items() if not keep),
    )


def _topic(clause: str, pattern: re.Pattern[str]) -> str:
    """Return the topic a clause adds or removes; '' for a style note ("add more detail")."""
    match = pattern.match(clause)
    if not match:
        return ""
    if any(p.search(clause) for p in (_SHORTER, _LONGER, _FORMAL, _SIMPLE)):
        return ""
    topic = _TOPIC_TAIL.sub("", _TOPIC_FILLER.sub("", match.group("topic"))).strip(" '\"")
    return topic.lower() if any(ch.isalnum() for ch in topic) else ""


def mentions(text: str, topic: str) -> bool:
    """Whether `text` is about `topic`: every content word of the topic appears (plural-blind)."""
    words = [w for w in re.findall(r"[a-z0-9]+", topic.lower()) if w not in _STOPWORDS]
    if not words:
        return False
    lowered = text.lower()
    return all(
        re.search(rf"\b{re.escape(w[:-1] if len(w) > 3 and w.endswith('s') else w)}", lowered)
        for w in words
    )


# --- Register: word-level rewrites of our own prose (user text keeps its facts). ---

_CONTRACTIONS: dict[str, str] = {
    "can't": "cannot",
    "won't": "will not",
    "shan't": "shall not",
    "let's": "let us",
    "it's": "it is",
    "that's": "that is",
    "here's": "here is",
    "there's": "there is",
    "what's": "what is",
    "who's": "who is",
    "he's": "he is",
    "she's": "she is",
}
_CONTRACTION = re.compile(r"\b(\w+)['’](s|t|ll|re|ve|m|d)\b", re.IGNORECASE)
_SUFFIXES = {"ll": "will", "re": "are", "ve": "have", "m": "am", "d": "would"}

FORMAL_WORDS: dict[str, str] = {
    "talk to your doctor": "consult your doctor",
    "talk with": "speak with",
    "a lot of": "a great deal of",
    "lots of": "many",
    "right away": "promptly",
    "just ask": "please ask",
    "help you": "assist you",
    "think of it as": "consider it",
    "ever wondered": "have you considered",
    "actually": "precisely",
    "stop scrolling": "take a moment",
    "don't brush it off": "do not ignore it",
    "a little easier": "more manageable",
    "big": "significant",
    "kids": "children",
}
SIMPLE_WORDS: dict[str, str] = {
    "consult the": "read the",
    "pharmacodynamic effect": "effect on the body",
    "pharmacodynamic": "body's",
    "pharmacology": "action",
    "pathophysiology": "cause",
    "molecular target": "target",
    "target engagement": "reaching its target",
    "engagement of its target": "reaching its target",
    "engages": "reaches",
    "modulation": "change",
    "modulates": "changes",
    "downstream": "later",
    "inhibits": "blocks",
    "inhibition": "blocking",
    "hepatic": "liver",
    "plasma": "blood",
    "physician": "doctor",
    "administer": "give",
    "approximately": "about",
    "utilise": "use",
    "utilize": "use",
    "prior to": "before",
    "in order to": "to",
    "subsequently": "then",
    "commence": "start",
    "ensure": "make sure",
    "regarding": "about",
    "demonstrate": "show",
    "additionally": "also",
    "therapeutic": "treatment",
    "concomitant": "other",
    "individualised": "tailored",
    "efficacy": "how well it works",
    "consult": "talk to",
    "in accordance with": "following",
}


def apply_register(text: str, register: Register, *, sentences: bool = True) -> str:
    """Rewrite prose into the register asked for; `sentences=False` keeps it one line (titles)."""
    if register == "formal":
        return _swap_words(_expand_contractions(text), FORMAL_WORDS)
    if register == "simple":
        text = _swap_words(text, SIMPLE_WORDS)
        return _split_long(text) if sentences else text
    return text


def has_contraction(text: str) -> bool:
    """Whether `text` uses a contraction (not a possessive like "the drug's")."""
    return any(_is_contraction(m) for m in _CONTRACTION.finditer(text))


def _is_contraction(match: re.Match[str]) -> bool:
    word, suffix = match.group(1).lower(), match.group(2).lower()
    if suffix == "s":
        return f"{word}'s" in _CONTRACTIONS
    if suffix == "t":
        return word.endswith("n")
    return True


def _expand_contractions(text: str) -> str:
    def expand(match: re.Match[str]) -> str:
        whole = match.group(0).replace("’", "'")
        if not _is_contraction(match):
            return match.group(0)
        fixed = _CONTRACTIONS.get(whole.lower())
        if fixed is None:
            word, suffix = match.group(1), match.group(2).lower()
            fixed = f"{word[:-1]} not" if suffix == "t" else f"{word} {_SUFFIXES[suffix]}"
        return _match_case(whole, fixed)

    return _CONTRACTION.sub(expand, text)


def _swap_words(text: str, words: dict[str, str]) -> str:
    for plain, other in words.items():
        pattern = re.compile(rf"\b{re.escape(plain)}\b", re.IGNORECASE)
        text = pattern.sub(lambda m, o=other: _match_case(m.group(0), o), text)
    return text


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _split_long(text: str) -> str:
    """Break long sentences at semicolons and dashes: shorter sentences read easier."""
    parts = [p for p in re.split(r"\s*(?:;|\s—\s|\s–\s)\s*", text) if p]
    if len(parts) < 2:
        return text
    heads = [p[:1].upper() + p[1:].rstrip(".,") + "." for p in parts[:-1]]
    return " ".join([*heads, parts[-1][:1].upper() + parts[-1][1:]])


# --- Topics the reviewer asked for: where they go in a storyboard and a script. ---


def edit_plan(
    beats: list[Beat],
    edits: TopicEdits,
    fields: Mapping[str, str],
    make_topic_beat: Callable[[str], Beat],
) -> list[Beat]:
    """Drop beats about removed topics (never fair balance); add beats for requested topics.

    Added topics go just before the closing block, where a viewer expects "one more thing".
    """
    kept: list[Beat] = []
    for beat in beats:
        edited: Beat | None = beat
        for topic in edits.remove:
            if edited is None or edited.verbatim:
                break
            edited = _without_topic(edited, topic, fields)
        if edited is not None:
            kept.append(edited)
    if all(b.verbatim for b in kept):  # a storyboard needs something besides fair balance
        kept = [beats[0], *kept]
    said = " ".join(_beat_text(b, fields) for b in kept)
    added = [make_topic_beat(t) for t in edits.add if not mentions(said, t)]
    tail = next((i for i, b in enumerate(kept) if b.tail), len(kept))
    return kept[:tail] + added + kept[tail:]


def place_topics(
    brief: Brief, scenes: Scenes, lines: list[list[str]], topics: Iterable[str], tails: list[bool]
) -> None:
    """Work each requested topic into the line of the scene about it, else the last body scene."""
    for topic in topics:
        if any(mentions(" ".join(line), topic) for line in lines):
            continue
        about = [
            i
            for i, s in enumerate(scenes.scenes)
            if mentions(" ".join([s.title, *s.bullets]), topic) and s.visual_kind != "safety"
        ]
        body = [i for i, tail in enumerate(tails) if not tail] or [0]
        lines[(about or body)[-1]].append(spec_for(brief).followup(brief, topic))


def _without_topic(beat: Beat, topic: str, fields: Mapping[str, str]) -> Beat | None:
    """Take `topic` out of a beat: its items or bullets naming it, or all of it if titled so."""
    values = {**fields, **beat.fields}
    if any(mentions(fill(t, values), topic) for t in TEMPLATES[beat.key].titles):
        return None
    if beat.items:
        items = tuple(item for item in beat.items if not mentions(item, topic))
        return replace(beat, items=items) if items else None
    return replace(
        beat,
        bullets=tuple(b for b in beat.bullets if not mentions(b, topic)),
        notes=tuple(n for n in beat.notes if not mentions(n, topic)),
    )


def _beat_text(beat: Beat, fields: Mapping[str, str]) -> str:
    values = {**fields, **beat.fields}
    titles = [fill(t, values) for t in TEMPLATES[beat.key].titles]
    return " ".join([*titles, *beat.bullets, *beat.items, *beat.notes])
