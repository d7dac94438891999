"""Where a line may break, in every script, and the one greedy wrapper slides and captions share.

Spaced scripts (Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Korean) break at spaces.
Chinese and Japanese have no spaces: a line may break between any two characters except where
the Japanese line-breaking rules (kinsoku shori, JIS X 4051; W3C "Requirements for Japanese Text
Layout" §3.1.7) forbid it: no line starts with closing brackets, full stops, commas, small kana or
the prolonged sound mark, and none ends with an opening bracket. A run of Latin letters or digits
inside them ("Glucomax 10mg") stays whole. Thai has no spaces between words and must not break
inside one, so Thai text is cut into words by PyThaiNLP's dictionary segmenter (`newmm`, maximal
matching over its bundled Thai word list), loaded on first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

Segment = tuple[str, str]  # (joiner before the unit: " " or "", unbreakable unit)

NO_LINE_START = frozenset(
    ")]}）］｝〕〉》」』】〙〗〟'\"｠»"  # closing brackets and quotes
    "、。，．,.:;：；!?！？‼⁇⁈⁉・‥…"  # punctuation that ends a phrase
    "ゝゞヽヾーぁぃぅぇぉっゃゅょゎゕゖ"  # small hiragana, iteration marks, prolonged sound
    "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"  # small katakana
    "゠〜～%％‰℃°"
)
NO_LINE_END = frozenset("([{（［｛〔〈《「『【〘〖〝'\"｟«$￥＄£￡€")

_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u30ff\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_THAI = re.compile(r"[\u0e00-\u0e7f]+")


def segments(text: str) -> list[Segment]:
    """`text` as unbreakable units, each with what joins it to the unit before it."""
    out: list[Segment] = []
    for word in text.split():
        parts = _split_word(word)
        out.extend((" " if i == 0 and out else "", part) for i, part in enumerate(parts))
    return out


@lru_cache(maxsize=4096)
def _split_word(word: str) -> tuple[str, ...]:
    if _THAI.search(word):
        return _thai_units(word)
    if not _CJK.search(word):
        return (word,)
    return tuple(_kinsoku(_cjk_units(word)))


def _cjk_units(word: str) -> list[str]:
    """Every CJK character its own unit; runs of other characters (Latin, digits) kept whole."""
    units: list[str] = []
    for ch in word:
        if _CJK.match(ch) or not units or _CJK.match(units[-1][-1]):
            units.append(ch)
        else:
            units[-1] += ch
    return units


def _kinsoku(units: list[str]) -> list[str]:
    """Glue forbidden line starts to the unit before and forbidden line ends to the one after."""
    glued: list[str] = []
    carry = ""
    for unit in units:
        unit = carry + unit
        carry = ""
        if glued and unit[0] in NO_LINE_START:
            glued[-1] += unit
        elif unit[-1] in NO_LINE_END:
            carry = unit
        else:
            glued.append(unit)
    if carry:
        if glued:
            glued[-1] += carry
        else:
            glued.append(carry)
    return glued


class _ThaiWords:
    """PyThaiNLP's Thai word list as a set, for its `newmm` segmenter.

    It answers the one question the segmenter asks of a dictionary: which words start here.
    PyThaiNLP's own trie takes about a second to build from the 62,000 words; a set takes a
    twentieth of that, and the segmenter's answers are the same (tests compare them).
    """

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self.longest = max(map(len, words))

    def __len__(self) -> int:
        return len(self.words)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Every dictionary word that `text` has at `start`, shortest first."""
        end = min(len(text), start + self.longest)
        return [text[start:i] for i in range(start + 1, end + 1) if text[start:i] in self.words]


@lru_cache(maxsize=1)
def _thai_words() -> _ThaiWords:
    from pythainlp.corpus import thai_words

    return _ThaiWords(frozenset(w.strip() for w in thai_words() if w.strip()))


def _thai_units(word: str) -> tuple[str, ...]:
    """Thai words from PyThaiNLP's dictionary segmenter; non-Thai stretches stay as they are.

    `newmm` is maximal matching over the dictionary within Thai character clusters.
    """
    from pythainlp.tokenize import newmm

    units: list[str] = []
    for token in newmm.segment(word, custom_dict=_thai_words()):  # type: ignore[arg-type]
        if units and not _THAI.match(token) and not token[0].isalnum():
            units[-1] += token  # punctuation stays with the word before it
        else:
            units.append(token)
    return tuple(_kinsoku(units))


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy wrap of `text` to `width` by `measure` (pixels of a line), at allowed breaks only.

    Paragraphs (a newline) always break. A unit wider than a whole line is the one case broken by
    character, as the last resort.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for joiner, unit in segments(paragraph):
            candidate = f"{current}{joiner}{unit}" if current else unit
            if measure(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = unit
            while measure(current) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and measure(current[:cut]) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


def units(text: str) -> list[str]:
    """The unbreakable units of `text` (what a fitter must not split unless nothing else fits)."""
    return [unit for _, unit in segments(text)]
