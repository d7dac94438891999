"""The pack's PDF page: fpdf2 with Roboto embedded, a running header and numbered pages.

Roboto comes from the same `font-roboto` wheel the slides use, embedded as a TrueType subset, so
accents, Greek and Cyrillic print as they are spoken and shown (PDF core fonts are Latin-1 only)
and `pdftotext` reads the words back. A video in another script (Japanese, Arabic, Hindi …) gets
that script's Noto face, the one its slides use, as fpdf2's fallback for the characters Roboto
lacks, and HarfBuzz shaping (uharfbuzz) with the Unicode bidi algorithm, so Arabic joins and a
right-to-left line keeps a Latin brand name in its place. Latin-only packs skip both (they cost
time and change nothing there). Every page says what it is, which video and which rule
profile, and that the checks assist MLR review without being legal advice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from pipeline.compliance.report import DISCLAIMER
from pipeline.languages import language_info
from pipeline.media.fonts import FONT_DIR, ROBOTO, SCRIPT_FAMILIES, FontMissing, Weight

FAMILY = "Roboto"
HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 230, 240))
MAJOR_FILL = (255, 236, 200)
"""Rows and frames of the major statement are shaded so a reviewer finds them at a glance."""


class PackPDF(FPDF):
    """A landscape A4 page with the pack's header and footer."""

    def __init__(self, *, heading: str, subject: str, language: str = "en") -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.heading, self.subject = heading, subject
        self.add_font(FAMILY, "", str(FONT_DIR / "Roboto-Regular.ttf"))
        self.add_font(FAMILY, "B", str(FONT_DIR / "Roboto-Bold.ttf"))
        self._script_fallback(language)
        self.set_margins(10, 16, 10)
        self.set_auto_page_break(auto=True, margin=14)
        self.set_title(f"{heading}: {subject}")
        self.set_creator("reelflow")
        self.set_creation_date(datetime.now(UTC))
        self.set_font(FAMILY, size=9)

    def _script_fallback(self, language: str) -> None:
        """The language's own Noto face behind Roboto, with shaping, when its script needs it."""
        family = SCRIPT_FAMILIES.get(language_info(language).script, ROBOTO)
        if family is ROBOTO:
            return
        try:
            weights: tuple[tuple[str, Weight], ...] = (("", "Regular"), ("B", "Bold"))
            for style, weight in weights:
                path = family.require(weight)
                self.add_font(family.name, style, str(path), collection_font_number=family.index)
        except FontMissing as missing:  # the brief was checked; a font removed since is named
            raise RuntimeError(f"the MLR pack cannot print {language} text: {missing}") from None
        self.set_fallback_fonts([family.name])
        self.set_text_shaping(True)

    def header(self) -> None:
        """The document and the video it is about, on every page."""
        self.set_y(6)
        self.set_font(FAMILY, "B", 10)
        self.cell(0, 5, f"{self.heading}: {self.subject}", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, size=9)
        self.set_y(16)

    def footer(self) -> None:
        """Page n of N and the disclaimer."""
        self.set_y(-10)
        self.set_font(FAMILY, size=7)
        self.cell(0, 4, f"{DISCLAIMER}   Page {self.page_no()} of {{nb}}", align="C")
        self.set_font(FAMILY, size=9)

    def paragraph(
        self, text: str, *, size: float = 9, style: str = "", height: float = 4.5
    ) -> None:
        """A block of text across the page."""
        self.set_font(FAMILY, style, size)
        self.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, size=9)
