"""How long each narration line is: a ladder of lengths per scene, and feedback that walks it.

A reviewer who asks for "shorter" expects fewer words than the draft they just read, not a
rewording that happens to be longer. So a line's length is not re-derived from a word budget on
every draft: each scene has a ladder of versions of its line in strictly increasing word count
(the briefest faithful phrasing, the opener dropped, user texts cut to their main clause, then
the essentials, then one shared detail more per rung), the first draft stands on the rung nearest
its word budget, and every "shorter"/"longer" note moves it at least one rung down or up. A length
note also keeps the scene's wording variant, so the only change the reviewer sees is the length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pipeline.providers.writer.feedback import LENGTH_FACTORS, mentions, style_from_notes
from pipeline.revision import Revision, scenes_named

Kind = Literal["opener", "alternative", "short", "user", "rule", "detail"]
"""A sentence's role: our opener, another variant's, its brief stand-in, user text, a user's
rule that must be said whole (compliance), a detail."""
Option = tuple[str, Kind]

_SECONDARY = re.compile(
    r"\s*(?:;|\s[—–]\s|,\s+(?=(?:the|a|an|which|who|that|where|no|so|but|and|then|with|without|"
    r"including|especially)\b))",
    re.IGNORECASE,
)


def length_steps(revision: Revision, index: int) -> list[int]:
    """Net "longer" minus "shorter" that each regenerate's feedback asked of scene `index`."""
    return [
        style_from_notes(Revision(version=2, feedback=(text,)).notes_for_scene(index)).length
        for text in revision.feedback
    ]


def wording_take(revision: Revision, index: int) -> int:
    """Which wording take scene `index` is on: regenerates for it that asked for no length change.

    A regenerate that only asks for a length keeps the wording, so the reviewer can compare.
    """
    steps = length_steps(revision, index)
    return 1 + sum(
        1
        for text, step in zip(revision.feedback, steps, strict=True)
        if step == 0 and (not (named := scenes_named(text)) or index in named)
    )


def without_removed(options: list[Option], topics: Iterable[str], fallback: str) -> list[Option]:
    """Drop sentences about removed topics; a line left with nothing to say says `fallback`.

    A line's shortest rung is its opener and the user's texts: when the removal took those and
    left only details, the first detail becomes the opener, or a "shorter" note would walk the
    line down to no words at all.
    """
    topics = tuple(topics)
    kept = [(text, kind) for text, kind in options if not any(mentions(text, t) for t in topics)]
    if any(kind in ("opener", "user", "rule") for _, kind in kept):
        return kept
    details = [text for text, kind in kept if kind == "detail"]
    if details:
        return [(details[0], "opener"), *((text, "detail") for text in details[1:])]
    if any(mentions(fallback, t) for t in topics):
        fallback = "Let's move on."
    return [(fallback, "opener")]


def main_clause(text: str) -> str:
    """`text` without parentheticals and trailing secondary clauses, still a sentence."""
    text = re.sub(r"\s*\([^)]*\)", "", text).strip()
    head = _SECONDARY.split(text, maxsplit=1)[0].rstrip(" ,.;:")
    if head == text.rstrip(".") or len(head.split()) < 3:
        return text
    return f"{head}."


def ladder(options: list[Option]) -> tuple[list[list[str]], range]:
    """The line's versions in strictly increasing word count; which rungs a first draft may use.

    Below the essentials: the opener said briefly, then dropped when the user's texts carry the
    line, then the user's texts cut to their main clause. Above: one more shared detail per rung,
    then, with every detail said, another variant's longer opener (only when asked for longer).
    """
    opener = [text for text, kind in options if kind == "opener"]
    short = [text for text, kind in options if kind == "short"]
    user = [text for text, kind in options if kind in ("user", "rule")]
    whole = {text for text, kind in options if kind == "rule"}  # never cut to a clause
    details = [text for text, kind in options if kind == "detail"]
    essentials = opener + user
    if not essentials and details:  # opener removed by feedback: a detail carries the line
        essentials, details = details[:1], details[1:]
    briefer = [essentials]
    if short and opener:
        briefer.append(short + user)
    if user:
        briefer.append(user)
        briefer.append([text if text in whole else main_clause(text) for text in user])
    lower: list[list[str]] = []
    for words in briefer[1:]:
        if _count(words) < _count(lower[-1] if lower else essentials):
            lower.append(words)
    upper = [essentials + details[:n] for n in range(1, len(details) + 1)]
    drafts = range(len(lower), len(lower) + len(upper) + 1)
    alternatives = [text for text, kind in options if kind == "alternative"]
    for text in sorted(alternatives, key=lambda text: len(text.split())) if opener else []:
        fuller = [text, *user, *details]
        if _count(fuller) > _count(upper[-1] if upper else essentials):
            upper.append(fuller)
    return [*reversed(lower), essentials, *upper], drafts


def rung_for(counts: list[int], drafts: range, budget: float, steps: Iterable[int]) -> int:
    """Stand on the `drafts` rung nearest `budget`, then walk the length notes.

    Each note moves at least one rung per step it asks for, and among the drafts' rungs as far as
    the scaled budget says; beyond them (briefer than the essentials, or past every detail) one
    rung per step, so repeated notes keep having an effect until the ladder ends.
    """

    def nearest(words: float, among: range = range(len(counts))) -> int:
        return min(among, key=lambda i: (abs(counts[i] - words), i))

    rung, length, top = nearest(budget, drafts), 0, len(counts) - 1
    for step in steps:
        if step == 0:
            continue
        length += step
        target = nearest(budget * LENGTH_FACTORS[max(-3, min(3, length))], drafts)
        if step < 0:
            rung = max(0, min(target if rung > drafts.start else rung, rung + step))
        else:
            rung = min(top, max(target if rung < drafts.stop - 1 else rung, rung + step))
    return rung


def fit_line(options: list[Option], budget: float, steps: Iterable[int]) -> list[str]:
    """The sentences of a line near `budget` words, moved along its ladder by the length notes."""
    rungs, drafts = ladder(options)
    return rungs[rung_for([_count(r) for r in rungs], drafts, budget, steps)]


def _count(sentences: list[str]) -> int:
    return sum(len(text.split()) for text in sentences)
