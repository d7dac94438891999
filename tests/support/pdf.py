"""Reading PDFs as a reviewer would: poppler's pdftotext for the words, pdftoppm for the pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

PDFTOTEXT, PDFTOPPM = shutil.which("pdftotext"), shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(
    PDFTOTEXT is None or PDFTOPPM is None,
    reason="pdftotext/pdftoppm missing: run scripts/system-deps.sh (poppler-utils)",
)


def pdf_text(path: Path, *, raw: bool = False) -> str:
    """The PDF's text: laid out as on the page, or `raw` in the order it was written (a table
    cell's lines stay together)."""
    return subprocess.run(
        [PDFTOTEXT or "pdftotext", "-raw" if raw else "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def page_texts(path: Path) -> list[str]:
    """Each page's text (pdftotext separates pages with form feeds)."""
    pages = pdf_text(path, raw=True).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def render_pages(path: Path, folder: Path, *, dpi: int = 40) -> list[Path]:
    """Every page rendered to a PNG by pdftoppm, in page order."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [PDFTOPPM or "pdftoppm", "-r", str(dpi), "-png", str(path), str(folder / "page")],
        check=True,
        capture_output=True,
    )
    return sorted(folder.glob("page-*.png"))


def ink(png: Path) -> float:
    """Share of the page's pixels that are not near-white (0 for a blank page)."""
    grey = np.asarray(Image.open(png).convert("L"))
    return float((grey < 200).mean())
