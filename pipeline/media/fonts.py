"""Typefaces for slides and captions: Roboto for Latin, Greek and Cyrillic, Noto for the rest.

Roboto ships in the `font-roboto` wheel, so a Latin-only brief renders on any machine with no
system package. The other scripts use Google's Noto families from Debian's packages, which
`scripts/system-deps.sh` installs: `fonts-noto-core` (Arabic, Hebrew, Devanagari, Thai and Noto
Sans for Latin, Greek and Cyrillic characters Roboto lacks) and `fonts-noto-cjk` (Chinese,
Japanese, Korean; one collection whose faces differ in the Han forms each locale expects).

Each family is opened only when a text first needs it (`lru_cache`), so a Japanese video pays for
the 20 MB CJK collection once, and a Latin one never does. Which characters a font covers is read
from its `cmap` table (`pipeline.media.cmap`); `pipeline.media.text` uses that to give each
character the first font in the language's chain that has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import font_roboto
from PIL import ImageFont

from pipeline.media.cmap import read_cmap

Weight = Literal["Light", "Regular", "Medium", "Bold", "Black"]
FONT_DIR = Path(font_roboto.__file__).parent / "files"
NOTO_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
_NOTO_WEIGHT: dict[str, str] = {  # Debian ships Noto in Regular and Bold only
    "Light": "Regular",
    "Regular": "Regular",
    "Medium": "Bold",
    "Bold": "Bold",
    "Black": "Bold",
}


class FontMissing(RuntimeError):
    """A script's font is not installed; the message names the Debian package that ships it."""


@dataclass(frozen=True, eq=False)
class Family:
    """One typeface: its file name pattern, the face index in a collection, where it comes from.

    `pattern` has a `{weight}` field; `package` is the Debian package to install, or None for the
    wheel-shipped Roboto. Families are module constants, compared and hashed by identity: they
    key the font caches, looked up for every line measured.
    """

    name: str
    pattern: str
    package: str | None = None
    index: int = 0

    def path(self, weight: Weight) -> Path | None:
        """The file for `weight`, or None when the family is not installed."""
        if self.package is None:
            return FONT_DIR / self.pattern.format(weight=weight)
        return _find(self.pattern.format(weight=_NOTO_WEIGHT[weight]))

    def require(self, weight: Weight) -> Path:
        """The file for `weight`, or `FontMissing` saying what to install."""
        path = self.path(weight)
        if path is None:
            raise FontMissing(
                f"{self.name} is not installed, so text in its script would render as empty "
                f"boxes: install the Debian package {self.package} "
                f"(`apt-get install {self.package}`, or run scripts/system-deps.sh)"
            )
        return path


ROBOTO = Family("Roboto", "Roboto-{weight}.ttf")
NOTO_SANS = Family("Noto Sans", "NotoSans-{weight}.ttf", "fonts-noto-core")
NOTO_ARABIC = Family("Noto Sans Arabic", "NotoSansArabic-{weight}.ttf", "fonts-noto-core")
NOTO_HEBREW = Family("Noto Sans Hebrew", "NotoSansHebrew-{weight}.ttf", "fonts-noto-core")
NOTO_DEVANAGARI = Family(
    "Noto Sans Devanagari", "NotoSansDevanagari-{weight}.ttf", "fonts-noto-core"
)
NOTO_THAI = Family("Noto Sans Thai", "NotoSansThai-{weight}.ttf", "fonts-noto-core")
# Noto Sans CJK collections hold the JP, KR, SC, TC and HK faces in this order.
NOTO_CJK_JP = Family("Noto Sans CJK JP", "NotoSansCJK-{weight}.ttc", "fonts-noto-cjk", 0)
NOTO_CJK_KR = Family("Noto Sans CJK KR", "NotoSansCJK-{weight}.ttc", "fonts-noto-cjk", 1)
NOTO_CJK_SC = Family("Noto Sans CJK SC", "NotoSansCJK-{weight}.ttc", "fonts-noto-cjk", 2)
NOTO_CJK_TC = Family("Noto Sans CJK TC", "NotoSansCJK-{weight}.ttc", "fonts-noto-cjk", 3)

SCRIPT_FAMILIES: dict[str, Family] = {
    "Latn": ROBOTO,
    "Grek": ROBOTO,
    "Cyrl": ROBOTO,
    "Jpan": NOTO_CJK_JP,
    "Kore": NOTO_CJK_KR,
    "Hans": NOTO_CJK_SC,
    "Hant": NOTO_CJK_TC,
    "Arab": NOTO_ARABIC,
    "Hebr": NOTO_HEBREW,
    "Deva": NOTO_DEVANAGARI,
    "Thai": NOTO_THAI,
}
"""The font each script is lettered in (ISO 15924 codes, as `pipeline.languages` names them)."""

FALLBACKS: tuple[Family, ...] = (
    NOTO_SANS,
    NOTO_ARABIC,
    NOTO_HEBREW,
    NOTO_DEVANAGARI,
    NOTO_THAI,
    NOTO_CJK_JP,
)
"""Tried, when installed, for characters the language's own fonts lack (a Greek letter in a
Japanese line, an Arabic name in an English one); missing ones are skipped, not an error."""


@lru_cache(maxsize=128)
def font(size: int, weight: Weight = "Regular") -> ImageFont.FreeTypeFont:
    """Roboto at `size` pixels in `weight` (cached: slides ask for the same few sizes)."""
    return ImageFont.truetype(str(FONT_DIR / f"Roboto-{weight}.ttf"), max(6, int(size)))


@lru_cache(maxsize=512)
def face(family: Family, size: int, weight: Weight = "Regular") -> ImageFont.FreeTypeFont:
    """`family` at `size` pixels in `weight`, with Pillow's raqm layout (shaping and bidi)."""
    if family == ROBOTO:
        return font(size, weight)
    return ImageFont.truetype(
        str(family.require(weight)),
        max(6, int(size)),
        index=family.index,
        layout_engine=ImageFont.Layout.RAQM,
    )


@lru_cache(maxsize=64)
def coverage(family: Family, weight: Weight = "Regular") -> frozenset[int]:
    """The code points `family` has glyphs for (its best Unicode `cmap` subtable)."""
    return read_cmap(family.require(weight), family.index)


def installed(family: Family) -> bool:
    """True when the family's Regular file is on this machine."""
    return family.path("Regular") is not None


@lru_cache(maxsize=64)
def _find(name: str) -> Path | None:
    for directory in NOTO_DIRS:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None
