"""PDF documents with Chinese text. The CJK font ships as a PyPI package
(paperang-p2-fonts-cjk: WenQuanYi Micro Hei), so no font is assumed on the machine."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

CJK_FAMILY = "cjk"


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    import paperang_p2_fonts_cjk

    return str(Path(paperang_p2_fonts_cjk.__file__).parent / "fonts" / "wqy-microhei.ttc")


def new_pdf(*, orientation: str = "portrait", unit: str = "mm", format: str = "A4") -> FPDF:
    """An FPDF document with the CJK font registered as `cjk` (regular and 'bold' alias)."""
    pdf = FPDF(orientation=orientation, unit=unit, format=format)
    pdf.add_font(CJK_FAMILY, "", cjk_font_path(), collection_font_number=0)
    pdf.add_font(CJK_FAMILY, "B", cjk_font_path(), collection_font_number=0)
    pdf.set_font(CJK_FAMILY, size=12)
    return pdf
