"""Small, language-neutral shaping of the user's words for slides and speech.

Video types use these to turn brief fields into template values ("LDL" stays "LDL", a condition
typed lower-case gets its capital at the start of a sentence); the offline writer uses them to
keep on-screen text within the limits in `rules.py`.
"""

from __future__ import annotations

import re

from pipeline.rules import BULLET_MAX


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


def hashtag(tag: str) -> str:
    """A hashtag with exactly one leading '#', however the user typed it."""
    return f"#{tag.lstrip('#')}"
