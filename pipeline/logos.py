"""The checks a brand logo passes before any stage runs.

Every slide draws the logo, so a file that is not an image, is cut short, or decodes to billions of
pixels (a decompression bomb) would fail or exhaust memory mid-run; it is refused up front instead,
with what to do about it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

FORMATS = {"PNG", "JPEG", "WEBP"}
"""What the slides accept: lossless with transparency, or photographic."""
MAX_PIXELS = 16_000_000
"""A logo is drawn at most ~260 px wide; 16 MP (4000 x 4000) is far beyond any real one."""
MAX_BYTES = 20 * 1024 * 1024


def check_logo(path: Path) -> None:
    """Raise `ValueError` unless `path` is a complete PNG, JPEG or WebP of sane size."""
    where = f"logo file {str(path)!r}"
    if not path.is_file():
        raise ValueError(f"{where} does not exist: give a path to a PNG or JPEG")
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"{where} is over {MAX_BYTES // 2**20} MB: export it smaller (PNG)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if kind not in FORMATS:
                    raise ValueError(
                        f"{where} is a {kind} image: save it as PNG (or JPEG/WebP) and try again"
                    )
                if width * height > MAX_PIXELS:
                    raise ValueError(
                        f"{where} is {width}x{height} pixels, over {MAX_PIXELS // 10**6} "
                        "megapixels: resize it to at most 2000 px a side"
                    )
                image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValueError(
            f"{where} is not an image Pillow can read (or is enormous): give a PNG or JPEG"
        ) from None
    except (OSError, SyntaxError) as exc:
        raise ValueError(
            f"{where} is damaged or cut short ({exc}): export it again as PNG"
        ) from None
