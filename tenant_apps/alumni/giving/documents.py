"""The donation certificate (捐赠证书) as a PDF: the project's design, the wording with the donor's
name and amount, a QR opening the public verification page, and the foundation's seal only
when the gift reaches the amount the school set. Chinese text through core.pdf's bundled font.
A certificate is recognition, not the receipt: the page says so."""

from __future__ import annotations

import contextlib
import io
import math

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from fpdf.enums import WrapMode

from core.pdf import CJK_FAMILY, new_pdf
from tenant_apps.alumni.giving import selectors
from tenant_apps.alumni.giving.enums import DonationStatus
from tenant_apps.alumni.giving.models import Donation

DESIGNS = {
    # frame colour, accent colour (RGB)
    "classic": ((178, 34, 34), (200, 16, 46)),
    "campus": ((31, 78, 140), (21, 101, 192)),
    "jade": ((46, 125, 50), (0, 121, 107)),
}


def _qr_png(url: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def certificate_text(donation: Donation) -> str:
    project = donation.project
    text = project.certificate_text or "{name} 惠捐人民币 {amount} 元，支持“{project}”。"
    with contextlib.suppress(KeyError, IndexError, ValueError):
        text = text.format(name=donation.donor_name, amount=donation.amount_yuan, project=project.title)
    return text


def _seal(pdf, cx: float, cy: float, radius: float, text: str) -> None:
    """A round red seal: double ring, the name along the upper arc, a star in the middle."""
    pdf.set_draw_color(212, 0, 0)
    pdf.set_text_color(212, 0, 0)
    pdf.set_line_width(1.2)
    pdf.circle(x=cx, y=cy, radius=radius)
    pdf.set_line_width(0.4)
    pdf.circle(x=cx, y=cy, radius=radius - 2)
    chars = list(text[:16]) or ["印"]
    size = max(7.0, min(12.0, 150 / max(len(chars), 1)))
    pdf.set_font(CJK_FAMILY, size=size)
    span = min(250.0, 18.0 * len(chars))
    for index, char in enumerate(chars):
        angle = -span / 2 + (span * (index + 0.5) / len(chars))  # degrees from the top, clockwise
        rad = math.radians(angle)
        x = cx + (radius - 6) * math.sin(rad)
        y = cy - (radius - 6) * math.cos(rad)
        with pdf.rotation(-angle, x=x, y=y):
            pdf.text(x - size * 0.176, y + size * 0.176, char)
    pdf.set_font(CJK_FAMILY, size=radius * 1.6)
    pdf.text(cx - radius * 0.28, cy + radius * 0.3, "★")


def certificate_pdf(donation: Donation, *, verify_url: str, foundation: str, seal_text: str = "") -> bytes:
    """A4 landscape certificate of a paid gift that has one (see services.certificate_policy)."""
    project = donation.project
    frame, accent = DESIGNS.get(project.certificate_design, DESIGNS["classic"])
    pdf = new_pdf(orientation="landscape")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_fill_color(255, 252, 245)
    pdf.rect(0, 0, pdf.w, pdf.h, style="F")
    pdf.set_draw_color(*frame)
    pdf.set_line_width(2.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.6)
    pdf.rect(15, 15, pdf.w - 30, pdf.h - 30)
    pdf.set_text_color(*accent)
    pdf.set_font(CJK_FAMILY, size=34)
    pdf.set_xy(0, 32)
    pdf.cell(pdf.w, 16, project.certificate_title or "捐赠证书", align="C")
    pdf.set_text_color(31, 35, 41)
    pdf.set_font(CJK_FAMILY, size=18)
    pdf.set_xy(40, 66)
    pdf.cell(0, 10, f"尊敬的 {donation.donor_name}：")
    pdf.set_font(CJK_FAMILY, size=15)
    pdf.set_xy(48, 84)
    pdf.multi_cell(pdf.w - 96, 10, certificate_text(donation), align="L", wrapmode=WrapMode.CHAR)
    pdf.set_font(CJK_FAMILY, size=10)
    pdf.set_text_color(90, 90, 90)
    pdf.set_xy(40, 150)
    pdf.cell(0, 6, f"证书编号：{donation.certificate_number}")
    pdf.set_xy(40, 157)
    pdf.cell(0, 6, f"捐赠编号：{donation.number}    到账日期：{timezone.localtime(donation.paid_at):%Y年%m月%d日}")
    pdf.set_xy(40, 164)
    pdf.cell(0, 6, "本证书为荣誉证明，不作为财务报销或税前扣除凭证；捐赠票据由基金会另行开具。")
    pdf.set_text_color(31, 35, 41)
    pdf.set_font(CJK_FAMILY, size=14)
    pdf.set_xy(150, 128)
    pdf.cell(100, 8, foundation, align="C")
    pdf.set_xy(150, 137)
    pdf.cell(100, 8, f"{timezone.localtime(donation.certificate_issued_at or donation.paid_at):%Y年%m月%d日}", align="C")
    if donation.certificate_has_seal:
        _seal(pdf, 200, 128, 20, seal_text or foundation)
    pdf.image(io.BytesIO(_qr_png(verify_url)), x=pdf.w - 58, y=pdf.h - 66, w=34, h=34)
    pdf.set_font(CJK_FAMILY, size=8)
    pdf.set_text_color(90, 90, 90)
    pdf.set_xy(pdf.w - 64, pdf.h - 31)
    pdf.cell(46, 4, "扫码验证证书真伪", align="C")
    return bytes(pdf.output())


def verify_url(request, donation: Donation) -> str:
    """The public verification page the certificate's QR opens (the signed code is the credential)."""
    return request.build_absolute_uri(reverse("h5:alumni_giving:verify", args=[donation.certificate_code]))


def certificate_response(request, donation: Donation) -> HttpResponse:
    """The certificate PDF as a download, for the donor (H5, API) and for staff (back office)."""
    if not donation.certificate_code or donation.status != DonationStatus.PAID:
        raise Http404
    policy = selectors.giving_settings()
    foundation = policy.foundation_name or getattr(getattr(request, "tenant", None), "name", "") or "教育基金会"
    content = certificate_pdf(donation, verify_url=verify_url(request, donation), foundation=foundation, seal_text=policy.seal_text)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"捐赠证书-{donation.certificate_number}.pdf")
    return response
