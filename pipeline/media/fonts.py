"""Typefaces for slides and captions: Roboto, shipped by the `font-roboto` wheel.

Shipping the font as a Python dependency keeps slides identical on every machine, with no system
font packages to install.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import font_roboto
from PIL import ImageFont

Weight = Literal["Light", "Regular", "Medium", "Bold", "Black"]
FONT_DIR = Path(font_roboto.__file__).parent / "files"


@lru_cache(maxsize=128)
def font(size: int, weight: Weight = "Regular") -> ImageFont.FreeTypeFont:
    """Roboto at `size` pixels in `weight` (cached: slides ask for the same few sizes)."""
    return ImageFont.truetype(str(FONT_DIR / f"Roboto-{weight}.ttf"), max(6, int(size)))
