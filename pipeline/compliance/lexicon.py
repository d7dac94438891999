"""Words regulators single out: each row names the rule it comes from and says what to write.

Matched case-insensitively on whole words in everything a video shows or says. A row's markets
and video types narrow where it applies; its severity may be softer than its rule's (a "safe"
that might be qualified is a warning, "100% safe" is not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.compliance.models import Severity


@dataclass(frozen=True)
class Phrase:
    """One lexicon row."""

    pattern: re.Pattern[str]
    rule_id: str
    severity: Severity
    why: str
    fix: str
    markets: tuple[str, ...] = ("us", "eu", "uk")


def _p(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


LEXICON: tuple[Phrase, ...] = (
    Phrase(_p(r"\bcur(e|es|ed|ing)\b"), "misleading-phrase", "block",
           "promises a cure", "say what it is approved to do, in the label's words"),
    Phrase(_p(r"\bguarantee[ds]?\b"), "misleading-phrase", "block",
           "suggests the effect is guaranteed", "describe the effect as seen in studies"),
    Phrase(_p(r"\b(100\s?%|completely|totally|perfectly|absolutely)\s+safe\b"), "misleading-phrase",
           "block", "claims absolute safety", "remove it; present the safety information instead"),
    Phrase(_p(r"\bsafe\b"), "misleading-phrase", "warn", "'safe' must not stand unqualified",
           "qualify it (for whom, under what conditions) or remove it"),
    Phrase(_p(r"\b(no|without( any)?|free of)\s+"
              r"(side[- ]effects?|adverse (effects?|reactions?)|risks?)\b"),
           "misleading-phrase", "block", "suggests it has no side effects",
           "remove it; every medicine can have side effects"),
    Phrase(_p(r"\brisk[- ]free\b"), "misleading-phrase", "block",
           "suggests it carries no risk", "remove it"),
    Phrase(_p(r"\b(the\s+best|best[- ]in[- ]class|number one|no\.\s?1)\b|#\s?1\b"),
           "misleading-phrase", "block", "a superlative",
           "state the specific, referenced fact instead"),
    Phrase(_p(r"\bmiracle\w*\b|\bbreakthrough\b|\brevolutionary\b"), "misleading-phrase", "block",
           "exaggerated wording", "describe the product plainly"),
    Phrase(_p(r"\b100\s?%"), "misleading-phrase", "block",
           "an absolute figure", "use the referenced figure from the study"),
    Phrase(_p(r"\bclinically (proven|tested)\b"), "misleading-phrase", "block",
           "'clinically proven' needs the study behind it",
           "add the study as a referenced claim in the brief, and say what it showed"),
    Phrase(_p(r"\bnew\b"), "new-within-12-months", "warn",
           "'new' only for under 12 months of general availability",
           "confirm availability is under 12 months, or remove 'new'", ("uk",)),
)  # fmt: skip
