"""A resume version as PDF, in three layouts, with the project's CJK font (core.pdf).

The header (name, contact, major) comes from the graduate record at rendering time; the body
from the version's frozen sections, so the same version always prints the same text."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from fpdf import FPDF

from core.pdf import CJK_FAMILY, cjk_font_path
from tenant_apps.employment.resumes.enums import Layout, Section

NBSP = "\u00a0"  # Chinese wraps by character; plain spaces would make fpdf2 break the line at them
ACCENT = (28, 94, 160)
GREY = (110, 110, 110)
BODY_ORDER = [key for key, _ in Section.choices]


# Speed (under 1 s a PDF): parsing the whole WenQuanYi collection (about 28,000 glyphs) costs
# over a second per document. Resumes are set in a subset of the same font holding the
# GB 2312 characters, built once per machine (a few seconds) and kept next to the temp files;
# a resume with a character outside it (a rare name) is set in the full font instead.
EXTRA_CODEPOINTS = (0xA0, 0xB7, 0xD7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2103, 0x2192, 0x25CF)


def _subset_codepoints() -> set[int]:
    codepoints = set(range(0x20, 0x7F)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | set(EXTRA_CODEPOINTS)
    for codepoint in range(0x4E00, 0x9FA6):
        try:
            chr(codepoint).encode("gb2312")
        except UnicodeEncodeError:
            continue
        codepoints.add(codepoint)
    return codepoints


@lru_cache(maxsize=1)
def subset_font() -> tuple[str, frozenset[int]]:
    """(path of the GB 2312 subset of the CJK font, the code points it covers)."""
    from fontTools import subset, ttLib

    source = cjk_font_path()
    stamp = hashlib.sha256(f"{source}:{os.path.getsize(source)}:v1".encode()).hexdigest()[:12]
    path = os.path.join(tempfile.gettempdir(), f"resume-cjk-gb2312-{stamp}.ttf")
    codepoints = _subset_codepoints()
    if not os.path.exists(path):
        font = ttLib.TTFont(source, fontNumber=0, recalcTimestamp=False)
        options = subset.Options(notdef_outline=True, recommended_glyphs=True, name_IDs=["*"], hinting=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        partial = f"{path}.{os.getpid()}.part"
        font.save(partial)
        os.replace(partial, path)  # atomic: a concurrent builder never sees half a file
    return path, frozenset(codepoints)


def _pdf_for(texts: list[str]) -> FPDF:
    path, covered = subset_font()
    if any(ord(ch) not in covered for text in texts for ch in text if ch not in "\n\t"):
        path = cjk_font_path()
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font(CJK_FAMILY, "", path, collection_font_number=0)
    pdf.set_font(CJK_FAMILY, size=12)
    return pdf


def _text(value: str) -> str:
    return (value or "").replace(" ", NBSP)


def _contact_lines(profile: dict) -> list[str]:
    lines = []
    if profile.get("phone"):
        lines.append(f"电话：{profile['phone']}")
    if profile.get("email"):
        lines.append(f"邮箱：{profile['email']}")
    return lines


def _facts(profile: dict) -> list[str]:
    facts = [profile.get("gender"), profile.get("political_status"), profile.get("education"),
             f"{profile['graduation_year']} 届" if profile.get("graduation_year") else ""]
    return [f for f in facts if f]


def _section_heading(pdf: FPDF, label: str, *, width: float, x: float | None = None, size: int = 13) -> None:
    if x is not None:
        pdf.set_x(x)
    pdf.set_font(CJK_FAMILY, size=size)
    pdf.set_text_color(*ACCENT)
    pdf.cell(width, 8, label, new_x="LMARGIN" if x is None else "LEFT", new_y="NEXT")
    y = pdf.get_y()
    left = x if x is not None else pdf.l_margin
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.line(left, y, left + width, y)
    pdf.ln(1.5)
    pdf.set_text_color(0, 0, 0)


def _body(pdf: FPDF, text: str, *, width: float, x: float | None = None, size: float = 10.5, line: float = 6) -> None:
    pdf.set_font(CJK_FAMILY, size=size)
    for paragraph in text.splitlines() or [""]:
        if x is not None:
            pdf.set_x(x)
        if not paragraph.strip():
            pdf.ln(line / 2)
            continue
        pdf.multi_cell(width, line, _text(paragraph), new_x="LMARGIN" if x is None else "LEFT", new_y="NEXT", align="L")
    pdf.ln(2)


def _classic(pdf: FPDF, *, profile: dict, sections: dict, title: str) -> None:
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(CJK_FAMILY, size=24)
    pdf.cell(width, 13, profile.get("name") or "", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(CJK_FAMILY, size=10.5)
    pdf.set_text_color(*GREY)
    line = " | ".join(_facts(profile) + [p for p in (profile.get("college"), profile.get("major")) if p])
    pdf.cell(width, 6, _text(line), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.cell(width, 6, _text("　".join(_contact_lines(profile))), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    for key in BODY_ORDER:
        if sections.get(key):
            _section_heading(pdf, Section(key).label, width=width)
            _body(pdf, sections[key], width=width)


def _sidebar(pdf: FPDF, *, profile: dict, sections: dict, title: str) -> None:
    """Personal data in a coloured left column, the sections on the right."""
    side_width, gap = 58, 6
    pdf.set_margins(side_width + gap, 14, 14)
    pdf.set_auto_page_break(auto=True, margin=14)

    def sidebar() -> None:
        pdf.set_fill_color(236, 242, 249)
        pdf.rect(0, 0, side_width, pdf.h, style="F")
        pdf.set_xy(8, 18)
        pdf.set_font(CJK_FAMILY, size=20)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(side_width - 14, 10, _text(profile.get("name") or ""), new_x="LEFT", new_y="NEXT")
        pdf.ln(3)
        pdf.set_text_color(40, 40, 40)
        pdf.set_font(CJK_FAMILY, size=9.5)
        for label, value in (("学院", profile.get("college")), ("专业", profile.get("major")), ("学历", profile.get("education")),
                             ("届别", f"{profile['graduation_year']} 届" if profile.get("graduation_year") else ""),
                             ("性别", profile.get("gender")), ("政治面貌", profile.get("political_status")),
                             ("电话", profile.get("phone")), ("邮箱", profile.get("email"))):
            if not value:
                continue
            pdf.set_x(8)
            pdf.set_text_color(*GREY)
            pdf.cell(side_width - 14, 5, label, new_x="LEFT", new_y="NEXT")
            pdf.set_x(8)
            pdf.set_text_color(20, 20, 20)
            pdf.multi_cell(side_width - 14, 5.5, _text(value), new_x="LEFT", new_y="NEXT")
            pdf.ln(1.5)
        pdf.set_xy(pdf.l_margin, pdf.t_margin)

    pdf.add_page()
    sidebar()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for key in BODY_ORDER:
        if sections.get(key):
            if pdf.get_y() > pdf.h - 40:
                pdf.add_page()
                sidebar()
            _section_heading(pdf, Section(key).label, width=width, size=12)
            _body(pdf, sections[key], width=width, size=10)


def _compact(pdf: FPDF, *, profile: dict, sections: dict, title: str) -> None:
    """Small type, headings in the left gutter: fits most students on one page."""
    pdf.set_margins(12, 10, 12)
    pdf.set_auto_page_break(auto=True, margin=10)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    top = pdf.get_y()
    pdf.set_font(CJK_FAMILY, size=18)
    pdf.cell(60, 10, profile.get("name") or "")
    pdf.set_font(CJK_FAMILY, size=9)
    pdf.set_text_color(*GREY)
    pdf.set_xy(pdf.l_margin + 60, top)
    pdf.cell(width - 60, 5, _text(" | ".join(_facts(profile) + [p for p in (profile.get("college"), profile.get("major")) if p])), align="R",
             new_x="LEFT", new_y="NEXT")
    pdf.cell(width - 60, 5, _text("　".join(_contact_lines(profile))), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + width, pdf.get_y() + 1)
    pdf.ln(3)
    pdf.set_text_color(0, 0, 0)
    gutter = 24
    for key in BODY_ORDER:
        if not sections.get(key):
            continue
        top = pdf.get_y()
        pdf.set_font(CJK_FAMILY, size=10)
        pdf.set_text_color(*ACCENT)
        pdf.cell(gutter, 5.2, Section(key).label)
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin + gutter, top)
        _body(pdf, sections[key], width=width - gutter, x=pdf.l_margin + gutter, size=9, line=5.2)
        pdf.set_x(pdf.l_margin)


RENDERERS = {Layout.CLASSIC: _classic, Layout.SIDEBAR: _sidebar, Layout.COMPACT: _compact}


def resume_pdf(*, version, profile: dict, layout: str | None = None, title: str = "") -> bytes:
    """PDF bytes of `version` with the header `profile` (selectors.profile_for)."""
    resume = version.resume
    layout = layout if layout in RENDERERS else resume.layout
    sections = {key: str(value or "") for key, value in (version.sections or {}).items()}
    pdf = _pdf_for([*(str(v or "") for v in profile.values()), *sections.values(), title or resume.title])
    pdf.set_title(title or resume.title)
    pdf.set_author(profile.get("name") or "")
    pdf.set_creator("就业服务平台")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(18, 16, 18)
    RENDERERS[layout](pdf, profile=profile, sections=sections, title=title)
    return bytes(pdf.output())


def pdf_http_response(resume, params, *, profile: dict, version=None) -> HttpResponse:
    number = str(params.get("v") or "")
    version = version or (resume.versions.filter(number=int(number)).first() if number.isdigit() else resume.current_version)
    if version is None:
        raise Http404
    layout = params.get("layout") if params.get("layout") in Layout.values else resume.layout
    content = resume_pdf(version=version, profile=profile, layout=layout)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{profile.get('name') or '简历'}-{resume.title}-v{version.number}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response
