"""Finding the sentences that make claims, and matching them to the brief's referenced claims.

A sentence makes a numeric claim when it quotes a figure with a unit or a ratio, a comparative
claim when it compares ("than", "versus", "better"), and a benefit claim when it says what the
product does for the viewer ("reduces", "helps", "improves"). It is backed when it contains the
text of one of the brief's claims (each has a reference), compared word by word, ignoring case
and punctuation.
"""

from __future__ import annotations

import re
from typing import Literal

ClaimKind = Literal["numeric", "comparative", "benefit"]

_NUMERIC = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:%|percent\b|per\s?cent\b|times\b|x\b|fold\b|mg\b|mmol\b|mmhg\b"
    r"|points?\b)|\b\d+\s+(?:in|out of)\s+\d+\b|\bhalf\b|\bdoubles?\b|\btriples?\b",
    re.IGNORECASE,
)
_COMPARATIVE = re.compile(
    r"\b(than|compared (?:to|with)|versus|vs\.?|superior|outperforms?|better|faster|stronger|"
    r"more effective|less likely)\b",
    re.IGNORECASE,
)
_BENEFIT = re.compile(
    r"\b(reduces?|lowers?|improves?|prevents?|relieves?|protects?|boosts?|restores?|heals?|"
    r"treats?|controls?|helps?\s+(?:to\s+)?(?:control|manage|lower|reduce|prevent|protect|"
    r"relieve|improve|treat|with))\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w%]+", re.UNICODE)


def claim_kind(sentence: str) -> ClaimKind | None:
    """The strongest kind of claim `sentence` makes, or None."""
    if _NUMERIC.search(sentence):
        return "numeric"
    if _COMPARATIVE.search(sentence):
        return "comparative"
    if _BENEFIT.search(sentence):
        return "benefit"
    return None


def sentences(text: str) -> list[str]:
    """`text` split into sentences (a list opener like "Number 2:" stays with its sentence)."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def backed_by(sentence: str, claims: list[str]) -> str | None:
    """The brief claim `sentence` states, if any: all of the claim's words, in order."""
    said = _words(sentence)
    for claim in claims:
        wanted = _words(claim)
        if wanted and _in_order(wanted, said):
            return claim
    return None


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _in_order(wanted: list[str], said: list[str]) -> bool:
    position = 0
    for word in wanted:
        try:
            position = said.index(word, position) + 1
        except ValueError:
            return False
    return True
