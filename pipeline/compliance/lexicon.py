"""Words regulators single out: each row names the rule it comes from and says what to write.

Matched case-insensitively on whole words in everything a video shows or says (slides, narration,
captions, the post caption). A row's markets narrow where it applies; its severity may be softer
than its rule's (a "safe" that might be qualified is a warning, "100% safe" is not). Every phrase
the issue lists (cure, unqualified safe, no side effects, guaranteed, best, #1, clinically
proven, miracle, 100 %, new) has a row in every market; `tests/pipeline/test_lexicon.py` holds
each against each profile.

"New" depends on a date: a row with `window_months` allows the word for that long after the
brief's `available_since` and blocks it afterwards; without the date it asks for it (warn).
The windows: 12 months in the UK (ABPI Code of Practice 2024, "new" for products or indications
generally available for no more than twelve months) and the EU (the same twelve months, a
reelflow proxy under Directive 2001/83/EC Art. 87(3): objective, not misleading); 6 months in the
US (FTC Advisory Opinion No. 120, 1967, on the word "new").
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
    window_months: int | None = None
    """For date-bound wording ("new"): how long after `available_since` it may be used."""


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
    Phrase(_p(r"\bnew\b"), "new-wording", "block",
           "'new' only for 12 months after general availability",
           "remove 'new', or set available_since if it is under 12 months", ("uk", "eu"), 12),
    Phrase(_p(r"\bnew\b"), "new-wording", "block",
           "'new' only for 6 months after general availability",
           "remove 'new', or set available_since if it is under 6 months", ("us",), 6),
)  # fmt: skip
