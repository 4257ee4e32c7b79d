"""Guest cards: a printable A4 PDF, eight cards a page, each with the name, ticket type, seat and
the e-ticket QR (the door scans the card like the phone)."""

from __future__ import annotations

import io

import segno

from core.pdf import CJK_FAMILY, new_pdf

CARD_W, CARD_H, MARGIN = 95.0, 65.0, 10.0


def badges_pdf(activity, registrations) -> bytes:
    pdf = new_pdf()
    pdf.set_auto_page_break(False)
    for index, registration in enumerate(registrations):
        slot = index % 8
        if slot == 0:
            pdf.add_page()
        x = MARGIN + (slot % 2) * CARD_W
        y = MARGIN + (slot // 2) * CARD_H
        pdf.set_draw_color(200, 16, 46)
        pdf.rect(x + 2, y + 2, CARD_W - 4, CARD_H - 4)
        pdf.set_xy(x + 5, y + 6)
        pdf.set_font(CJK_FAMILY, size=9)
        pdf.cell(CARD_W - 45, 5, activity.title[:20])
        pdf.set_xy(x + 5, y + 16)
        pdf.set_font(CJK_FAMILY, size=20)
        pdf.cell(CARD_W - 45, 10, registration.attendee_name[:6])
        pdf.set_font(CJK_FAMILY, size=10)
        pdf.set_xy(x + 5, y + 32)
        pdf.cell(CARD_W - 45, 6, registration.ticket_type.name)
        if registration.seat_label:
            pdf.set_xy(x + 5, y + 40)
            pdf.cell(CARD_W - 45, 6, f"座位 {registration.seat_label}")
        if registration.ticket_code:
            buffer = io.BytesIO()
            segno.make(registration.ticket_code, error="m").save(buffer, kind="png", scale=4, border=1)
            buffer.seek(0)
            pdf.image(buffer, x=x + CARD_W - 42, y=y + 12, w=38, h=38)
            pdf.set_font(CJK_FAMILY, size=7)
            pdf.set_xy(x + CARD_W - 42, y + 51)
            pdf.cell(38, 4, registration.ticket_serial, align="C")
    if not registrations:
        pdf.add_page()
        pdf.cell(0, 10, "暂无已确认的报名")
    return bytes(pdf.output())
